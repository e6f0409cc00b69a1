package store_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// randomHistory plays n random steps of life on the fixture's units, the clock moving forward
// by up to a working day at a time from Monday 2 March 2026 across two month boundaries.
func randomHistory(t *testing.T, f testdb.Fixture, rng *rand.Rand, setNow func(time.Time), n int, now time.Time, codes *[]string) time.Time {
	t.Helper()
	ctx := context.Background()
	st := f.Store
	byRole := map[workflow.Role]string{workflow.IntakeOfficer: "intake", workflow.ProcessingOfficer: "officer",
		workflow.Leader: "leader", workflow.Clerk: "clerk"}
	for i := 0; i < n; i++ {
		now = now.Add(time.Duration(rng.IntN(10*60)) * time.Minute)
		setNow(now)
		if len(*codes) == 0 || rng.IntN(4) == 0 {
			var d dossier.Dossier
			var err error
			switch rng.IntN(3) {
			case 0: // at the counter: received at once
				in := counterDossier("Người nộp quầy")
				who := "intake"
				if rng.IntN(5) == 0 {
					in.UnitCode, who = testdb.Other, "other.intake"
				}
				d, err = st.CreateDossier(ctx, f.Users[who], in)
			default: // online: waits for receipt
				d, err = st.CreateDossier(ctx, f.Users["citizen"], store.NewDossier{ProcedureCode: testdb.ProcCode,
					UnitCode: testdb.Dept, Channel: catalog.Online, Summary: "Trực tuyến",
					Applicant: dossier.Applicant{Name: "Công dân", IDNumber: "001090000009", Type: 1}})
			}
			if err != nil {
				t.Fatal(err)
			}
			*codes = append(*codes, d.Code)
			continue
		}
		code := (*codes)[rng.IntN(len(*codes))]
		d, err := st.DossierByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		intake := "intake"
		if d.UnitCode == testdb.Other {
			intake = "other.intake"
		}
		req := dossier.Request{Version: d.Version}
		who := intake
		roll := rng.IntN(100)
		switch d.Status {
		case workflow.Submitted:
			req.Action = workflow.Receive
			if roll < 15 {
				req.Action, req.Reason = workflow.Refuse, "Không đủ điều kiện"
			}
		case workflow.Received, workflow.Processing:
			switch {
			case roll < 6:
				req.Action, req.Reason = workflow.RequestSupplement, "Thiếu giấy tờ"
			case roll < 10:
				req.Action, req.Reason = workflow.Withdraw, "Công dân rút"
			case roll < 13 && d.Status == workflow.Processing && d.UnitCode == testdb.Dept:
				req.Action, req.Reason, who = workflow.Stop, "Dừng xử lý", "leader"
			case roll < 18 && d.DueAt != nil && d.UnitCode == testdb.Dept:
				due := d.DueAt.Add(48 * time.Hour)
				if due.Before(now) {
					due = now.Add(24 * time.Hour)
				}
				req.Action, req.Reason, req.NewDue, who = workflow.Reschedule, "Quá tải", &due, "leader"
			default:
				req.Action = workflow.Forward
				if d.UnitCode == testdb.Other {
					who = map[workflow.Role]string{workflow.IntakeOfficer: "other.intake", workflow.ProcessingOfficer: "other.officer"}[d.StepRole]
				} else {
					who = byRole[d.StepRole]
				}
				if who == "" {
					continue // nobody at that unit holds the role
				}
			}
		case workflow.Supplement:
			req.Action = workflow.RecordSupplement
		case workflow.Done:
			req.Action, req.How = workflow.ReturnResult, "counter"
		default:
			continue
		}
		if _, err := st.Act(ctx, f.Users[who], code, req); err != nil {
			t.Fatalf("step %d: %s by %s on %s (status %d): %v", i, req.Action, who, code, d.Status, err)
		}
	}
	return now
}

// clockedStore opens db with the fixture and a clock that starts at start and setNow moves.
func clockedStore(t *testing.T, db testdb.DB, start time.Time) (testdb.Fixture, func(time.Time)) {
	t.Helper()
	st, err := store.Open(context.Background(), db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var mu sync.Mutex
	now := start
	st.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	return testdb.Seed(t, st), func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
}

// listAll pages through the dossier listing of a unit as who sees it.
func listAll(t *testing.T, st *store.Store, who string, f testdb.Fixture, unit string, children bool) []dossier.Dossier {
	t.Helper()
	var out []dossier.Dossier
	lf := store.ListFilter{Unit: unit, IncludeChildren: children, Limit: store.MaxLimit}
	for {
		p, err := st.ListDossiers(context.Background(), f.Users[who], lf)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Items...)
		if p.NextCursor == 0 {
			return out
		}
		lf.Cursor = p.NextCursor
	}
}

