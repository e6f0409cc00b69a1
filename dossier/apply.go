package dossier

import (
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/workflow"
)

// Clock is the calendar and office sessions deadlines are counted in: those of the unit that
// received the dossier.
type Clock struct {
	Calendar *calendar.Calendar
	Sessions calendar.Sessions
}

// Policy holds rules the law leaves open, as configuration.
type Policy struct {
	// MaxReschedules limits apologies with a new due date; 0 means unlimited (DOMAIN.md §7 [verify]).
	MaxReschedules int
	// ByInstant classifies a finished dossier by comparing the finishing instant with the due
	// instant; false (the practice, DOMAIN.md §7) compares their dates.
	ByInstant bool
}

// Request is one action on a dossier, as the API receives it.
type Request struct {
	Action  workflow.Action `json:"action"`
	Version int             `json:"version"`
	Note    string          `json:"note,omitempty"`
	Reason  string          `json:"reason,omitempty"`
	NewDue  *time.Time      `json:"new_due,omitempty"`
	ToUnit  string          `json:"to_unit,omitempty"`
	Amount  int64           `json:"amount,omitempty"`
	How     string          `json:"how,omitempty"`
	// PostalTracking is the post's tracking number of a result returned by post (how=post).
	PostalTracking string   `json:"postal_tracking,omitempty"`
	Documents      []string `json:"documents,omitempty"`
	Result         string   `json:"result,omitempty"`
}

// Who is the user acting, for the history.
type Who struct {
	ID    int64
	Name  string
	Roles workflow.Actor
}

// InvalidError is a request that leaves out a field the action needs or gives it a bad value:
// the API answers 422 with the field, code required when Missing, else invalid_field.
type InvalidError struct {
	Field   string
	Message string
	Missing bool // the field was left empty, as opposed to present with a bad value
}

func (e *InvalidError) Error() string { return e.Field + ": " + e.Message }

// ErrStale is returned when the request was decided on an older version of the dossier.
var ErrStale = errors.New("the dossier has changed since it was read")

// Apply takes one action on d at now: it checks the version, the contract and the request's own
// fields, then changes d and returns the event to append. On error d is unchanged.
// unitExists tells whether a transfer target is a known unit.
func Apply(d *Dossier, tpl catalog.Template, req Request, who Who, now time.Time, clk Clock, pol Policy, unitExists func(string) bool) (Event, error) {
	if req.Version != d.Version {
		return Event{}, ErrStale
	}
	st := workflow.State{Status: d.Status, Prev: d.PrevStatus, Step: d.Step, StepRole: d.StepRole,
		LastStep: len(tpl.Steps) - 1, Transfered: d.TransferFromUnit != ""}
	out, err := workflow.Decide(st, req.Action, who.Roles)
	if err != nil {
		return Event{}, err
	}
	if err := checkFields(d, req, now, pol, unitExists); err != nil {
		return Event{}, err
	}
	ev := Event{At: now, ActorID: who.ID, Actor: who.Name, Action: req.Action, From: d.Status,
		Note: req.Note, Payload: map[string]any{}}
	if req.Reason != "" {
		ev.Payload["reason"] = req.Reason
	}
	n := *d // work on a copy so that d stays as it was on error
	switch req.Action {
	case workflow.Receive:
		n.receive(tpl, now, clk)
	case workflow.Refuse, workflow.Withdraw, workflow.Stop:
		n.finish(now)
	case workflow.RequestSupplement, workflow.RequestPayment:
		n.PausedAt = &now
		if len(req.Documents) > 0 {
			ev.Payload["documents"] = req.Documents
		}
		if req.Amount > 0 {
			ev.Payload["amount"] = req.Amount
		}
	case workflow.RecordSupplement, workflow.ConfirmPayment:
		n.resume(now, clk, ev.Payload)
	case workflow.Forward, workflow.SendBack:
		n.enterStep(tpl, out.Step, now, clk)
		if out.Status == workflow.Done {
			n.finish(now)
			n.StepDueAt = nil
			n.FinishClass = n.classify(pol.ByInstant)
		}
	case workflow.Reschedule:
		if n.DueAt != nil {
			ev.Payload["old_due"] = n.DueAt.In(calendar.Zone).Format(time.RFC3339)
		}
		due := *req.NewDue
		n.DueAt = &due
		n.Reschedules++
		ev.Payload["new_due"] = due.In(calendar.Zone).Format(time.RFC3339)
	case workflow.Transfer:
		n.TransferFromUnit = n.StepUnit
		n.StepUnit = req.ToUnit
		n.StepReceivedAt = now
		ev.Payload["to_unit"] = req.ToUnit
	case workflow.TransferReturn:
		ev.Payload["from_unit"] = n.StepUnit
		n.StepUnit = n.TransferFromUnit
		n.TransferFromUnit = ""
		n.StepReceivedAt = now
		if req.Result != "" {
			ev.Payload["result"] = req.Result
		}
	case workflow.ReturnResult:
		n.ReturnedAt = &now
		n.ReturnMethod = req.How
		ev.Payload["how"] = req.How
		if req.How == "post" {
			ev.Payload["postal_tracking"] = req.PostalTracking
		}
	}
	n.Status, n.PrevStatus, n.Step = out.Status, out.Prev, out.Step
	n.Version++
	ev.To = n.Status
	ev.Step = n.StepKey
	ev.StepUnit = n.StepUnit
	if len(ev.Payload) == 0 {
		ev.Payload = nil
	}
	*d = n
	return ev, nil
}

// postalTracking is a post's tracking number, as VNPost (e.g. EB123456789VN) and couriers print them.
var postalTracking = regexp.MustCompile(`^[A-Za-z0-9-]{4,40}$`)

