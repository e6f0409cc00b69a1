package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// Facts every scenario below relies on (internal/testdb/fixture.go, calendar/schedules/2026.json):
//
//   - 2 March 2026 is a Monday; there is no holiday in March 2026 nor in the first days of April
//     (the next ones are 27 and 30 April), so Monday to Friday are working days.
//   - The fixture units set no sessions: the default 07:30–11:30 and 13:00–17:00, 8 working hours
//     a day.
//   - The fixture procedure takes 2 working days = 16 working hours through every channel; the due
//     instant is the receipt plus 16 hours counted in sessions.
//   - Received Monday 08:00: 3.5 h (08:00–11:30) + 4 h (13:00–17:00) on Monday = 7.5 h, 8 h on
//     Tuesday = 15.5 h, the last 0.5 h on Wednesday 07:30–08:00: due Wednesday 4 March 08:00.
//   - The default policy classifies a finished dossier by date: finished on a day before its due
//     day early, on the due day on time, after it late.
//   - A period [From, To) is live when To is after now (pending = open now, overdue = due instant
//     before now, a paused dossier judged at its pause); a past period's pending dossiers are
//     those open at To, overdue when their due instant — the one they have now — is before To.

// TestSummaryEdges: small histories whose figures are worked out by hand, one per edge of the
// statistics summary (issue 5). Every figure is also recomputed from the event log
// (StatsSummaryAsOf at the same instant), which must agree.
func TestSummaryEdges(t *testing.T) {
	scenarios := []struct {
		name string
		run  func(e *edges)
	}{
		{"due today", edgeDueToday},
		{"finished after a pause", edgeFinishedAfterPause},
		{"paused across a period's end", edgePausedAcrossPeriodEnd},
		{"paused after its due instant", edgePausedAfterDue},
		{"rescheduled", edgeRescheduled},
		{"rescheduled after a past period", edgeRescheduledAfterPeriod},
		{"transferred between units", edgeTransferred},
		{"unit re-parented mid-period", edgeReparented},
		{"received in one period, finished in the next", edgeAcrossPeriods},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			for _, db := range testdb.All(t) {
				t.Run(db.Name, func(t *testing.T) {
					f, setNow := clockedStore(t, db, testdb.At(8, 0))
					sc.run(&edges{t: t, f: f, st: f.Store, setNow: setNow, now: testdb.At(8, 0)})
				})
			}
		})
	}
}

// vn is an instant of 2026 in Vietnam time.
func vn(m time.Month, d, h, min int) time.Time {
	return time.Date(2026, m, d, h, min, 0, 0, calendar.Zone)
}

// day is the midnight that starts a day of 2026 in Vietnam.
func day(m time.Month, d int) time.Time { return vn(m, d, 0, 0) }

// edges is one scenario's store with its clock.
type edges struct {
	t      *testing.T
	f      testdb.Fixture
	st     *store.Store
	setNow func(time.Time)
	now    time.Time
}

func (e *edges) at(t time.Time) {
	e.now = t
	e.setNow(t)
}

// counter creates a dossier at the counter of in's unit by who: received at once.
func (e *edges) counter(who string, in store.NewDossier) dossier.Dossier {
	e.t.Helper()
	d, err := e.st.CreateDossier(context.Background(), e.f.Users[who], in)
	if err != nil {
		e.t.Fatalf("create at %s by %s: %v", in.UnitCode, who, err)
	}
	if d.ReceivedAt == nil || !d.ReceivedAt.Equal(e.now) {
		e.t.Fatalf("%s: received %v, want %v", d.Code, d.ReceivedAt, e.now)
	}
	return d
}

// act takes one action on the dossier's current version.
func (e *edges) act(who, code string, req dossier.Request) dossier.Dossier {
	e.t.Helper()
	ctx := context.Background()
	d, err := e.st.DossierByCode(ctx, code)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Version = d.Version
	if d, err = e.st.Act(ctx, e.f.Users[who], code, req); err != nil {
		e.t.Fatalf("%s by %s on %s at %s: %v", req.Action, who, code, e.now.Format(time.DateTime), err)
	}
	return d
}

// solve forwards a Dept dossier step by step to the result (status 9): it is finished now.
func (e *edges) solve(code string) dossier.Dossier {
	e.t.Helper()
	byRole := map[workflow.Role]string{workflow.IntakeOfficer: "intake", workflow.ProcessingOfficer: "officer",
		workflow.Leader: "leader", workflow.Clerk: "clerk"}
	d, err := e.st.DossierByCode(context.Background(), code)
	if err != nil {
		e.t.Fatal(err)
	}
	for i := 0; d.Status != workflow.Done; i++ {
		if i > 5 {
			e.t.Fatalf("%s: not done after %d forwards (status %d, step %s)", code, i, d.Status, d.StepKey)
		}
		d = e.act(byRole[d.StepRole], code, dossier.Request{Action: workflow.Forward})
	}
	if d.FinishedAt == nil || !d.FinishedAt.Equal(e.now) {
		e.t.Fatalf("%s: finished %v, want %v", code, d.FinishedAt, e.now)
	}
	return d
}