// TestSummaryEqualsRecount is the consistency property of issue 5: over random histories, the
// summary for a unit and period — read from the rollups the transitions keep — equals a recount
// of the dossier listing of the same unit, for past periods and for the live one.
func TestSummaryEqualsRecount(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			f, setNow := clockedStore(t, db, testdb.At(8, 0))
			st := f.Store
			rng := rand.New(rand.NewPCG(7, uint64(len(db.Name))))
			var codes []string
			// The live figures are checked along the way too: paused dossiers, dossiers due
			// later today, overdue ones.
			end := testdb.At(8, 0)
			for chunk := 0; chunk < 4; chunk++ {
				end = randomHistory(t, f, rng, setNow, 200, end, &codes)
				if chunk < 3 {
					ds := listAll(t, st, "manager", f, testdb.Dept, false)
					from := calendar.DateOf(testdb.At(8, 0)).Time()
					to := calendar.DateOf(end).AddDays(1).Time()
					want := stats.Recount(ds, from, to, end)
					got, err := st.StatsSummary(context.Background(), f.Users["manager"], store.SummaryFilter{Unit: testdb.Dept, From: from, To: to})
					if err != nil || got.Total != want {
						t.Fatalf("live at %s: %v\n summary %+v\n recount %+v", end, err, got.Total, want)
					}
				}
			}

			day := func(t time.Time) time.Time { return calendar.DateOf(t).Time() }
			first, last := day(testdb.At(8, 0)), day(end)
			span := int(last.Sub(first).Hours()/24) + 1
			type period struct{ from, to time.Time }
			periods := []period{
				{first, day(end).AddDate(0, 0, 1)}, // everything, live
				{time.Date(2026, 3, 1, 0, 0, 0, 0, calendar.Zone), time.Date(2026, 4, 1, 0, 0, 0, 0, calendar.Zone)}, // March
				{time.Date(2026, 4, 1, 0, 0, 0, 0, calendar.Zone), time.Date(2026, 7, 1, 0, 0, 0, 0, calendar.Zone)}, // a quarter, live
			}
			for i := 0; i < 25; i++ {
				a, b := rng.IntN(span+10), rng.IntN(span+10)
				if a == b {
					b++
				}
				if a > b {
					a, b = b, a
				}
				periods = append(periods, period{first.AddDate(0, 0, a), first.AddDate(0, 0, b)})
			}
			// Someone who sees both departments' dossiers in the listing (administrators see figures,
			// not dossiers).
			bothID, err := st.AddUser(context.Background(), user.User{Username: "both", FullName: "Hai sở", Roles: []user.RoleAt{
				{Role: workflow.CentreManager, Unit: testdb.Dept}, {Role: workflow.CentreManager, Unit: testdb.Other}}}, "password-both")
			if err != nil {
				t.Fatal(err)
			}
			if f.Users["both"], err = st.UserByID(context.Background(), bothID); err != nil {
				t.Fatal(err)
			}
			for _, scope := range []struct {
				who, lister, unit string
				children          bool
			}{{"manager", "manager", testdb.Dept, false}, {"admin", "both", testdb.Province, true}, {"admin", "both", testdb.Other, false}} {
				ds := listAll(t, st, scope.lister, f, scope.unit, scope.children)
				for _, p := range periods {
					want := stats.Recount(ds, p.from, p.to, end)
					got, err := st.StatsSummary(context.Background(), f.Users[scope.who], store.SummaryFilter{Unit: scope.unit, IncludeChildren: scope.children, From: p.from, To: p.to})
					if err != nil {
						t.Fatal(err)
					}
					if got.Total != want {
						t.Fatalf("%s %s [%s, %s):\n summary %+v\n recount %+v", scope.who, scope.unit,
							p.from.Format(time.DateOnly), p.to.Format(time.DateOnly), got.Total, want)
					}
				}
				if len(ds) < 10 {
					t.Fatalf("%s sees only %d dossiers: the history is too thin to prove anything", scope.unit, len(ds))
				}
			}
		})
	}
}

// TestFoldingTwiceAtOnce: transitions only record deltas; two servers folding at the same time
// (two store handles on one database) add each delta exactly once.
func TestFoldingTwiceAtOnce(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			other, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { other.Close() })
			var mu sync.Mutex
			now := testdb.At(8, 0)
			clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
			st.SetClock(clock)
			other.SetClock(clock)
			f := testdb.Seed(t, st)
			var codes []string
			end := randomHistory(t, f, rand.New(rand.NewPCG(3, 4)), func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }, 400, testdb.At(8, 0), &codes)
			var wg sync.WaitGroup
			folded := make([]int, 2)
			for i, s := range []*store.Store{st, other} {
				wg.Go(func() {
					n, err := s.FoldStats(ctx)
					if err != nil {
						t.Error(err)
					}
					folded[i] = n
				})
			}
			wg.Wait()
			if folded[0]+folded[1] == 0 {
				t.Fatal("nothing was folded: the transitions recorded no deltas")
			}
			ds := listAll(t, st, "manager", f, testdb.Dept, false)
			from, to := calendar.DateOf(testdb.At(8, 0)).Time(), calendar.DateOf(end).AddDays(1).Time()
			want := stats.Recount(ds, from, to, end)
			got, err := other.StatsSummary(ctx, f.Users["manager"], store.SummaryFilter{Unit: testdb.Dept, From: from, To: to})
			if err != nil || got.Total != want {
				t.Fatalf("after folding twice at once (%v): %v\n summary %+v\n recount %+v", folded, err, got.Total, want)
			}
			if n, err := st.FoldStats(ctx); err != nil || n != 0 {
				t.Fatalf("deltas left after folding: %d %v", n, err)
			}
		})
	}
}
