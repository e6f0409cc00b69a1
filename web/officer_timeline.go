package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// The dossier's history as the process control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ,
// DOMAIN.md §6): one row per hand-over — the step, the unit that has it, who handed it over and
// when, when it was received, its due instant, how it ended (early, on time, late) and the notes
// of what happened meanwhile; the last row is the applicant receiving the result.

type slipRow struct {
	StepName    string
	UnitName    string
	HandedBy    string // who handed it over (an officer, or the applicant online)
	HandedFrom  string // the unit it came from; "" when it came from the applicant
	HandedAt    time.Time
	ReceivedAt  *time.Time // nil while an online submission waits to be received
	DueAt       *time.Time
	EndedAt     *time.Time
	ResultKey   string // officer.slip.result.*; "" when there is nothing to judge
	ResultClass string // tag class
	Current     bool
	Final       bool // the "result received" row
	Notes       []slipNote

	stepKey, unit string
}

type slipNote struct {
	At      time.Time
	Actor   string
	Action  workflow.Action
	Details []string
}

// slip builds the rows from a dossier's history. Per-step due instants are those the store set at
// each hand-over (the step's budget from the hand-over instant, moved by pauses); the open row
// shows the dossier's own current step due instant.
func slip(d *dossier.Dossier, tpl catalog.Template, clk dossier.Clock, ui unitInfo, now time.Time, lang Lang) []slipRow {
	var rows []slipRow
	open := func() *slipRow {
		if len(rows) == 0 || rows[len(rows)-1].EndedAt != nil {
			return nil
		}
		return &rows[len(rows)-1]
	}
	stepName := func(key string) string {
		for _, s := range tpl.Steps {
			if s.Key == key {
				return s.Name
			}
		}
		return key
	}
	stepDue := func(key string, at time.Time) *time.Time {
		for _, s := range tpl.Steps {
			if s.Key == key {
				if s.Budget() <= 0 {
					return nil
				}
				due := clk.Calendar.Add(clk.Sessions, at, s.Budget())
				return &due
			}
		}
		return nil
	}
	end := func(at time.Time, judge bool) {
		r := open()
		if r == nil {
			return
		}
		t := at
		r.EndedAt = &t
		if judge && r.DueAt != nil {
			switch {
			case at.After(*r.DueAt):
				r.ResultKey, r.ResultClass = "officer.slip.result.late", urgencyLate
			case calendar.DateOf(at).Before(calendar.DateOf(*r.DueAt)):
				r.ResultKey, r.ResultClass = "officer.slip.result.early", urgencyOK
			default:
				r.ResultKey, r.ResultClass = "officer.slip.result.ontime", urgencyOK
			}
		}
	}
	start := func(ev dossier.Event, received bool, due *time.Time) {
		from := ""
		if prev := open(); prev != nil {
			from = prev.UnitName
		} else if len(rows) > 0 {
			from = rows[len(rows)-1].UnitName
		}
		r := slipRow{StepName: stepName(ev.Step), UnitName: ui.name(ev.StepUnit), HandedBy: ev.Actor,
			HandedFrom: from, HandedAt: ev.At, DueAt: due, stepKey: ev.Step, unit: ev.StepUnit}
		if received {
			t := ev.At
			r.ReceivedAt = &t
		}
		rows = append(rows, r)
	}
	note := func(ev dossier.Event) {
		n := slipNote{At: ev.At, Actor: ev.Actor, Action: ev.Action, Details: eventDetails(ev, ui, lang)}
		if r := open(); r != nil {
			r.Notes = append(r.Notes, n)
		} else if len(rows) > 0 {
			rows[len(rows)-1].Notes = append(rows[len(rows)-1].Notes, n)
		}
	}
	for _, ev := range d.History {
		switch ev.Action {
		case workflow.Submit:
			start(ev, false, nil)
			note(ev)
		case workflow.Intake:
			start(ev, true, stepDue(ev.Step, ev.At))
			note(ev)
		case workflow.Receive:
			if r := open(); r != nil && r.ReceivedAt == nil && r.stepKey == ev.Step {
				t := ev.At
				r.ReceivedAt, r.DueAt = &t, stepDue(ev.Step, ev.At)
			} else {
				end(ev.At, true)
				start(ev, true, stepDue(ev.Step, ev.At))
			}
			note(ev)
		case workflow.Forward, workflow.SendBack:
			note(ev)
			end(ev.At, true)
			start(ev, true, stepDue(ev.Step, ev.At))
		case workflow.Transfer, workflow.TransferReturn:
			// The step's due instant goes with it to the other unit and back.
			var due *time.Time
			if r := open(); r != nil {
				due = r.DueAt
			}
			note(ev)
			end(ev.At, false)
			start(ev, true, due)
		case workflow.RecordSupplement, workflow.ConfirmPayment:
			note(ev)
			if r := open(); r != nil && r.DueAt != nil {
				if h, ok := ev.Payload["paused_hours"].(float64); ok && h > 0 {
					due := clk.Calendar.Add(clk.Sessions, *r.DueAt, time.Duration(h*float64(time.Hour)))
					r.DueAt = &due
				}
			}
		case workflow.Refuse, workflow.Withdraw, workflow.Stop:
			note(ev)
			end(ev.At, true)
		case workflow.ReturnResult:
			note(ev)
			end(ev.At, false)
			t := ev.At
			rows = append(rows, slipRow{StepName: "", HandedBy: ev.Actor, HandedFrom: ui.name(ev.StepUnit),
				HandedAt: ev.At, ReceivedAt: &t, EndedAt: &t, Final: true})
		default: // request_supplement, request_payment, reschedule
			note(ev)
		}
	}
	if r := open(); r != nil && !d.Status.Closed() {
		r.Current = true
		if r.stepKey == d.StepKey && r.unit == d.StepUnit && d.StepDueAt != nil {
			r.DueAt = d.StepDueAt
		}
		if r.DueAt != nil {
			at := now
			if d.PausedAt != nil {
				at = *d.PausedAt
			}
			if at.After(*r.DueAt) {
				r.ResultKey, r.ResultClass = "officer.slip.result.overdue", urgencyLate
			} else {
				r.ResultKey, r.ResultClass = "officer.slip.result.within", urgencyOK
			}
		}
	}
	return rows
}

