package store_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// each runs fn against a fresh, seeded database of every configured kind.
func each(t *testing.T, fn func(t *testing.T, f testdb.Fixture)) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			st, err := store.Open(context.Background(), db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			now := testdb.At(8, 0)
			var mu sync.Mutex
			st.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
			fn(t, testdb.Seed(t, st))
		})
	}
}

func counterDossier(name string) store.NewDossier {
	return store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: catalog.InPerson,
		Applicant: dossier.Applicant{Name: name, IDNumber: "001090000001", Phone: "0912345678", Type: 1},
		Summary:   "Cấp phiếu số 1"}
}

func TestOpenTwiceMigratesOnce(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			for i := 0; i < 2; i++ {
				st, err := store.Open(context.Background(), db.DSN)
				if err != nil {
					t.Fatalf("open %d: %v", i, err)
				}
				st.Close()
			}
		})
	}
}

func TestFullLifecycle(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		d, err := st.CreateDossier(ctx, f.Users["citizen"], store.NewDossier{ProcedureCode: testdb.ProcCode,
			UnitCode: testdb.Dept, Channel: catalog.Online, Applicant: dossier.Applicant{Name: "Nguyễn Văn An"}})
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != workflow.Submitted || d.DueAt != nil {
			t.Fatalf("online submission: status %d due %v, want 1 and no due", d.Status, d.DueAt)
		}
		if want := testdb.Dept + "-260302-0001"; d.Code != want {
			t.Fatalf("code %s, want %s", d.Code, want)
		}
		steps := []struct {
			who    string
			action workflow.Action
			status workflow.Status
			step   string
		}{
			{"intake", workflow.Receive, workflow.Received, "receive"},
			{"intake", workflow.Forward, workflow.Processing, "appraise"},
			{"officer", workflow.Forward, workflow.Processing, "approve"},
			{"leader", workflow.Forward, workflow.Processing, "stamp"},
			{"clerk", workflow.Forward, workflow.Done, "return"},
			{"intake", workflow.ReturnResult, workflow.Returned, "return"},
		}
		for _, s := range steps {
			d, err = st.Act(ctx, f.Users[s.who], d.Code, dossier.Request{Action: s.action, Version: d.Version, How: "counter"})
			if err != nil {
				t.Fatalf("%s by %s: %v", s.action, s.who, err)
			}
			if d.Status != s.status || d.StepKey != s.step {
				t.Fatalf("after %s: status %d step %s, want %d %s", s.action, d.Status, d.StepKey, s.status, s.step)
			}
		}
		if len(d.History) != 7 {
			t.Fatalf("history has %d events, want 7", len(d.History))
		}
		// Received Monday 08:00 with 2 working days (16 session hours):
		// 7.5 h on Monday, 8 h on Tuesday, the last half hour on Wednesday.
		if want := time.Date(2026, 3, 4, 8, 0, 0, 0, time.UTC).Add(-7 * time.Hour); !d.DueAt.Equal(want) {
			t.Fatalf("due %v, want %v", d.DueAt, want)
		}
		if d.FinishedAt == nil || d.Timeliness(st.Now()) != dossier.Early {
			t.Fatalf("finished %v timeliness %s, want early", d.FinishedAt, d.Timeliness(st.Now()))
		}
		tracked, err := st.Track(ctx, d.Code, d.TrackingSecret)
		if err != nil || tracked.Status != workflow.Returned {
			t.Fatalf("track: %v %d", err, tracked.Status)
		}
		if _, err := st.Track(ctx, d.Code, "WRONGSECRET"); motcua.ErrorCode(err) != motcua.ENOTFOUND {
			t.Fatalf("track with a wrong secret: %v", err)
		}
	})
}

func TestRefusalsChangeNothing(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Trần Thị Bình"))
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			who  string
			req  dossier.Request
			code string
		}{
			{"stale version", "intake", dossier.Request{Action: workflow.Forward, Version: d.Version - 1}, motcua.ECONFLICT},
			{"not allowed in status 2", "intake", dossier.Request{Action: workflow.ReturnResult, Version: d.Version, How: "counter"}, motcua.ECONFLICT},
			{"wrong role", "clerk", dossier.Request{Action: workflow.Forward, Version: d.Version}, motcua.EFORBIDDEN},
			{"other unit", "other.intake", dossier.Request{Action: workflow.Forward, Version: d.Version}, motcua.ENOTFOUND},
			{"other citizen", "citizen2", dossier.Request{Action: workflow.Withdraw, Version: d.Version, Reason: "x"}, motcua.ENOTFOUND},
			{"administrator", "admin", dossier.Request{Action: workflow.Forward, Version: d.Version}, motcua.ENOTFOUND},
			{"missing reason", "intake", dossier.Request{Action: workflow.Refuse, Version: d.Version}, motcua.EINVALID},
		}
		for _, c := range cases {
			_, err := st.Act(ctx, f.Users[c.who], d.Code, c.req)
			if got := motcua.ErrorCode(err); got != c.code {
				t.Errorf("%s: error %v (%s), want %s", c.name, err, got, c.code)
			}
		}
		after, err := st.Dossier(ctx, f.Users["intake"], d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if after.Version != d.Version || after.Status != d.Status || len(after.History) != 1 {
			t.Fatalf("refused actions changed the dossier: version %d→%d, %d events", d.Version, after.Version, len(after.History))
		}
	})
}