func (e *edges) dueIs(d dossier.Dossier, want time.Time) {
	e.t.Helper()
	if d.DueAt == nil || !d.DueAt.Equal(want) {
		e.t.Fatalf("%s: due %v, want %v", d.Code, d.DueAt, want)
	}
}

func (e *edges) filter(unit string, children bool, from, to time.Time) store.SummaryFilter {
	return store.SummaryFilter{Unit: unit, IncludeChildren: children, From: from, To: to}
}

// expect checks the summary of a unit and period at the current instant against the figures
// derived by hand, and that the figures recomputed from the event log as of now are the same.
func (e *edges) expect(label, who string, f store.SummaryFilter, want stats.Counts) store.Summary {
	e.t.Helper()
	ctx := context.Background()
	where := label + ": " + f.Unit
	if f.IncludeChildren {
		where += " and below"
	}
	where += " [" + f.From.Format(time.DateOnly) + ", " + f.To.Format(time.DateOnly) + ") at " + e.now.Format("Mon 2 Jan 15:04")
	got, err := e.st.StatsSummary(ctx, e.f.Users[who], f)
	if err != nil {
		e.t.Fatalf("%s: %v", where, err)
	}
	if got.Total != want {
		e.t.Errorf("%s:\n got  %+v\n want %+v", where, got.Total, want)
	}
	again, err := e.st.StatsSummaryAsOf(ctx, e.f.Users[who], f, e.now)
	if err != nil {
		e.t.Fatalf("%s, as of now: %v", where, err)
	}
	if again.Total != got.Total || again.Supplements != got.Supplements || again.AvgDays != got.AvgDays || again.SavedPct != got.SavedPct {
		e.t.Errorf("%s: recomputed as of now differs:\n as of   %+v supplements %d avg %v saved %v\n summary %+v supplements %d avg %v saved %v",
			where, again.Total, again.Supplements, again.AvgDays, again.SavedPct, got.Total, got.Supplements, got.AvgDays, got.SavedPct)
	}
	return got
}

// asOf checks the figures recomputed as of an earlier instant.
func (e *edges) asOf(label, who string, f store.SummaryFilter, at time.Time, want stats.Counts) {
	e.t.Helper()
	got, err := e.st.StatsSummaryAsOf(context.Background(), e.f.Users[who], f, at)
	if err != nil {
		e.t.Fatalf("%s: %v", label, err)
	}
	if got.Total != want {
		e.t.Errorf("%s: %s [%s, %s) as of %s:\n got  %+v\n want %+v", label, f.Unit, f.From.Format(time.DateOnly),
			f.To.Format(time.DateOnly), at.Format("Mon 2 Jan 15:04"), got.Total, want)
	}
}

// 1. Due today. One dossier received Monday 08:00, due Wednesday 4 March 08:00.
func edgeDueToday(e *edges) {
	d := e.counter("intake", counterDossier("Hạn hôm nay"))
	e.dueIs(d, vn(3, 4, 8, 0))
	week := e.filter(testdb.Dept, false, day(3, 2), day(3, 9)) // Mon 2 – Sun 8 March, live
	dueDay := e.filter(testdb.Dept, false, day(3, 4), day(3, 5))

	// Wednesday 07:45, its due day, a quarter of an hour before the due instant: pending within.
	// For the due day alone it was received before the period and is open at its start: carried.
	e.at(vn(3, 4, 7, 45))
	e.expect("before the due instant", "manager", week, stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})
	e.expect("before the due instant", "manager", dueDay, stats.Counts{Carried: 1, Total: 1, Pending: 1, PendingWithin: 1})

	// 08:00 exactly: the due instant has not passed (overdue means due before now).
	e.at(vn(3, 4, 8, 0))
	e.expect("at the due instant", "manager", week, stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})

	// 08:01, the same day: the due instant is a minute behind: pending overdue, though the day
	// is not over (status 2, received, not yet handed on).
	e.at(vn(3, 4, 8, 1))
	e.expect("a minute after the due instant", "manager", week, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
	e.expect("a minute after the due instant", "manager", dueDay, stats.Counts{Carried: 1, Total: 1, Pending: 1, PendingOverdue: 1})

	// 09:00: handed on to appraisal (status 4): still overdue.
	e.at(vn(3, 4, 9, 0))
	if d = e.act("intake", d.Code, dossier.Request{Action: workflow.Forward}); d.Status != workflow.Processing {
		e.t.Fatalf("after forward: status %d", d.Status)
	}
	e.expect("in processing after the due instant", "manager", week, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})

	// Thursday 09:00, still open. Past periods now:
	//   - Mon 2 – Wed 4 (To Thu 00:00): open at its end, due Wed 08:00 < Thu 00:00: overdue.
	//   - Mon 2 – Tue 3 (To Wed 00:00): open at its end, due Wed 08:00 is after it: within.
	//   - Wed 4 alone: carried (received Monday), overdue at its end.
	e.at(vn(3, 5, 9, 0))
	toDueDay := e.filter(testdb.Dept, false, day(3, 2), day(3, 5))
	toEve := e.filter(testdb.Dept, false, day(3, 2), day(3, 4))
	e.expect("past period ending on the due day", "manager", toDueDay, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
	e.expect("past period ending the day before", "manager", toEve, stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})
	e.expect("the due day, past", "manager", dueDay, stats.Counts{Carried: 1, Total: 1, Pending: 1, PendingOverdue: 1})

	// Thursday 10:00 it is solved: Thursday is after Wednesday, the due day: late. The past
	// periods do not change (it was open at their ends); the live week has it solved late.
	e.at(vn(3, 5, 10, 0))
	e.solve(d.Code)
	e.at(vn(3, 5, 11, 0))
	e.expect("past period ending on the due day, once solved", "manager", toDueDay, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
	e.expect("past period ending the day before, once solved", "manager", toEve, stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})
	e.expect("solved the day after", "manager", week, stats.Counts{New: 1, Total: 1, Solved: 1, Late: 1})
}

