package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// TestWhereDossiersGetLate: a 2-working-day procedure (budgets 0.75 h to receive, 8.75 h to
// appraise, 3 h to approve, 3 h to stamp) received Monday 08:00 is handed over Monday 09:00
// (1 h: over), Wednesday 08:00 (15 working hours: over by 6.25 h), Wednesday 09:00 (1 h) and
// Thursday 10:00 (9 h: over by 6 h) — finished late, due Wednesday 08:00. Appraisal made it
// late, and the officer completed it.
func TestWhereDossiersGetLate(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			now := testdb.At(8, 0)
			st.SetClock(func() time.Time { return now })
			f := testdb.Seed(t, st)
			d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Chậm Trễ"))
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range []struct {
				who string
				at  time.Time
			}{
				{"intake", testdb.At(9, 0)},
				{"officer", testdb.At(8, 0).AddDate(0, 0, 2)},
				{"leader", testdb.At(9, 0).AddDate(0, 0, 2)},
				{"clerk", testdb.At(10, 0).AddDate(0, 0, 3)},
			} {
				now = h.at
				if d, err = st.Act(ctx, f.Users[h.who], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
					t.Fatal(err)
				}
			}
			if d.Status != workflow.Done || d.Timeliness(now) != dossier.Late {
				t.Fatalf("status %d timeliness %s", d.Status, d.Timeliness(now))
			}
			march := store.SummaryFilter{Unit: testdb.Dept, From: time.Date(2026, 3, 1, 0, 0, 0, 0, now.Location()), To: time.Date(2026, 4, 1, 0, 0, 0, 0, now.Location())}
			rep, err := st.StepStats(ctx, f.Users["manager"], march, testdb.ProcCode)
			if err != nil {
				t.Fatal(err)
			}
			want := []struct {
				key        string
				over, late int
				median     float64
				budget     float64
			}{
				{"receive", 1, 0, 1.1, 0.75},
				{"appraise", 1, 1, 15.5, 8.75},
				{"approve", 0, 0, 1.1, 3},
				{"stamp", 1, 0, 9.5, 3},
			}
			if len(rep.Steps) != len(want) {
				t.Fatalf("steps %+v", rep.Steps)
			}
			for i, w := range want {
				s := rep.Steps[i]
				if s.Key != w.key || s.Count != 1 || s.OverBudget != w.over || s.LateCaused != w.late || s.MedianHours != w.median || s.BudgetHours != w.budget || s.Name == "" {
					t.Errorf("step %d: %+v, want %+v", i, s, w)
				}
			}
			if len(rep.Causes) != 1 || rep.Causes[0].Step != "appraise" || rep.Causes[0].Username != "officer" || rep.Causes[0].Unit != testdb.Dept {
				t.Errorf("late causes %+v", rep.Causes)
			}
			if _, err := st.StepStats(ctx, f.Users["officer"], march, testdb.ProcCode); errKey(err) != "forbidden_stats" {
				t.Errorf("an officer read the step figures: %v", err)
			}
			trend, err := st.LateTrend(ctx, f.Users["manager"], march)
			if err != nil || len(trend) != 1 || trend[0] != (store.MonthFigures{Month: 202603, Received: 1, Solved: 1, Late: 1}) {
				t.Errorf("trend %+v %v", trend, err)
			}
			// Mid-January to mid-April: every month the period touches, the empty ones as zeros.
			four := store.SummaryFilter{Unit: testdb.Dept, From: time.Date(2026, 1, 15, 0, 0, 0, 0, calendar.Zone), To: time.Date(2026, 4, 16, 0, 0, 0, 0, calendar.Zone)}
			trend, err = st.LateTrend(ctx, f.Users["manager"], four)
			wantMonths := []store.MonthFigures{{Month: 202601}, {Month: 202602}, {Month: 202603, Received: 1, Solved: 1, Late: 1}, {Month: 202604}}
			if err != nil || !slices.Equal(trend, wantMonths) {
				t.Errorf("trend over four months %+v %v", trend, err)
			}
			typical, err := st.TypicalStepHours(ctx, testdb.ProcCode)
			if err != nil || typical["appraise"] != 15.5 || len(typical) != 4 {
				t.Errorf("typical step hours %v %v", typical, err)
			}
		})
	}
}