func checkFields(d *Dossier, req Request, now time.Time, pol Policy, unitExists func(string) bool) error {
	need := func(field, v string) error {
		if v == "" {
			return &InvalidError{Field: field, Message: "required for " + string(req.Action), Missing: true}
		}
		return nil
	}
	switch req.Action {
	case workflow.Refuse, workflow.SendBack, workflow.RequestSupplement, workflow.Withdraw, workflow.Stop, workflow.Transfer, workflow.Reschedule:
		if err := need("reason", req.Reason); err != nil {
			return err
		}
	}
	switch req.Action {
	case workflow.RequestPayment:
		// A zero amount is what an omitted one decodes to.
		if req.Amount == 0 {
			return &InvalidError{Field: "amount", Message: "required for " + string(req.Action), Missing: true}
		}
		if req.Amount < 0 {
			return &InvalidError{Field: "amount", Message: "must be a positive amount in đồng"}
		}
	case workflow.Reschedule:
		if req.NewDue == nil {
			return &InvalidError{Field: "new_due", Message: "required for reschedule", Missing: true}
		}
		if !req.NewDue.After(now) || (d.DueAt != nil && !req.NewDue.After(*d.DueAt)) {
			return &InvalidError{Field: "new_due", Message: "must be later than now and than the current due date"}
		}
		if pol.MaxReschedules > 0 && d.Reschedules >= pol.MaxReschedules {
			return &InvalidError{Field: "new_due", Message: fmt.Sprintf("the dossier has been rescheduled %d times, the limit", d.Reschedules)}
		}
	case workflow.Transfer:
		if err := need("to_unit", req.ToUnit); err != nil {
			return err
		}
		if req.ToUnit == d.StepUnit || unitExists == nil || !unitExists(req.ToUnit) {
			return &InvalidError{Field: "to_unit", Message: "must be another known unit"}
		}
	case workflow.ReturnResult:
		switch req.How {
		case "counter", "online", "post":
		case "":
			return &InvalidError{Field: "how", Message: "required for " + string(req.Action), Missing: true}
		default:
			return &InvalidError{Field: "how", Message: "must be counter, online or post"}
		}
		if req.How == "post" {
			if err := need("postal_tracking", req.PostalTracking); err != nil {
				return err
			}
			if !postalTracking.MatchString(req.PostalTracking) {
				return &InvalidError{Field: "postal_tracking", Message: "a tracking number is 4 to 40 letters, digits or dashes"}
			}
		}
	}
	return nil
}

// receive starts the legal clock and the first step.
func (d *Dossier) receive(tpl catalog.Template, now time.Time, clk Clock) {
	d.ReceivedAt = &now
	due := clk.Calendar.Due(clk.Sessions, now, d.LegalTime)
	d.DueAt = &due
	d.enterStep(tpl, 0, now, clk)
}

// enterStep hands the dossier to step i at now: electronic hand-over is instant, so the time it
// is handed over is the time the next step has it.
func (d *Dossier) enterStep(tpl catalog.Template, i int, now time.Time, clk Clock) {
	s := tpl.Steps[i]
	d.Step, d.StepKey, d.StepName, d.StepRole = i, s.Key, s.Name, s.Role
	d.StepUnit = d.resolveUnit(s.Unit)
	d.StepReceivedAt = now
	due := clk.Calendar.Add(clk.Sessions, now, s.Budget())
	d.StepDueAt = &due
}

func (d *Dossier) resolveUnit(rel string) string {
	switch rel {
	case catalog.AtReceiving:
		return d.UnitCode
	case catalog.AtCompetent:
		return d.CompetentUnit
	}
	return rel
}

// resume ends a pause: the due instants move by the working time the clock stood still.
func (d *Dossier) resume(now time.Time, clk Clock, payload map[string]any) {
	if d.PausedAt == nil {
		return
	}
	paused := clk.Calendar.Between(clk.Sessions, *d.PausedAt, now)
	if d.DueAt != nil {
		payload["old_due"] = d.DueAt.In(calendar.Zone).Format(time.RFC3339)
		due := clk.Calendar.Add(clk.Sessions, *d.DueAt, paused)
		d.DueAt = &due
		payload["new_due"] = due.In(calendar.Zone).Format(time.RFC3339)
	}
	if d.StepDueAt != nil {
		due := clk.Calendar.Add(clk.Sessions, *d.StepDueAt, paused)
		d.StepDueAt = &due
	}
	payload["paused_hours"] = paused.Hours()
	d.PausedAt = nil
}

func (d *Dossier) finish(now time.Time) {
	d.FinishedAt = &now
	d.PausedAt = nil
}

// New makes a dossier as it is created: online or by post it waits in status 1; at the counter it
// is received at once (status 2). The store assigns the code and secret.
func New(p *catalog.Procedure, tpl catalog.Template, d Dossier, who Who, now time.Time, clk Clock) (Dossier, Event) {
	d.ProcedureCode, d.ProcedureVersion, d.ProcedureName = p.Code, p.Version, p.Name
	d.LegalTime, _ = p.TimeFor(d.Channel)
	d.CreatedAt = now
	d.Version = 1
	ev := Event{At: now, ActorID: who.ID, Actor: who.Name, Action: workflow.Submit}
	if d.Channel == catalog.InPerson {
		d.Status = workflow.Received
		d.receive(tpl, now, clk)
		ev.Action = workflow.Intake
	} else {
		d.Status = workflow.Submitted
		s := tpl.Steps[0]
		d.Step, d.StepKey, d.StepName, d.StepRole, d.StepUnit = 0, s.Key, s.Name, s.Role, d.UnitCode
		d.StepReceivedAt = now
	}
	ev.To = d.Status
	ev.Step = d.StepKey
	ev.StepUnit = d.StepUnit
	return d, ev
}