// 2. Finished after a pause. Two dossiers received Monday 08:00, due Wednesday 08:00; A is
// paused for a supplement from Monday 10:00 to Wednesday 10:00, B is not; both are solved on
// Friday 6 March at 15:00.
func edgeFinishedAfterPause(e *edges) {
	a := e.counter("intake", counterDossier("Bổ sung"))
	b := e.counter("intake", counterDossier("Không bổ sung"))
	week := e.filter(testdb.Dept, false, day(3, 2), day(3, 9))

	e.at(vn(3, 2, 10, 0))
	a = e.act("intake", a.Code, dossier.Request{Action: workflow.RequestSupplement, Reason: "Thiếu tờ khai"})
	if a.Status != workflow.Supplement {
		e.t.Fatalf("after the request: status %d", a.Status)
	}

	// Wednesday 09:00: due 08:00 has passed. B is overdue; A, paused, is judged at its pause
	// (Monday 10:00, before its due): within.
	e.at(vn(3, 4, 9, 0))
	e.expect("paused past the due instant", "manager", week, stats.Counts{New: 2, Total: 2, Pending: 2, PendingWithin: 1, PendingOverdue: 1})

	// Wednesday 10:00 the applicant brings the document. The clock stood still Monday 10:00 –
	// Wednesday 10:00: 1.5 h + 4 h on Monday, 8 h on Tuesday, 2.5 h on Wednesday = 16 working
	// hours. The due instant moves by as much: from Wednesday 08:00, 7.5 h that day, 8 h on
	// Thursday, 0.5 h on Friday: Friday 6 March 08:00.
	e.at(vn(3, 4, 10, 0))
	a = e.act("intake", a.Code, dossier.Request{Action: workflow.RecordSupplement})
	e.dueIs(a, vn(3, 6, 8, 0))
	e.expect("resumed", "manager", week, stats.Counts{New: 2, Total: 2, Pending: 2, PendingWithin: 1, PendingOverdue: 1})

	// Friday 15:00 both are solved. A: Friday is its (new) due day: on time, though two days
	// after its original due day and seven hours after its new due instant. B: Friday is after
	// Wednesday: late.
	e.at(vn(3, 6, 15, 0))
	e.solve(a.Code)
	e.solve(b.Code)
	e.at(vn(3, 6, 16, 0))
	sum := e.expect("solved", "manager", week, stats.Counts{New: 2, Total: 2, Solved: 2, OnTime: 1, Late: 1})
	if sum.Supplements != 1 {
		e.t.Errorf("supplement requests %d, want 1 (A's, Monday)", sum.Supplements)
	}
	// The processing time is the working time from receipt to finishing less the time the clock
	// stood still (DOMAIN.md §7: a supplement request pauses the clock): Monday 08:00 – Friday
	// 15:00 = 4 working days (Monday to Thursday, 32 h) − 0.5 h (Monday before 08:00) + 6 h
	// (Friday to 15:00: 4 h + 2 h) = 37.5 h = 4.6875 days for B, kept in whole thousandths: 4687;
	// A less its 16 paused hours: 21.5 h = 2.6875 days, 2687. Average (2687 + 4687) / 2 = 3687 →
	// 3.687; median in quarter days: the first of 2687 / 250 = 10 and 4687 / 250 = 18 quarters =
	// 2.5; saved against the legal 2 × 2000: (4000 − 7374) / 4000 = −84.35 % → −84.4.
	if sum.AvgDays != 3.687 || sum.MedianDays != 2.5 || sum.SavedPct != -84.4 {
		e.t.Errorf("processing time: average %v median %v saved %v %%, want 3.687, 2.5, -84.4", sum.AvgDays, sum.MedianDays, sum.SavedPct)
	}
}

