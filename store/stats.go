package store

import (
	"context"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// statRow is one rollup increment: what a transition adds to a day's (and its month's) counts.
type statRow struct {
	received, early, onTime, late, withdrawn, refused, stopped, supplements int64
	workMilli, legalMilli                                                   int64
}

func (r statRow) args() []any {
	return []any{r.received, r.early, r.onTime, r.late, r.withdrawn, r.refused, r.stopped, r.supplements, r.workMilli, r.legalMilli}
}

// dayKey and monthKey are a Vietnam-time date as yyyymmdd and yyyymm.
func dayKey(t time.Time) int {
	t = t.In(calendar.Zone)
	return t.Year()*10000 + int(t.Month())*100 + t.Day()
}

func monthKey(t time.Time) int {
	t = t.In(calendar.Zone)
	return t.Year()*100 + int(t.Month())
}

// keepStats adds what a transition changed to the statistics, in its transaction: a receipt, a
// closing (solved early / on time / late, withdrawn, refused, stopped) with its processing time,
// a supplement request; and the dossiers open now. The summaries read nothing else, so this is
// what keeps them current without a scan.
func (s *Store) keepStats(ctx context.Context, tx *txn, d *dossier.Dossier, wasReceived, wasFinished bool, dueBefore dueRow, a workflow.Action, clk dossier.Clock, now time.Time) error {
	if s.statsOff {
		return nil
	}
	key := []any{d.UnitCode, d.CompetentUnit, d.ProcedureCode, string(d.Channel)}
	if after := dueRowOf(d); after != dueBefore {
		for _, r := range []struct {
			row dueRow
			n   int
		}{{dueBefore, -1}, {after, 1}} {
			if !r.row.ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, s.q.get("stat-due-add"), append(key, r.row.day, r.row.state, r.n)...); err != nil {
				return err
			}
			if r.n < 0 {
				if _, err := tx.ExecContext(ctx, s.q.get("stat-due-drop"), append(key, r.row.day, r.row.state)...); err != nil {
					return err
				}
			}
		}
	}
	add := func(at time.Time, r statRow) error {
		if _, err := tx.ExecContext(ctx, s.q.get("stat-day-add"), append(append([]any{dayKey(at)}, key...), r.args()...)...); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.get("stat-month-add"), append(append([]any{monthKey(at)}, key...), r.args()...)...)
		return err
	}
	open := func(n int) error {
		_, err := tx.ExecContext(ctx, s.q.get("stat-open-add"), append(key, n)...)
		return err
	}
	if !wasReceived && d.ReceivedAt != nil {
		if err := add(*d.ReceivedAt, statRow{received: 1}); err != nil {
			return err
		}
		if err := open(1); err != nil {
			return err
		}
	}
	if a == workflow.RequestSupplement {
		if err := add(now, statRow{supplements: 1}); err != nil {
			return err
		}
	}
	if wasFinished || d.FinishedAt == nil || d.ReceivedAt == nil {
		return nil // dossiers closed before receipt count nowhere
	}
	var r statRow
	switch d.Status {
	case workflow.Done, workflow.Returned:
		switch d.Timeliness(now) {
		case dossier.Early:
			r.early = 1
		case dossier.OnTime:
			r.onTime = 1
		default:
			r.late = 1
		}
		daily := clk.Sessions.Daily()
		if daily > 0 {
			work := clk.Calendar.Between(clk.Sessions, *d.ReceivedAt, *d.FinishedAt)
			r.workMilli = int64(work * 1000 / daily)
			if legal, ok := d.LegalTime.WorkingTime(clk.Sessions); ok {
				r.legalMilli = int64(legal * 1000 / daily)
			} else {
				r.legalMilli = int64(d.LegalTime.Value * 1000) // calendar days, counted as days
			}
		}
		quarters := min(r.workMilli/250, 400)
		if _, err := tx.ExecContext(ctx, s.q.get("stat-duration-add"), monthKey(*d.FinishedAt), d.UnitCode, d.CompetentUnit, d.ProcedureCode, quarters); err != nil {
			return err
		}
	case workflow.Withdrawn:
		r.withdrawn = 1
	case workflow.Refused:
		r.refused = 1
	case workflow.Stopped:
		r.stopped = 1
	}
	if err := add(*d.FinishedAt, r); err != nil {
		return err
	}
	return open(-1)
}

// KeepStats turns the statistics' upkeep on (the default) or off. Only the benchmark turns it off,
// to measure what keeping the figures current costs a transition; the figures are then wrong.
func (s *Store) KeepStats(on bool) { s.statsOff = !on }

// dueRow is where a dossier counts in the overdue rollup (stat_due): its due date and state —
// 0 running, -1 paused after its due instant, -2 paused before it, or the day it was finished
// when that was after its due date. A dossier not received, without a due date or finished by
// its due date is in none (ok false).
type dueRow struct {
	day, state int
	ok         bool
}

func dueRowOf(d *dossier.Dossier) dueRow {
	if d.ReceivedAt == nil || d.DueAt == nil {
		return dueRow{}
	}
	r := dueRow{day: dayKey(*d.DueAt), ok: true}
	switch {
	case d.FinishedAt != nil:
		if f := dayKey(*d.FinishedAt); f > r.day {
			r.state = f
		} else {
			return dueRow{}
		}
	case d.PausedAt != nil && d.DueAt.Before(*d.PausedAt):
		r.state = -1
	case d.PausedAt != nil:
		r.state = -2
	}
	return r
}
