package catalog

import (
	"fmt"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/workflow"
)

// Where the unit that acts in a step comes from, relative to the dossier: since 2025 the desk
// that receives is often not the competent unit.
const (
	AtReceiving = "receiving"
	AtCompetent = "competent"
)

// Step is one step of a process template.
type Step struct {
	Key  string        `json:"key"`
	Name string        `json:"name"`
	Role workflow.Role `json:"role"`
	// Unit is "receiving", "competent" or a fixed agency code.
	Unit string `json:"unit"`
	// BudgetHours is the step's share of the legal time, in working hours (fractions allowed).
	BudgetHours float64 `json:"budget_hours"`
	// Sign says which certificate signs the result when the step is completed: "organisation"
	// (the unit's seal — the stamp step), "personal" (the actor's own — an approval), or "".
	Sign string `json:"sign,omitempty"`
}

// What a step signs the result with (Step.Sign).
const (
	SignOrganisation = "organisation"
	SignPersonal     = "personal"
)

// Budget is the step's budget as a duration.
func (s Step) Budget() time.Duration { return time.Duration(s.BudgetHours * float64(time.Hour)) }

// Template is an ordered list of steps: the first is where the dossier is received, the last is
// where the result is returned; the steps between are processing steps.
type Template struct {
	Steps []Step `json:"steps"`
}

// DefaultTemplate is receive → appraise → approve → stamp → return, with the working time split
// 5/55/20/20 % among the first four steps; returning the result has no budget because the
// dossier's deadline ends when the result is ready.
func DefaultTemplate(legalHours float64) Template {
	share := func(p float64) float64 {
		// Quarter-hour resolution keeps budgets readable without exceeding the total.
		return float64(int(legalHours*p*4)) / 4
	}
	return Template{Steps: []Step{
		{Key: "receive", Name: "Tiếp nhận hồ sơ", Role: workflow.IntakeOfficer, Unit: AtReceiving, BudgetHours: share(0.05)},
		{Key: "appraise", Name: "Thẩm định, thụ lý", Role: workflow.ProcessingOfficer, Unit: AtCompetent, BudgetHours: share(0.55)},
		{Key: "approve", Name: "Phê duyệt", Role: workflow.Leader, Unit: AtCompetent, BudgetHours: share(0.20)},
		{Key: "stamp", Name: "Đóng dấu, ký số", Role: workflow.Clerk, Unit: AtCompetent, BudgetHours: share(0.20), Sign: SignOrganisation},
		{Key: "return", Name: "Trả kết quả", Role: workflow.IntakeOfficer, Unit: AtReceiving, BudgetHours: 0},
	}}
}

// Validate checks a template's shape; legalHours > 0 also checks that the budgets fit in the
// legal time (when that is counted in working time).
func (t Template) Validate(legalHours float64) error {
	if len(t.Steps) < 3 {
		return fmt.Errorf("a process needs at least 3 steps (receive, one processing step, return), has %d", len(t.Steps))
	}
	seen := map[string]bool{}
	var sum float64
	for i, s := range t.Steps {
		if s.Key == "" || s.Name == "" {
			return fmt.Errorf("step %d: key and name are required", i+1)
		}
		if seen[s.Key] {
			return fmt.Errorf("step %d: key %q used twice", i+1, s.Key)
		}
		seen[s.Key] = true
		if !s.Role.Valid() || s.Role == workflow.Citizen || s.Role == workflow.Administrator {
			return fmt.Errorf("step %d (%s): role %q cannot act in a step", i+1, s.Key, s.Role)
		}
		if s.Unit == "" {
			return fmt.Errorf("step %d (%s): unit is required (receiving, competent or an agency code)", i+1, s.Key)
		}
		if s.Sign != "" && s.Sign != SignOrganisation && s.Sign != SignPersonal {
			return fmt.Errorf("step %d (%s): sign must be organisation, personal or empty, not %q", i+1, s.Key, s.Sign)
		}
		if s.Sign != "" && (i == 0 || i == len(t.Steps)-1) {
			return fmt.Errorf("step %d (%s): only a processing step signs the result", i+1, s.Key)
		}
		if s.BudgetHours < 0 {
			return fmt.Errorf("step %d (%s): budget must not be negative", i+1, s.Key)
		}
		sum += s.BudgetHours
	}
	if t.Steps[0].Role != workflow.IntakeOfficer {
		return fmt.Errorf("the first step (%s) must be taken by an intake officer", t.Steps[0].Key)
	}
	if last := t.Steps[len(t.Steps)-1]; last.Role != workflow.IntakeOfficer {
		return fmt.Errorf("the last step (%s) returns the result and must be taken by an intake officer", last.Key)
	}
	if legalHours > 0 && sum > legalHours+1e-9 {
		return fmt.Errorf("step budgets add up to %.2f working hours, more than the legal %.2f", sum, legalHours)
	}
	return nil
}

// Process returns the template a dossier follows: the procedure's own, or the default one sized
// to the dossier's legal time (calendar days count as that many full working days for sizing).
func (p *Procedure) Process(legal calendar.Duration, daily time.Duration) Template {
	if p.Template != nil {
		return *p.Template
	}
	hours := legal.Value * daily.Hours()
	if legal.Unit == calendar.WorkingHour {
		hours = legal.Value
	}
	return DefaultTemplate(hours)
}