// 2b. Paused across a period's end. Received Monday 08:00 (due Wednesday 08:00), paused Monday
// 10:00 until Thursday 10:00. While paused the live figures judge it at its pause; a period
// that has ended judges it by its due instant, so its figure changes when the resumption moves
// that instant.
func edgePausedAcrossPeriodEnd(e *edges) {
	d := e.counter("intake", counterDossier("Bổ sung lâu"))
	e.at(vn(3, 2, 10, 0))
	e.act("intake", d.Code, dossier.Request{Action: workflow.RequestSupplement, Reason: "Thiếu bản sao"})
	toWed := e.filter(testdb.Dept, false, day(3, 2), day(3, 5)) // Mon 2 – Wed 4

	// Wednesday 16:00, live: paused Monday 10:00, before its due instant: within.
	e.at(vn(3, 4, 16, 0))
	e.expect("live, paused", "manager", toWed, stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})

	// Thursday 09:00, still paused: the period Mon 2 – Wed 4 has ended; due Wednesday 08:00 is
	// before its end (Thursday 00:00): overdue. The live week still says within.
	e.at(vn(3, 5, 9, 0))
	e.expect("ended, still paused", "manager", toWed, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
	e.expect("live week, still paused", "manager", e.filter(testdb.Dept, false, day(3, 2), day(3, 9)),
		stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})

	// Thursday 10:00 the applicant comes back: paused Monday 10:00 – Thursday 10:00 = 3 working
	// days (24 h); from Wednesday 08:00: 7.5 h + 8 h (Thursday) + 8 h (Friday) + 0.5 h: due
	// Monday 9 March 08:00. The ended period now judges it by that instant: within. As of
	// Thursday 09:00 (the event log wound back) it was overdue, as the dashboard showed then.
	e.at(vn(3, 5, 10, 0))
	d = e.act("intake", d.Code, dossier.Request{Action: workflow.RecordSupplement})
	e.dueIs(d, vn(3, 9, 8, 0))
	e.at(vn(3, 5, 11, 0))
	sum := e.expect("ended, resumed since", "manager", toWed, stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})
	if sum.Supplements != 1 {
		e.t.Errorf("supplement requests %d, want 1", sum.Supplements)
	}
	e.asOf("as shown on Thursday 09:00", "manager", toWed, vn(3, 5, 9, 0), stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
}

