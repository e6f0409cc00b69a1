package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// The reschedule limit is dated configuration: unlimited by default, and a limit set from a day
// applies to actions on and after that day only.
func TestRescheduleLimitIsADatedPolicy(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		limitFrom := testdb.At(0, 0).AddDate(0, 0, 1) // Tuesday 00:00
		if err := st.SetPolicy(ctx, store.PolicyValue{Name: store.PolicyMaxReschedules, ValidFrom: limitFrom, Value: "1"}); err != nil {
			t.Fatal(err)
		}
		d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Trần Văn Hạn"))
		if err != nil {
			t.Fatal(err)
		}
		reschedule := func(at time.Time) error {
			st.SetClock(func() time.Time { return at })
			cur, err := st.Dossier(ctx, f.Users["leader"], d.Code)
			if err != nil {
				t.Fatal(err)
			}
			due := cur.DueAt.Add(24 * time.Hour)
			_, err = st.Act(ctx, f.Users["leader"], d.Code, dossier.Request{Action: workflow.Reschedule, Version: cur.Version, Reason: "Cần xác minh", NewDue: &due})
			return err
		}
		// Monday: no limit yet, twice is fine.
		for i := 0; i < 2; i++ {
			if err := reschedule(testdb.At(9, i)); err != nil {
				t.Fatalf("reschedule %d before the limit: %v", i+1, err)
			}
		}
		// Tuesday: the limit of 1 is already used up.
		err = reschedule(limitFrom.Add(9 * time.Hour))
		if motcua.ErrorCode(err) != motcua.EINVALID {
			t.Fatalf("reschedule past the limit: %v, want %s", err, motcua.EINVALID)
		}
		got, _ := st.Dossier(ctx, f.Users["leader"], d.Code)
		if got.Reschedules != 2 {
			t.Fatalf("reschedules %d, want 2", got.Reschedules)
		}
		// Raising the limit from Wednesday lets one more through.
		if err := st.SetPolicy(ctx, store.PolicyValue{Name: store.PolicyMaxReschedules, ValidFrom: limitFrom.AddDate(0, 0, 1), Value: "3"}); err != nil {
			t.Fatal(err)
		}
		if err := reschedule(limitFrom.Add(33 * time.Hour)); err != nil {
			t.Fatalf("reschedule under the raised limit: %v", err)
		}
		ps, err := st.Policies(ctx)
		if err != nil || len(ps) != 2 || ps[1].Value != "3" {
			t.Fatalf("policies %+v %v", ps, err)
		}
	})
}

func TestSetPolicyValidates(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		for _, p := range []store.PolicyValue{
			{Name: "no_such_rule", ValidFrom: testdb.At(0, 0), Value: "1"},
			{Name: store.PolicyMaxReschedules, ValidFrom: testdb.At(0, 0), Value: "-1"},
			{Name: store.PolicyMaxReschedules, ValidFrom: testdb.At(0, 0), Value: "một"},
			{Name: store.PolicyMaxReschedules, Value: "1"},
		} {
			if err := f.Store.SetPolicy(context.Background(), p); motcua.ErrorCode(err) != motcua.EINVALID {
				t.Errorf("%+v: %v, want %s", p, err, motcua.EINVALID)
			}
		}
		if ps, _ := f.Store.Policies(context.Background()); len(ps) != 0 {
			t.Fatalf("invalid policies were stored: %+v", ps)
		}
	})
}

// TestTimelinessRuleIsDated: practice compares dates — finished on the due day after the due
// hour is on time; from the day a province switches to instants, the same is late; a dossier
// keeps the class it got when it was finished, and the figures follow it.
func TestTimelinessRuleIsDated(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		var mu sync.Mutex
		now := testdb.At(8, 0)
		st.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
		finishAt := func(name string, at time.Time) dossier.Dossier {
			t.Helper()
			mu.Lock()
			now = testdb.At(8, 0)
			mu.Unlock()
			d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier(name))
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			now = at
			mu.Unlock()
			for _, who := range []string{"intake", "officer", "leader", "clerk"} {
				if d, err = st.Act(ctx, f.Users[who], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
					t.Fatal(err)
				}
			}
			return d
		}
		wed10 := testdb.At(10, 0).AddDate(0, 0, 2) // due Wednesday 08:00 (2 working days from Monday 08:00)
		byDate := finishAt("Theo Ngày", wed10)
		if byDate.DueAt == nil || !byDate.DueAt.Equal(testdb.At(8, 0).AddDate(0, 0, 2)) {
			t.Fatalf("due %v", byDate.DueAt)
		}
		if byDate.FinishClass != dossier.OnTime {
			t.Fatalf("by date: %q, want on time", byDate.FinishClass)
		}
		if err := st.SetPolicy(ctx, store.PolicyValue{Name: store.PolicyTimelinessByInstant, Value: "2", ValidFrom: testdb.At(0, 0)}); errKey(err) != "invalid_policy_value" {
			t.Fatalf("a value other than 0 or 1: %v", err)
		}
		if err := st.SetPolicy(ctx, store.PolicyValue{Name: store.PolicyTimelinessByInstant, Value: "1", ValidFrom: testdb.At(9, 0).AddDate(0, 0, 2)}); err != nil {
			t.Fatal(err)
		}
		byInstant := finishAt("Theo Giờ", wed10)
		if byInstant.FinishClass != dossier.Late || byInstant.Timeliness(wed10) != dossier.Late {
			t.Fatalf("by instant: %q, want late", byInstant.FinishClass)
		}
		again, err := st.Dossier(ctx, f.Users["intake"], byDate.Code)
		if err != nil || again.Timeliness(wed10) != dossier.OnTime {
			t.Fatalf("the first keeps its class: %q %v", again.Timeliness(wed10), err)
		}
		march := store.SummaryFilter{Unit: testdb.Dept, From: testdb.At(0, 0), To: testdb.At(0, 0).AddDate(0, 1, 0)}
		sum, err := st.StatsSummary(ctx, f.Users["manager"], march)
		if err != nil || sum.Total.OnTime != 1 || sum.Total.Late != 1 {
			t.Fatalf("figures: %+v %v", sum.Total, err)
		}
	})
}
