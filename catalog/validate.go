package catalog

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/org"
)

// FieldError says which field of a procedure is wrong. Field is a JSON path such as
// "channels[1].time" or "unit_codes[0]", so the API can put it into its "fields" map as it is.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// codeRE is the procedure code (MATTHC): the national code, one to three digits, a dot and six
// digits ("1.000656", "2.002154"), optionally followed by a dot and an agency code for a local
// variant ("1.000656.000.00.00.H62"). The agency code part is checked by org.ValidateCode.
var codeRE = regexp.MustCompile(`^[0-9]{1,3}\.[0-9]{6}(?:\.(.+))?$`)

// maxCodeLen bounds a procedure code: a national code (10) plus a dot and an agency code (35).
const maxCodeLen = 46

// ValidateCode checks a procedure code (MATTHC) against the national pattern; see codeRE.
func ValidateCode(code string) error {
	if code == "" {
		return fmt.Errorf("procedure code is empty")
	}
	m := codeRE.FindStringSubmatch(code)
	if m == nil || len(code) > maxCodeLen {
		return fmt.Errorf("procedure code %q is not a national code such as 1.000656, optionally followed by an agency code (1.000656.000.00.00.H62)", code)
	}
	if m[1] != "" {
		if err := org.ValidateCode(m[1]); err != nil {
			return fmt.Errorf("procedure code %q: local suffix: %w", code, err)
		}
	}
	return nil
}

// Valid reports whether l is one of the three Decree 42/2022 levels.
func (l OnlineLevel) Valid() bool {
	switch l {
	case FullyOnline, PartlyOnline, InPersonOnly:
		return true
	}
	return false
}

// validUnit reports whether u is one of the three time units. The calendar package reads an empty
// unit as working days; a catalog entry must say which unit it means.
func validUnit(u calendar.Unit) bool {
	switch u {
	case calendar.WorkingDay, calendar.WorkingHour, calendar.CalendarDay:
		return true
	}
	return false
}

// Validate checks a procedure before it is stored: code, name, levels, channels with their
// times and fees, required documents, implementing units and the custom template if any. The
// error is a *FieldError naming the first wrong field.
func (p *Procedure) Validate() error {
	if err := ValidateCode(p.Code); err != nil {
		return fieldErr("code", "%v", err)
	}
	if p.Version < 0 {
		return fieldErr("version", "must not be negative")
	}
	if strings.TrimSpace(p.Name) == "" {
		return fieldErr("name", "is required")
	}
	if len(p.Levels) == 0 {
		return fieldErr("levels", "at least one level is required (0 ministry, 1 province, 2 district, 3 commune)")
	}
	for i, l := range p.Levels {
		if l < 0 || l > 3 {
			return fieldErr(fmt.Sprintf("levels[%d]", i), "level %d is not 0 (ministry), 1 (province), 2 (district) or 3 (commune)", l)
		}
	}
	if !p.OnlineLevel.Valid() {
		return fieldErr("online_level", "%q is not toan_trinh, mot_phan or truc_tiep", p.OnlineLevel)
	}
	if err := p.validateChannels(); err != nil {
		return err
	}
	for i, c := range p.Cases {
		if len(p.Cases) > 1 && strings.TrimSpace(c.Name) == "" {
			return fieldErr(fmt.Sprintf("cases[%d].name", i), "is required when there are several cases")
		}
		for j, d := range c.Documents {
			f := fmt.Sprintf("cases[%d].documents[%d]", i, j)
			if strings.TrimSpace(d.Name) == "" {
				return fieldErr(f+".name", "is required")
			}
			if d.Originals < 0 {
				return fieldErr(f+".originals", "must not be negative")
			}
			if d.Copies < 0 {
				return fieldErr(f+".copies", "must not be negative")
			}
		}
	}
	if len(p.UnitCodes) == 0 {
		return fieldErr("unit_codes", "at least one implementing unit is required")
	}
	seen := make(map[string]bool, len(p.UnitCodes))
	for i, u := range p.UnitCodes {
		f := fmt.Sprintf("unit_codes[%d]", i)
		if err := org.ValidateCode(u); err != nil {
			return fieldErr(f, "%v", err)
		}
		if seen[u] {
			return fieldErr(f, "unit %s is listed twice", u)
		}
		seen[u] = true
	}
	if p.Template != nil {
		if err := p.validateTemplate(); err != nil {
			return err
		}
	}
	return nil
}

func (p *Procedure) validateChannels() error {
	if len(p.Channels) == 0 {
		return fieldErr("channels", "at least one channel is required")
	}
	seen := map[Channel]bool{}
	for i, r := range p.Channels {
		f := fmt.Sprintf("channels[%d]", i)
		if !r.Channel.Valid() {
			return fieldErr(f+".channel", "%q is not counter, online or post", r.Channel)
		}
		if seen[r.Channel] {
			return fieldErr(f+".channel", "channel %s is listed twice", r.Channel)
		}
		seen[r.Channel] = true
		if !validUnit(r.Time.Unit) {
			return fieldErr(f+".time.unit", "%q is not working_day, working_hour or calendar_day", r.Time.Unit)
		}
		if !(r.Time.Value > 0) || math.IsInf(r.Time.Value, 0) {
			return fieldErr(f+".time.value", "the processing time must be positive")
		}
		for j, fee := range r.Fees {
			if fee.Amount < 0 {
				return fieldErr(fmt.Sprintf("%s.fees[%d].amount", f, j), "must not be negative")
			}
		}
	}
	// Decree 42/2022: a service offered online (fully or partly) has an online channel, and one
	// that is not offered online has none.
	switch online := seen[Online]; {
	case p.OnlineLevel == InPersonOnly && online:
		return fieldErr("online_level", "truc_tiep (no online service) but an online channel is listed")
	case p.OnlineLevel != InPersonOnly && !online:
		return fieldErr("online_level", "%s needs an online channel", p.OnlineLevel)
	}
	return nil
}

// validateTemplate checks the custom template against the shortest legal time of its channels
// (one template serves every channel): step budgets are working hours, so they are only compared
// with times counted in working time.
func (p *Procedure) validateTemplate() error {
	var legalHours float64
	for _, c := range p.Channels {
		if w, ok := c.Time.WorkingTime(calendar.DefaultSessions); ok && (legalHours == 0 || w.Hours() < legalHours) {
			legalHours = w.Hours()
		}
	}
	if err := p.Template.Validate(legalHours); err != nil {
		return fieldErr("template", "%v", err)
	}
	for i, s := range p.Template.Steps {
		if s.Unit == AtReceiving || s.Unit == AtCompetent {
			continue
		}
		if err := org.ValidateCode(s.Unit); err != nil {
			return fieldErr(fmt.Sprintf("template.steps[%d].unit", i), "not receiving, competent or an agency code: %v", err)
		}
	}
	return nil
}