// 2c. Paused after its due instant. Received Monday 08:00, due Wednesday 08:00; a supplement is
// asked Wednesday 09:00, an hour late, and given Thursday 10:00; solved Thursday 15:00.
func edgePausedAfterDue(e *edges) {
	d := e.counter("intake", counterDossier("Bổ sung khi đã trễ"))
	week := e.filter(testdb.Dept, false, day(3, 2), day(3, 9))
	toWed := e.filter(testdb.Dept, false, day(3, 2), day(3, 5))
	e.at(vn(3, 4, 9, 0))
	e.act("intake", d.Code, dossier.Request{Action: workflow.RequestSupplement, Reason: "Thiếu xác nhận"})

	// Wednesday 10:00 and Thursday 09:30, paused: judged at its pause, Wednesday 09:00, after
	// its due instant: overdue (live). The period Mon 2 – Wed 4, ended: due before its end:
	// overdue.
	e.at(vn(3, 4, 10, 0))
	e.expect("paused the day it fell due", "manager", week, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
	e.at(vn(3, 5, 9, 30))
	e.expect("paused, the next day", "manager", week, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
	e.expect("paused, the period ended", "manager", toWed, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})

	// Thursday 10:00 resumed: paused Wednesday 09:00 – Thursday 10:00 = 2.5 h + 4 h + 2.5 h = 9
	// working hours; from Wednesday 08:00: 7.5 h that day, 1.5 h on Thursday: due Thursday
	// 09:00, still an hour before now: overdue (running, due today before now). The ended period
	// now judges it by Thursday 09:00, after its end: within.
	e.at(vn(3, 5, 10, 0))
	e.dueIs(e.act("intake", d.Code, dossier.Request{Action: workflow.RecordSupplement}), vn(3, 5, 9, 0))
	e.at(vn(3, 5, 10, 30))
	e.expect("resumed, still late", "manager", week, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
	e.expect("resumed, the period ended", "manager", toWed, stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})

	// Thursday 15:00 solved: Thursday is its due day now: on time, though it was pending and
	// overdue the moment before.
	e.at(vn(3, 5, 15, 0))
	e.solve(d.Code)
	e.expect("solved on the moved due day", "manager", week, stats.Counts{New: 1, Total: 1, Solved: 1, OnTime: 1})
}

// 3. Rescheduled. Three dossiers received Monday 08:00, due Wednesday 08:00; on Tuesday 10:00 the
// leader moves A to Friday 17:00, B to Thursday 17:00, C to Friday 17:00.
func edgeRescheduled(e *edges) {
	a := e.counter("intake", counterDossier("Gia hạn sớm"))
	b := e.counter("intake", counterDossier("Gia hạn vẫn trễ"))
	c := e.counter("intake", counterDossier("Gia hạn đúng hạn"))
	e.at(vn(3, 3, 10, 0))
	for _, r := range []struct {
		code string
		due  time.Time
	}{{a.Code, vn(3, 6, 17, 0)}, {b.Code, vn(3, 5, 17, 0)}, {c.Code, vn(3, 6, 17, 0)}} {
		d := e.act("leader", r.code, dossier.Request{Action: workflow.Reschedule, Reason: "Chờ xác minh", NewDue: &r.due})
		e.dueIs(d, r.due)
		if d.Reschedules != 1 {
			e.t.Fatalf("%s: %d reschedules", d.Code, d.Reschedules)
		}
	}
	week := e.filter(testdb.Dept, false, day(3, 2), day(3, 9))

	// Wednesday 09:00, an hour after the original due instant: all three within (their due
	// instants are now Thursday or Friday 17:00).
	e.at(vn(3, 4, 9, 0))
	e.expect("after the old due", "manager", week, stats.Counts{New: 3, Total: 3, Pending: 3, PendingWithin: 3})

	// Thursday 14:00 A is solved: after its old due day, before its new one (Friday): early.
	e.at(vn(3, 5, 14, 0))
	e.solve(a.Code)

	// Friday 09:00: B's new due instant (Thursday 17:00) has passed: overdue; C within.
	e.at(vn(3, 6, 9, 0))
	e.expect("B past its new due", "manager", week, stats.Counts{New: 3, Total: 3, Solved: 1, Early: 1, Pending: 2, PendingWithin: 1, PendingOverdue: 1})

	// Friday 10:00 C is solved on its new due day: on time. Monday 9 March 09:00 B is solved,
	// after its new due day (Thursday): late, rescheduled or not.
	e.at(vn(3, 6, 10, 0))
	e.solve(c.Code)
	e.at(vn(3, 9, 9, 0))
	e.solve(b.Code)
	e.at(vn(3, 9, 10, 0))
	e.expect("the week, B solved after it", "manager", week, stats.Counts{New: 3, Total: 3, Solved: 2, Early: 1, OnTime: 1, Pending: 1, PendingOverdue: 1})
	e.expect("all solved, live", "manager", e.filter(testdb.Dept, false, day(3, 2), day(3, 16)),
		stats.Counts{New: 3, Total: 3, Solved: 3, Early: 1, OnTime: 1, Late: 1})
	// Mon 2 – Thu 5 (To Friday 00:00): A solved early on Thursday; B open at the end, due
	// Thursday 17:00 < Friday 00:00: overdue; C open, due Friday 17:00: within.
	e.expect("up to Thursday", "manager", e.filter(testdb.Dept, false, day(3, 2), day(3, 6)),
		stats.Counts{New: 3, Total: 3, Solved: 1, Early: 1, Pending: 2, PendingWithin: 1, PendingOverdue: 1})
}

// 3b. Rescheduled after a past period ended. Received Monday 08:00, due Wednesday 08:00, and on
// Thursday 09:30 — already overdue — given an apology slip with a new due, Monday 9 March 17:00.
// A past period's overdue figure is by the due instant the dossier has now, so the period Mon 2 –
// Wed 4 shows it overdue before the reschedule and within after; as of before the reschedule
// the event log still gives overdue.
func edgeRescheduledAfterPeriod(e *edges) {
	d := e.counter("intake", counterDossier("Gia hạn muộn"))
	toWed := e.filter(testdb.Dept, false, day(3, 2), day(3, 5))
	e.at(vn(3, 5, 9, 0))
	e.expect("before the reschedule", "manager", toWed, stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})

	e.at(vn(3, 5, 9, 30))
	due := vn(3, 9, 17, 0)
	e.dueIs(e.act("leader", d.Code, dossier.Request{Action: workflow.Reschedule, Reason: "Xin lỗi, hẹn lại", NewDue: &due}), due)
	e.at(vn(3, 5, 10, 0))
	e.expect("after the reschedule", "manager", toWed, stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})
	e.asOf("as shown before the reschedule", "manager", toWed, vn(3, 5, 9, 0), stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})

	// Solved Monday 9 March 09:00, its new due day: on time, five days after the legal due.
	e.at(vn(3, 9, 9, 0))
	e.solve(d.Code)
	e.expect("solved", "manager", e.filter(testdb.Dept, false, day(3, 2), day(3, 16)), stats.Counts{New: 1, Total: 1, Solved: 1, OnTime: 1})
}

