package store_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// TestSummaryAsOfIsWhatTheDashboardShowedThen: the figures recomputed from the event log for a
// past instant equal the figures the rollups gave at that instant, for the live period and for
// past ones, though the dossiers moved on afterwards (finished, rescheduled, paused, resumed).
func TestSummaryAsOfIsWhatTheDashboardShowedThen(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			f, setNow := clockedStore(t, db, testdb.At(8, 0))
			st := f.Store
			rng := rand.New(rand.NewPCG(5, uint64(len(db.Name))))
			var codes []string
			day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, calendar.Zone) }
			type shown struct {
				at     time.Time
				filter store.SummaryFilter
				who    string
				sum    store.Summary
			}
			var seen []shown
			end := testdb.At(8, 0)
			for chunk := 0; chunk < 4; chunk++ {
				end = randomHistory(t, f, rng, setNow, 120, end, &codes)
				today := calendar.DateOf(end)
				for _, sc := range []struct {
					who string
					f   store.SummaryFilter
				}{
					{"manager", store.SummaryFilter{Unit: testdb.Dept, From: day(2026, 3, 1), To: today.AddDays(1).Time()}},            // live
					{"manager", store.SummaryFilter{Unit: testdb.Dept, From: today.AddDays(-10).Time(), To: today.AddDays(-2).Time()}}, // past
					{"admin", store.SummaryFilter{Unit: testdb.Province, IncludeChildren: true, From: day(2026, 3, 1), To: day(2026, 7, 1)}},
				} {
					sum, err := st.StatsSummary(ctx, f.Users[sc.who], sc.f)
					if err != nil {
						t.Fatal(err)
					}
					seen = append(seen, shown{end, sc.f, sc.who, sum})
				}
			}
			busy := 0
			for _, s := range seen {
				got, err := st.StatsSummaryAsOf(ctx, f.Users[s.who], s.filter, s.at)
				if err != nil {
					t.Fatal(err)
				}
				label := s.filter.Unit + " " + s.filter.From.Format(time.DateOnly) + ".." + s.filter.To.Format(time.DateOnly) + " as of " + s.at.Format(time.DateTime)
				if got.Total != s.sum.Total || got.Supplements != s.sum.Supplements {
					t.Fatalf("%s:\n as of %+v (supplements %d)\n shown %+v (supplements %d)", label, got.Total, got.Supplements, s.sum.Total, s.sum.Supplements)
				}
				if math.Abs(got.AvgDays-s.sum.AvgDays) > 1e-9 || got.SavedPct != s.sum.SavedPct || got.Live != s.sum.Live {
					t.Fatalf("%s: as of avg %v saved %v live %v; shown avg %v saved %v live %v", label, got.AvgDays, got.SavedPct, got.Live, s.sum.AvgDays, s.sum.SavedPct, s.sum.Live)
				}
				if s.sum.Total.Pending > 0 && s.sum.Total.Solved > 0 {
					busy++
				}
			}
			if busy < 6 {
				t.Fatalf("only %d snapshots had pending and solved dossiers: the history proves little", busy)
			}
			// Before the period starts there is nothing to recompute; others' figures stay hidden.
			_, err := st.StatsSummaryAsOf(ctx, f.Users["manager"], store.SummaryFilter{Unit: testdb.Dept, From: day(2026, 3, 10), To: day(2026, 4, 1)}, day(2026, 3, 9))
			var me *motcua.Error
			if !errors.As(err, &me) || me.Key != "invalid_as_of" {
				t.Fatalf("as of before the period: %v", err)
			}
			_, err = st.StatsSummaryAsOf(ctx, f.Users["manager"], store.SummaryFilter{Unit: testdb.Other, From: day(2026, 3, 1), To: day(2026, 4, 1)}, day(2026, 3, 9))
			if !errors.As(err, &me) || me.Key != "forbidden_stats" {
				t.Fatalf("another unit's figures: %v", err)
			}
		})
	}
}
