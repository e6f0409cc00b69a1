package slip

import (
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// Result is how a hand-over's time on the process control slip ended, judged against its due
// instant.
type Result string

const (
	ResultNone    Result = ""        // nothing to judge: no budget, or handed on by a transfer
	ResultEarly   Result = "early"   // finished on a day before its due day
	ResultOnTime  Result = "ontime"  // finished on its due day, not after the instant
	ResultLate    Result = "late"    // finished after its due instant
	ResultWithin  Result = "within"  // still open, before its due instant
	ResultOverdue Result = "overdue" // still open, past its due instant
)

// Late reports whether the result is a late one, finished or not.
func (r Result) Late() bool { return r == ResultLate || r == ResultOverdue }

// Hop is one row of the process control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ,
// DOMAIN.md §6): a hand-over of the dossier to a unit for a step, and the events that happened
// while it was there. Units are agency codes; the caller names them.
type Hop struct {
	StepKey    string
	StepName   string
	Unit       string    // the unit that has it; "" on the final row
	HandedBy   string    // who handed it over (an officer, or the applicant online)
	FromUnit   string    // the unit it came from; "" when it came from the applicant
	HandedAt   time.Time //
	ReceivedAt *time.Time
	DueAt      *time.Time
	EndedAt    *time.Time
	Result     Result
	Current    bool            // the open row of a dossier still being processed
	Final      bool            // the "result received" row
	Events     []dossier.Event // what happened meanwhile, including the hand-over itself
}

// Hops builds the process control slip's rows from a dossier's history. Per-step due instants are
// the step's budget from the hand-over instant, moved by pauses; the open row of a dossier still
// in progress shows the dossier's own current step due instant and is judged at now.
func Hops(d *dossier.Dossier, tpl catalog.Template, clk dossier.Clock, now time.Time) []Hop {
	var rows []Hop
	open := func() *Hop {
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
				if s.Budget() <= 0 || clk.Calendar == nil {
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
				r.Result = ResultLate
			case calendar.DateOf(at).Before(calendar.DateOf(*r.DueAt)):
				r.Result = ResultEarly
			default:
				r.Result = ResultOnTime
			}
		}
	}
	start := func(ev dossier.Event, received bool, due *time.Time) {
		from := ""
		if len(rows) > 0 {
			from = rows[len(rows)-1].Unit
		}
		r := Hop{StepKey: ev.Step, StepName: stepName(ev.Step), Unit: ev.StepUnit, HandedBy: ev.Actor,
			FromUnit: from, HandedAt: ev.At, DueAt: due}
		if received {
			t := ev.At
			r.ReceivedAt = &t
		}
		rows = append(rows, r)
	}
	note := func(ev dossier.Event) {
		if r := open(); r != nil {
			r.Events = append(r.Events, ev)
		} else if len(rows) > 0 {
			rows[len(rows)-1].Events = append(rows[len(rows)-1].Events, ev)
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
			if r := open(); r != nil && r.ReceivedAt == nil && r.StepKey == ev.Step {
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
			if r := open(); r != nil && r.DueAt != nil && clk.Calendar != nil {
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
			rows = append(rows, Hop{HandedBy: ev.Actor, FromUnit: ev.StepUnit, HandedAt: ev.At,
				ReceivedAt: &t, EndedAt: &t, Final: true})
		default: // request_supplement, request_payment, reschedule
			note(ev)
		}
	}
	if r := open(); r != nil && !d.Status.Closed() {
		r.Current = true
		if r.StepKey == d.StepKey && r.Unit == d.StepUnit && d.StepDueAt != nil {
			r.DueAt = d.StepDueAt
		}
		if r.DueAt != nil {
			at := now
			if d.PausedAt != nil {
				at = *d.PausedAt
			}
			if at.After(*r.DueAt) {
				r.Result = ResultOverdue
			} else {
				r.Result = ResultWithin
			}
		}
	}
	return rows
}