// 4. Transferred between units. A is received at Dept (receiving and competent unit) Monday
// 08:00, due Wednesday 08:00, handed to appraisal at 09:00, its step transferred to Other at
// 10:00 and returned Tuesday 10:00, solved Tuesday 15:00 (early). B, received at Dept the same
// instant with Other as its competent unit, stays received: it counts for both units, to show
// that the province with its sub-units counts each dossier once.
func edgeTransferred(e *edges) {
	a := e.counter("intake", counterDossier("Chuyển sở khác"))
	in := counterDossier("Thẩm quyền sở khác")
	in.CompetentUnitCode = testdb.Other
	b := e.counter("intake", in)
	if a.CompetentUnit != testdb.Dept || b.CompetentUnit != testdb.Other || b.UnitCode != testdb.Dept {
		e.t.Fatalf("units: A %s/%s, B %s/%s", a.UnitCode, a.CompetentUnit, b.UnitCode, b.CompetentUnit)
	}
	week := func(unit string, children bool) store.SummaryFilter {
		return e.filter(unit, children, day(3, 2), day(3, 9))
	}
	// Both pending within (due Wednesday 08:00) until A is solved:
	//   Dept: A and B; Other: B (competent); the province with its sub-units: A and B once each
	//   (B is Dept's and Other's, one dossier); the province alone: none of its own.
	open := func(label string) {
		e.t.Helper()
		e.expect(label, "manager", week(testdb.Dept, false), stats.Counts{New: 2, Total: 2, Pending: 2, PendingWithin: 2})
		e.expect(label, "admin", week(testdb.Other, false), stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})
		e.expect(label, "admin", week(testdb.Province, true), stats.Counts{New: 2, Total: 2, Pending: 2, PendingWithin: 2})
		e.expect(label, "admin", week(testdb.Province, false), stats.Counts{})
	}

	e.at(vn(3, 2, 9, 0))
	if a = e.act("intake", a.Code, dossier.Request{Action: workflow.Forward}); a.StepUnit != testdb.Dept || a.StepRole != workflow.ProcessingOfficer {
		e.t.Fatalf("appraisal at %s by %s", a.StepUnit, a.StepRole)
	}
	e.at(vn(3, 2, 9, 30))
	open("before the transfer")

	e.at(vn(3, 2, 10, 0))
	a = e.act("officer", a.Code, dossier.Request{Action: workflow.Transfer, Reason: "Xin ý kiến Sở Xây dựng", ToUnit: testdb.Other})
	if a.StepUnit != testdb.Other || a.TransferFromUnit != testdb.Dept {
		e.t.Fatalf("after the transfer: step at %s from %s", a.StepUnit, a.TransferFromUnit)
	}
	e.at(vn(3, 2, 11, 0))
	open("step at Other")

	e.at(vn(3, 3, 10, 0))
	if a = e.act("other.officer", a.Code, dossier.Request{Action: workflow.TransferReturn, Result: "Thống nhất"}); a.StepUnit != testdb.Dept {
		e.t.Fatalf("after the return: step at %s", a.StepUnit)
	}
	e.at(vn(3, 3, 11, 0))
	open("returned")

	// Tuesday 15:00 A is solved, the day before its due day: early, for Dept and the province,
	// not for Other.
	e.at(vn(3, 3, 15, 0))
	e.solve(a.Code)
	e.at(vn(3, 3, 16, 0))
	e.expect("A solved", "manager", week(testdb.Dept, false), stats.Counts{New: 2, Total: 2, Solved: 1, Early: 1, Pending: 1, PendingWithin: 1})
	e.expect("A solved", "admin", week(testdb.Other, false), stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1})
	e.expect("A solved", "admin", week(testdb.Province, true), stats.Counts{New: 2, Total: 2, Solved: 1, Early: 1, Pending: 1, PendingWithin: 1})
}

