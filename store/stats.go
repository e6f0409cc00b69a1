package store

import (
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

func (r statRow) vals() []int64 {
	return []int64{r.received, r.early, r.onTime, r.late, r.withdrawn, r.refused, r.stopped, r.supplements, r.workMilli, r.legalMilli}
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
// paused is the working time the clock of a dossier solved now stood still.
func (s *Store) keepStats(d *dossier.Dossier, wasReceived, wasFinished bool, dueBefore dueRow, a workflow.Action, clk dossier.Clock, paused time.Duration, now time.Time, ops *statOps) {
	key := []any{d.UnitCode, d.CompetentUnit, d.ProcedureCode, string(d.Channel)}
	with := func(head []any, more ...any) []any { return append(append(append([]any{}, head...), key...), more...) }
	if after := dueRowOf(d); after != dueBefore {
		if dueBefore.ok {
			ops.add("stat-due-add", with(nil, dueBefore.day, dueBefore.state), -1)
		}
		if after.ok {
			ops.add("stat-due-add", with(nil, after.day, after.state), 1)
		}
	}
	add := func(at time.Time, r statRow) {
		ops.add("stat-day-add", with([]any{dayKey(at)}), r.vals()...)
		ops.add("stat-month-add", with([]any{monthKey(at)}), r.vals()...)
	}
	if !wasReceived && d.ReceivedAt != nil {
		add(*d.ReceivedAt, statRow{received: 1})
		ops.add("stat-open-add", with(nil), 1)
	}
	if a == workflow.RequestSupplement {
		add(now, statRow{supplements: 1})
	}
	if wasFinished || d.FinishedAt == nil || d.ReceivedAt == nil {
		return // dossiers closed before receipt count nowhere
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
		r.workMilli, r.legalMilli = processingMillidays(d, clk, paused)
		ops.add("stat-duration-add", []any{monthKey(*d.FinishedAt), d.UnitCode, d.CompetentUnit, d.ProcedureCode, min(r.workMilli/250, 400)}, 1)
	case workflow.Withdrawn:
		r.withdrawn = 1
	case workflow.Refused:
		r.refused = 1
	case workflow.Stopped:
		r.stopped = 1
	}
	add(*d.FinishedAt, r)
	ops.add("stat-open-add", with(nil), -1)
}

// processingMillidays is a solved dossier's processing time — from receipt to finish, less the
// working time its clock stood still (paused) as the due date does — and its legal time, in
// thousandths of a working day.
func processingMillidays(d *dossier.Dossier, clk dossier.Clock, paused time.Duration) (work, legal int64) {
	daily := clk.Sessions.Daily()
	if daily <= 0 {
		return 0, 0
	}
	work = int64(max(clk.Calendar.Between(clk.Sessions, *d.ReceivedAt, *d.FinishedAt)-paused, 0) * 1000 / daily)
	if l, ok := d.LegalTime.WorkingTime(clk.Sessions); ok {
		return work, int64(l * 1000 / daily)
	}
	return work, int64(d.LegalTime.Value * 1000) // calendar days, counted as days
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