func TestConcurrentIntakesGetGapFreeCodes(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		const n = 50
		codes := make([]string, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				d, err := f.Store.CreateDossier(context.Background(), f.Users["intake"], counterDossier(fmt.Sprint("Người nộp ", i)))
				codes[i], errs[i] = d.Code, err
			}(i)
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		sort.Strings(codes)
		for i, c := range codes {
			if want := fmt.Sprintf("%s-260302-%04d", testdb.Dept, i+1); c != want {
				t.Fatalf("code %d = %s, want %s (unique and gap-free)", i, c, want)
			}
		}
	})
}

func TestRacingActionsOneWins(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		d, err := f.Store.CreateDossier(ctx, f.Users["intake"], counterDossier("Lê Văn Cường"))
		if err != nil {
			t.Fatal(err)
		}
		const n = 10
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, errs[i] = f.Store.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version})
			}(i)
		}
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case motcua.ErrorCode(err) != motcua.ECONFLICT:
				t.Errorf("loser got %v, want a conflict", err)
			}
		}
		after, err := f.Store.Dossier(ctx, f.Users["intake"], d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if wins != 1 || after.Version != d.Version+1 || len(after.History) != 2 || after.StepKey != "appraise" {
			t.Fatalf("wins %d, version %d→%d, %d events, step %s: want exactly one forward", wins, d.Version, after.Version, len(after.History), after.StepKey)
		}
	})
}

func TestSupplementPausesTheClock(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Phạm Thu Hà"))
		if err != nil {
			t.Fatal(err)
		}
		due := *d.DueAt
		d, err = st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.RequestSupplement, Version: d.Version, Reason: "Thiếu tờ khai"})
		if err != nil {
			t.Fatal(err)
		}
		// The applicant comes back the next morning at 08:00: one working day (8 hours) paused.
		st.SetClock(func() time.Time { return testdb.At(8, 0).AddDate(0, 0, 1) })
		d, err = st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.RecordSupplement, Version: d.Version})
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != workflow.Received {
			t.Fatalf("after supplement: status %d, want 2", d.Status)
		}
		if want := due.AddDate(0, 0, 1); !d.DueAt.Equal(want) {
			t.Fatalf("due moved to %v, want %v (one working day later)", d.DueAt, want)
		}
	})
}

func TestVisibility(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		d, err := st.CreateDossier(ctx, f.Users["citizen"], store.NewDossier{ProcedureCode: testdb.ProcCode,
			UnitCode: testdb.Dept, Channel: catalog.Online, Applicant: dossier.Applicant{Name: "Hoàng Minh"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"citizen", "intake", "officer", "manager"} {
			if _, err := st.Dossier(ctx, f.Users[who], d.Code); err != nil {
				t.Errorf("%s cannot see the dossier: %v", who, err)
			}
		}
		for _, who := range []string{"citizen2", "other.intake", "admin"} {
			if _, err := st.Dossier(ctx, f.Users[who], d.Code); motcua.ErrorCode(err) != motcua.ENOTFOUND {
				t.Errorf("%s: %v, want not found", who, err)
			}
			p, err := st.ListDossiers(ctx, f.Users[who], store.ListFilter{})
			if err != nil || p.Total != 0 {
				t.Errorf("%s lists %d dossiers (%v), want 0", who, p.Total, err)
			}
		}
		in, err := st.Inbox(ctx, f.Users["intake"], 10)
		if err != nil || in.Total != 1 || in.Items[0].Code != d.Code {
			t.Fatalf("intake inbox: %+v %v", in.Total, err)
		}
		in, err = st.Inbox(ctx, f.Users["officer"], 10)
		if err != nil || in.Total != 0 {
			t.Fatalf("officer inbox before receipt: %d %v", in.Total, err)
		}
		in, err = st.Inbox(ctx, f.Users["manager"], 10)
		if err != nil || in.Total != 1 {
			t.Fatalf("manager inbox: %d %v", in.Total, err)
		}
	})
}

func TestCreateValidation(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		cases := []struct {
			name  string
			who   string
			in    store.NewDossier
			field string
			code  string
		}{
			{"unknown procedure", "intake", store.NewDossier{ProcedureCode: "9.999999", UnitCode: testdb.Dept, Channel: catalog.InPerson, Applicant: dossier.Applicant{Name: "A"}}, "procedure_code", motcua.EINVALID},
			{"unknown unit", "intake", store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: "000.00.99.H62", Channel: catalog.InPerson, Applicant: dossier.Applicant{Name: "A"}}, "unit_code", motcua.EINVALID},
			{"no name", "intake", store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: catalog.InPerson}, "applicant.name", motcua.EINVALID},
			{"bad channel", "intake", store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: "fax", Applicant: dossier.Applicant{Name: "A"}}, "channel", motcua.EINVALID},
			{"not implementing", "intake", store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Commune, Channel: catalog.InPerson, Applicant: dossier.Applicant{Name: "A"}}, "competent_unit_code", motcua.EINVALID},
			{"citizen at counter", "citizen", store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: catalog.InPerson, Applicant: dossier.Applicant{Name: "A"}}, "", motcua.EFORBIDDEN},
			{"officer of another unit", "other.intake", counterDossier("A"), "", motcua.EFORBIDDEN},
		}
		for _, c := range cases {
			_, err := f.Store.CreateDossier(ctx, f.Users[c.who], c.in)
			var e *motcua.Error
			if !errors.As(err, &e) || e.Code != c.code || e.Field != c.field {
				t.Errorf("%s: %v, want %s on %q", c.name, err, c.code, c.field)
			}
		}
	})
}