// 5. A unit re-parented mid-period. Two groups under the province, Khối A and Khối B; Other
// starts under Khối A. X is received at Other, Y at Dept, both Monday 08:00 (due Wednesday
// 08:00). Tuesday 12:00 Other moves under Khối B. The summary reads the unit tree as it is
// when asked unless told otherwise (docs/statistics.md): after the move X counts, for the whole
// period and for periods that ended before the move, under Khối B and no longer under Khối A;
// Other's own figures and the province's do not change. Asked for the tree as it stood before
// the move, X counts under Khối A.
func edgeReparented(e *edges) {
	const groupA, groupB = "000.00.03.H62", "000.00.04.H62"
	ctx := context.Background()
	if err := e.st.PutUnits(ctx, []org.Unit{
		{Code: groupA, Name: "Khối A", ParentCode: testdb.Province, Level: 2},
		{Code: groupB, Name: "Khối B", ParentCode: testdb.Province, Level: 2},
		{Code: testdb.Other, Name: "Sở Xây dựng", ParentCode: groupA, Level: 3},
	}); err != nil {
		e.t.Fatal(err)
	}
	in := counterDossier("Sở Xây dựng nhận")
	in.UnitCode = testdb.Other
	x := e.counter("other.intake", in)
	e.counter("intake", counterDossier("Sở Tư pháp nhận"))
	month := func(unit string, children bool) store.SummaryFilter {
		return e.filter(unit, children, day(3, 1), day(4, 1))
	}
	monday := func(unit string) store.SummaryFilter { return e.filter(unit, true, day(3, 2), day(3, 3)) }
	one := stats.Counts{New: 1, Total: 1, Pending: 1, PendingWithin: 1}

	// Tuesday 10:00, before the move: X within under Khối A and at Other; the province has X and
	// Y; Monday alone (ended, X open at its end, due Wednesday): X within under Khối A.
	e.at(vn(3, 3, 10, 0))
	e.expect("before the move", "admin", month(groupA, true), one)
	e.expect("before the move", "admin", month(groupB, true), stats.Counts{})
	e.expect("before the move", "admin", month(testdb.Other, false), one)
	e.expect("before the move", "admin", month(testdb.Province, true), stats.Counts{New: 2, Total: 2, Pending: 2, PendingWithin: 2})
	e.expect("before the move", "admin", monday(groupA), one)

	e.at(vn(3, 3, 12, 0))
	if err := e.st.ReparentUnit(ctx, testdb.Other, groupB, e.now); err != nil {
		e.t.Fatal(err)
	}

	// Tuesday 13:00, after: the same figures, moved from Khối A to Khối B — for March and for
	// Monday, which ended before the move.
	e.at(vn(3, 3, 13, 0))
	e.expect("after the move", "admin", month(groupA, true), stats.Counts{})
	e.expect("after the move", "admin", month(groupB, true), one)
	e.expect("after the move", "admin", month(testdb.Other, false), one)
	e.expect("after the move", "admin", month(testdb.Province, true), stats.Counts{New: 2, Total: 2, Pending: 2, PendingWithin: 2})
	e.expect("after the move", "admin", monday(groupA), stats.Counts{})
	e.expect("after the move", "admin", monday(groupB), one)
	// Recomputed as of Tuesday 10:00 the units are today's too: Khối A had X on its dashboard
	// then, and is recomputed without it.
	e.asOf("Khối A as of before the move", "admin", month(groupA, true), vn(3, 3, 10, 0), stats.Counts{})
	// Unless the tree of then is asked for (TreeAt): X under Khối A again — in the figures, in
	// those recomputed as of then, and in the listing behind them; from the instant of the move
	// under Khối B.
	treeAt := func(f store.SummaryFilter, at time.Time) store.SummaryFilter { f.TreeAt = at; return f }
	before := vn(3, 3, 10, 0)
	e.expect("the tree before the move", "admin", treeAt(month(groupA, true), before), one)
	e.expect("the tree before the move", "admin", treeAt(month(groupB, true), before), stats.Counts{})
	e.expect("the tree before the move", "admin", treeAt(monday(groupA), before), one)
	e.expect("the tree at the move", "admin", treeAt(month(groupA, true), vn(3, 3, 12, 0)), stats.Counts{})
	e.expect("the tree at the move", "admin", treeAt(month(groupB, true), vn(3, 3, 12, 0)), one)
	e.asOf("Khối A as of before the move, its tree of then", "admin", treeAt(month(groupA, true), before), before, one)
	for _, c := range []struct {
		at   time.Time
		unit string
		want int
	}{{before, groupA, 1}, {before, groupB, 0}, {time.Time{}, groupA, 0}, {time.Time{}, groupB, 1}} {
		// The listing shows what the reader works on: Other's intake officer sees X.
		page, err := e.st.ListDossiers(ctx, e.f.Users["other.intake"], store.ListFilter{Unit: c.unit, IncludeChildren: true, TreeAt: c.at})
		if err != nil {
			e.t.Fatal(err)
		}
		if page.Total != c.want || len(page.Items) != c.want || (c.want == 1 && page.Items[0].Code != x.Code) {
			e.t.Errorf("listing %s and below, the tree at %v: %d", c.unit, c.at, page.Total)
		}
	}

	// Thursday 10:00 X is withdrawn (after its due instant). Thursday 11:00, March: X withdrawn
	// under Khối B and at Other; the province: X withdrawn, Y open and overdue (due Wednesday
	// 08:00). Mon 2 – Wed 4 (ended Thursday 00:00, X open then, due Wednesday 08:00): X overdue,
	// under Khối B only.
	e.at(vn(3, 5, 10, 0))
	e.act("other.intake", x.Code, dossier.Request{Action: workflow.Withdraw, Reason: "Công dân xin rút"})
	e.at(vn(3, 5, 11, 0))
	withdrawn := stats.Counts{New: 1, Total: 1, Withdrawn: 1}
	e.expect("withdrawn", "admin", month(groupA, true), stats.Counts{})
	e.expect("withdrawn", "admin", month(groupB, true), withdrawn)
	e.expect("withdrawn", "admin", month(testdb.Other, false), withdrawn)
	e.expect("withdrawn", "admin", month(testdb.Province, true), stats.Counts{New: 2, Total: 2, Withdrawn: 1, Pending: 1, PendingOverdue: 1})
	toWed := func(unit string) store.SummaryFilter { return e.filter(unit, true, day(3, 2), day(3, 5)) }
	e.expect("up to Wednesday", "admin", toWed(groupA), stats.Counts{})
	e.expect("up to Wednesday", "admin", toWed(groupB), stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
	e.expect("up to Wednesday, the tree before the move", "admin", treeAt(toWed(groupA), before), stats.Counts{New: 1, Total: 1, Pending: 1, PendingOverdue: 1})
	e.expect("up to Wednesday, the tree before the move", "admin", treeAt(toWed(groupB), before), stats.Counts{})
}

// 6. Received in one period and finished in the next, across the month boundary.
//
//   - A, received Friday 27 March 08:00: 7.5 h on Friday, 8 h on Monday 30, 0.5 h on Tuesday 31:
//     due Tuesday 31 March 08:00. Solved Wednesday 1 April 10:00: late.
//   - B, received Tuesday 31 March 15:00: 2 h that day, 8 h on Wednesday 1 April, 4 h + 2 h on
//     Thursday 2 April: due Thursday 2 April 15:00. Solved Thursday 16:00: on time (the due day,
//     an hour after the due instant).
func edgeAcrossPeriods(e *edges) {
	e.at(vn(3, 27, 8, 0))
	a := e.counter("intake", counterDossier("Nhận tháng Ba"))
	e.dueIs(a, vn(3, 31, 8, 0))
	e.at(vn(3, 31, 15, 0))
	b := e.counter("intake", counterDossier("Nhận cuối tháng"))
	e.dueIs(b, vn(4, 2, 15, 0))
	march := e.filter(testdb.Dept, false, day(3, 1), day(4, 1))
	april := e.filter(testdb.Dept, false, day(4, 1), day(5, 1))

	// Tuesday 31 March 16:00, March live: A overdue since 08:00, B within.
	e.at(vn(3, 31, 16, 0))
	e.expect("end of March, live", "manager", march, stats.Counts{New: 2, Total: 2, Pending: 2, PendingWithin: 1, PendingOverdue: 1})

	e.at(vn(4, 1, 10, 0))
	e.solve(a.Code)
	e.at(vn(4, 2, 16, 0))
	e.solve(b.Code)

	// Thursday 2 April 17:00.
	e.at(vn(4, 2, 17, 0))
	// March, past: both received in it and open at its end (1 April 00:00); A due 31 March
	// 08:00: overdue; B due 2 April: within. Nothing solved in March.
	sum := e.expect("March", "manager", march, stats.Counts{New: 2, Total: 2, Pending: 2, PendingWithin: 1, PendingOverdue: 1})
	if sum.AvgDays != 0 || sum.MedianDays != 0 {
		e.t.Errorf("March: average %v median %v, want 0 (nothing solved)", sum.AvgDays, sum.MedianDays)
	}
	// April, live: both carried over from March and solved: A late, B on time.
	sum = e.expect("April", "manager", april, stats.Counts{Carried: 2, Total: 2, Solved: 2, OnTime: 1, Late: 1})
	// Processing time, receipt to finishing in working days:
	//   A: Friday 27 March 08:00 – Wednesday 1 April 10:00: 3 working days from Friday to
	//      Tuesday (24 h) − 0.5 h + 2.5 h (Wednesday to 10:00) = 26 h = 3.25 days = 13 quarters.
	//   B: Tuesday 31 March 15:00 – Thursday 2 April 16:00: 2 days (16 h) − 6 h (Tuesday to
	//      15:00) + 7 h (Thursday to 16:00) = 17 h = 2.125 days = 8 whole quarters.
	// Average (3250 + 2125) / 2 = 2687.5 thousandths = 2.6875; median the lower of two: 8
	// quarters = 2; saved (4000 − 5375) / 4000 = −34.375 % → −34.4.
	if sum.AvgDays != 2.6875 || sum.MedianDays != 2 || sum.SavedPct != -34.4 {
		e.t.Errorf("April processing time: average %v median %v saved %v %%, want 2.6875, 2, -34.4", sum.AvgDays, sum.MedianDays, sum.SavedPct)
	}
	// The two months together: both new and solved, none pending.
	e.expect("March and April", "manager", e.filter(testdb.Dept, false, day(3, 1), day(5, 1)),
		stats.Counts{New: 2, Total: 2, Solved: 2, OnTime: 1, Late: 1})
	// Monday 30 March – Wednesday 1 April (To Thursday 00:00): A received before it, open at its
	// start: carried, solved late on 1 April; B new, open at its end, due Thursday 15:00: within.
	e.expect("across the boundary", "manager", e.filter(testdb.Dept, false, day(3, 30), day(4, 2)),
		stats.Counts{New: 1, Carried: 1, Total: 2, Solved: 1, Late: 1, Pending: 1, PendingWithin: 1})
}
