package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
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

// TestImportAfterAMove: a unit moved (its history on record) and then moved back by an import of
// units counts, in today's tree, where the units say it is — the statistics, the listing and
// the unit list agree — and the history keeps every parent it had, for a past day's tree.
func TestImportAfterAMove(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			f, setNow := clockedStore(t, db, testdb.At(8, 0))
			st := f.Store
			const groupA, groupB = "000.00.03.H62", "000.00.04.H62"
			other := func(parent string) org.Unit {
				return org.Unit{Code: testdb.Other, Name: "Sở Xây dựng", ParentCode: parent, Level: 3}
			}
			if err := st.PutUnits(ctx, []org.Unit{{Code: groupA, Name: "Khối A", ParentCode: testdb.Province, Level: 2},
				{Code: groupB, Name: "Khối B", ParentCode: testdb.Province, Level: 2}, other(groupA)}); err != nil {
				t.Fatal(err)
			}
			in := counterDossier("Sở Xây dựng nhận")
			in.UnitCode = testdb.Other
			if _, err := st.CreateDossier(ctx, f.Users["other.intake"], in); err != nil {
				t.Fatal(err)
			}
			moved, back := testdb.At(10, 0), testdb.At(12, 0)
			setNow(moved)
			if err := st.ReparentUnit(ctx, testdb.Other, groupB, moved); err != nil {
				t.Fatal(err)
			}
			setNow(back)
			if err := st.PutUnits(ctx, []org.Unit{other(groupA)}); err != nil { // the catalogue's import
				t.Fatal(err)
			}
			setNow(testdb.At(13, 0))
			day := testdb.At(0, 0)
			for _, c := range []struct {
				name   string
				unit   string
				treeAt time.Time
				want   int
			}{
				{"today, under A again", groupA, time.Time{}, 1},
				{"today, not under B", groupB, time.Time{}, 0},
				{"before the move", groupA, testdb.At(9, 0), 1},
				{"between the move and the import", groupB, testdb.At(11, 0), 1},
				{"between the move and the import", groupA, testdb.At(11, 0), 0},
				{"after the import", groupA, testdb.At(12, 30), 1},
			} {
				sum, err := st.StatsSummary(ctx, f.Users["admin"], store.SummaryFilter{Unit: c.unit, IncludeChildren: true, TreeAt: c.treeAt,
					From: day, To: day.AddDate(0, 0, 1)})
				if err != nil {
					t.Fatal(err)
				}
				page, err := st.ListDossiers(ctx, f.Users["other.intake"], store.ListFilter{Unit: c.unit, IncludeChildren: true, TreeAt: c.treeAt})
				if err != nil {
					t.Fatal(err)
				}
				if sum.Total.New != c.want || page.Total != c.want {
					t.Errorf("%s: %s has %d received, its listing %d; want %d", c.name, c.unit, sum.Total.New, page.Total, c.want)
				}
			}
		})
	}
}
