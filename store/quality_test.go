package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
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

// TestTreeHistoryKeptByEveryMove: a move by import of a unit never moved before, and a move of a
// unit that had no parent, both leave the tree of before them as it was; a move dated before the
// last one on record is refused; the ranking of a unit's sub-units as they stood is open to its
// leader although one of them has moved away since.
func TestTreeHistoryKeptByEveryMove(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			f, setNow := clockedStore(t, db, testdb.At(8, 0))
			st := f.Store
			const groupA, loose = "000.00.03.H62", "000.00.05.H62"
			if err := st.PutUnits(ctx, []org.Unit{{Code: groupA, Name: "Khối A", ParentCode: testdb.Province, Level: 2},
				{Code: loose, Name: "Ban quản lý", Level: 2},
				{Code: testdb.Other, Name: "Sở Xây dựng", ParentCode: groupA, Level: 3}}); err != nil {
				t.Fatal(err)
			}
			leader := user.User{Username: "khoi.a", FullName: "Lãnh đạo Khối A", Roles: []user.RoleAt{{Role: workflow.Leader, Unit: groupA}}}
			var err error
			if leader.ID, err = st.AddUser(ctx, leader, "mat-khau-dai-du-12"); err != nil {
				t.Fatal(err)
			}
			setNow(testdb.At(10, 0))
			if err := st.ReparentUnit(ctx, loose, testdb.Province, testdb.At(10, 0)); err != nil { // had no parent
				t.Fatal(err)
			}
			if err := st.ReparentUnit(ctx, testdb.Other, testdb.Province, testdb.At(10, 0)); err != nil { // out of Khối A
				t.Fatal(err)
			}
			setNow(testdb.At(13, 0))
			if err := st.PutUnits(ctx, []org.Unit{{Code: testdb.Commune, Name: "UBND xã Đạo Trù", ParentCode: groupA, Level: 3}}); err != nil {
				t.Fatal(err) // the import moves a unit never moved before
			}
			under := func(unit string, at time.Time) map[string]bool {
				t.Helper()
				ranked, err := st.IndexRanking(ctx, f.Users["admin"], store.SummaryFilter{Unit: unit, TreeAt: at,
					From: testdb.At(0, 0), To: testdb.At(0, 0).AddDate(0, 0, 1)})
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]bool{}
				for _, ru := range ranked {
					out[ru.Unit.Code] = true
				}
				return out
			}
			at9, now := testdb.At(9, 0), time.Time{}
			if got := under(testdb.Province, at9); got[loose] || !got[testdb.Commune] || !got[groupA] || got[testdb.Other] {
				t.Errorf("the province's units at 09:00: %v", got)
			}
			if got := under(testdb.Province, now); !got[loose] || got[testdb.Commune] || !got[testdb.Other] {
				t.Errorf("the province's units now: %v", got)
			}
			if got := under(groupA, at9); !got[testdb.Other] || got[testdb.Commune] {
				t.Errorf("Khối A's units at 09:00: %v", got)
			}
			if err := st.ReparentUnit(ctx, testdb.Other, groupA, testdb.At(9, 30)); errKey(err) != "reparent_out_of_order" {
				t.Errorf("a move before the last: %v", err)
			}
			// Khối A's leader ranks Khối A's units as they stood at 09:00: Other, which is not
			// Khối A's any more.
			ranked, err := st.IndexRanking(ctx, leader, store.SummaryFilter{Unit: groupA, TreeAt: at9, From: testdb.At(0, 0), To: testdb.At(0, 0).AddDate(0, 0, 1)})
			if err != nil || len(ranked) != 1 || ranked[0].Unit.Code != testdb.Other {
				t.Errorf("the leader's ranking: %v %v", ranked, err)
			}
			if _, err := st.IndexRanking(ctx, leader, store.SummaryFilter{Unit: testdb.Province, From: testdb.At(0, 0), To: testdb.At(0, 0).AddDate(0, 0, 1)}); errKey(err) != "forbidden_stats" {
				t.Errorf("the leader ranked the province's units: %v", err)
			}
		})
	}
}
