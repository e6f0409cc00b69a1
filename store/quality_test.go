package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// TestIndexRankingReleasesConnections: the ranking computes an index per sub-unit in one
// request, whose context lasts until it ends; each index must give back the connections it reads
// with. A query whose row was never scanned kept one per index: the ninth hung on SQLite's eight
// readers.
func TestIndexRankingReleasesConnections(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		st := f.Store
		from := time.Date(2026, 3, 1, 0, 0, 0, 0, calendar.Zone)
		period := store.SummaryFilter{Unit: testdb.Province, From: from, To: from.AddDate(0, 1, 0)}
		admin := f.Users["admin"]
		for i := range 12 { // 36 indexes, more than either pool holds
			ranked, err := st.IndexRanking(ctx, admin, period)
			if err != nil {
				t.Fatalf("ranking %d: %v", i, err)
			}
			got := map[string]bool{}
			for _, ru := range ranked {
				got[ru.Unit.Code] = true
				one, err := st.QualityIndex(ctx, admin, store.SummaryFilter{Unit: ru.Unit.Code, IncludeChildren: true, From: period.From, To: period.To})
				if err != nil {
					t.Fatal(err)
				}
				if one.Points != ru.Result.Points || one.Band != ru.Result.Band {
					t.Errorf("%s ranked with %v %s, its index is %v %s", ru.Unit.Code, ru.Result.Points, ru.Result.Band, one.Points, one.Band)
				}
			}
			if len(ranked) != 3 || !got[testdb.Dept] || !got[testdb.Other] || !got[testdb.Commune] {
				t.Fatalf("ranked %v", got)
			}
		}
	})
}