// eventDetails are the lines a history event adds to the slip: reason, amount, dates, units.
func eventDetails(ev dossier.Event, ui unitInfo, lang Lang) []string {
	var out []string
	p := ev.Payload
	str := func(k string) string { v, _ := p[k].(string); return v }
	if v := str("reason"); v != "" {
		out = append(out, text(lang, "officer.slip.reason", v))
	}
	if v, ok := p["amount"].(float64); ok && v > 0 {
		out = append(out, text(lang, "officer.slip.amount", formatVND(int64(v))))
	}
	if docs, ok := p["documents"].([]any); ok && len(docs) > 0 {
		var names []string
		for _, d := range docs {
			if s, ok := d.(string); ok {
				names = append(names, s)
			}
		}
		out = append(out, text(lang, "officer.slip.documents", strings.Join(names, "; ")))
	}
	if v := str("to_unit"); v != "" {
		out = append(out, text(lang, "officer.slip.tounit", ui.name(v)))
	}
	if v := str("result"); v != "" {
		out = append(out, text(lang, "officer.slip.result", v))
	}
	if v := str("new_due"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			old := "—"
			if o, err := time.Parse(time.RFC3339, str("old_due")); err == nil {
				old = o.In(calendar.Zone).Format("15:04 02/01/2006")
			}
			out = append(out, text(lang, "officer.slip.newdue", old, t.In(calendar.Zone).Format("15:04 02/01/2006")))
		}
	}
	if v := str("how"); v != "" {
		out = append(out, text(lang, "officer.slip.how", text(lang, "officer.how."+v)))
	}
	if ev.Note != "" {
		out = append(out, text(lang, "officer.slip.note", ev.Note))
	}
	return out
}

// formatVND writes an amount in đồng the Vietnamese way: 1.200.000 đ.
func formatVND(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return fmt.Sprintf("-%s đ", b.String())
	}
	return b.String() + " đ"
}
