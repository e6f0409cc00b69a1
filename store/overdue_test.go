package store_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
)

// TestOverdueAcrossTheYearAndAfterUpgrade: the pending-overdue figure is a sum of flows kept per
// day, month and year (stat_overdue_flow). A history from mid-December into the new year checks
// every level against a recount of the listing, and then again after the table is rebuilt from
// stat_due by the statement migration 0022 runs on a database upgraded with dossiers in it.
func TestOverdueAcrossTheYearAndAfterUpgrade(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			start := time.Date(2025, 12, 15, 8, 0, 0, 0, calendar.Zone)
			f, setNow := clockedStore(t, db, start)
			st := f.Store
			var codes []string
			end := randomHistory(t, f, rand.New(rand.NewPCG(11, uint64(len(db.Name)))), setNow, 180, start, &codes)
			if end.Year() != 2026 || end.Month() > 1 {
				t.Fatalf("the history ends %s: it must cross into January 2026", end)
			}
			day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, calendar.Zone) }
			ends := []time.Time{day(2025, 12, 20), day(2025, 12, 31), day(2026, 1, 1), day(2026, 1, 2), day(2026, 1, 15),
				day(2026, 2, 1), calendar.DateOf(end).Time(), calendar.DateOf(end).AddDays(1).Time()}
			ds := listAll(t, st, "manager", f, testdb.Dept, false)
			check := func(when string) {
				t.Helper()
				overdue := 0
				for _, to := range ends {
					from := day(2025, 12, 1)
					want := stats.Recount(ds, from, to, end)
					got, err := st.StatsSummary(ctx, f.Users["manager"], store.SummaryFilter{Unit: testdb.Dept, From: from, To: to})
					if err != nil {
						t.Fatal(err)
					}
					if got.Total != want {
						t.Fatalf("%s, to %s:\n summary %+v\n recount %+v", when, to.Format(time.DateOnly), got.Total, want)
					}
					overdue += want.PendingOverdue
				}
				if overdue == 0 {
					t.Fatal("no dossier was ever pending and overdue: the history proves nothing")
				}
			}
			check("kept by the folds")

			// As an upgrade finds it: the flows rebuilt from stat_due alone.
			body, err := os.ReadFile("migrations/0022_overdue_flow.sql")
			if err != nil {
				t.Fatal(err)
			}
			insert := string(body[strings.Index(string(body), "INSERT INTO stat_overdue_flow"):])
			raw := rawDB(t, db)
			if _, err := raw.ExecContext(ctx, "DELETE FROM stat_overdue_flow"); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.ExecContext(ctx, strings.TrimSuffix(strings.TrimSpace(insert), ";")); err != nil {
				t.Fatal(err)
			}
			check("rebuilt as migration 0022 does")
		})
	}
}

// rawDB opens the test database beside the store, to do what only a migration does.
func rawDB(t *testing.T, db testdb.DB) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", db.DSN
	if path, ok := strings.CutPrefix(db.DSN, "sqlite:"); ok {
		driver, dsn = "sqlite", "file:"+path+"?_pragma=busy_timeout(5000)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}
