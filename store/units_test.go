package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// Re-parenting moves a unit, with its dossiers, under another branch of the tree for listings,
// keeps the earlier parent on record, and refuses loops and future dates.
func TestReparentUnit(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Lê Thị Sáp Nhập"))
		if err != nil {
			t.Fatal(err)
		}
		underOther := func() int {
			p, err := st.ListDossiers(ctx, f.Users["manager"], store.ListFilter{Unit: testdb.Other, IncludeChildren: true})
			if err != nil {
				t.Fatal(err)
			}
			return p.Total
		}
		if n := underOther(); n != 0 {
			t.Fatalf("before: %d dossiers under %s", n, testdb.Other)
		}
		for _, tc := range []struct {
			name, code, parent string
			from               time.Time
			key                string
		}{
			{"itself", testdb.Dept, testdb.Dept, st.Now(), "unit_cycle"},
			{"future", testdb.Dept, testdb.Other, st.Now().Add(48 * time.Hour), "future_reparent"},
			{"unknown parent", testdb.Dept, "000.00.99.H62", st.Now(), "unknown_unit"},
		} {
			err := st.ReparentUnit(ctx, tc.code, tc.parent, tc.from)
			var me *motcua.Error
			if !asError(err, &me) || me.Key != tc.key {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.key)
			}
		}
		from := st.Now().Add(-time.Hour)
		if err := st.ReparentUnit(ctx, testdb.Dept, testdb.Other, from); err != nil {
			t.Fatal(err)
		}
		// The province is now above Other above Dept: Other under Dept would be a loop.
		if err := st.ReparentUnit(ctx, testdb.Other, testdb.Dept, st.Now()); motcua.ErrorCode(err) != motcua.EINVALID {
			t.Fatalf("loop: %v", err)
		}
		if n := underOther(); n != 1 {
			t.Fatalf("after: %d dossiers under %s, want 1", n, testdb.Other)
		}
		u, _ := st.Unit(ctx, testdb.Dept)
		if u.ParentCode != testdb.Other {
			t.Fatalf("parent %s", u.ParentCode)
		}
		hist, err := st.UnitParents(ctx, testdb.Dept)
		if err != nil || len(hist) != 2 || hist[0].ParentCode != testdb.Province || hist[1].ParentCode != testdb.Other || !hist[1].ValidFrom.Equal(from.Truncate(time.Millisecond)) {
			t.Fatalf("parentage %+v %v", hist, err)
		}
		got, err := st.Dossier(ctx, f.Users["intake"], d.Code)
		if err != nil || got.UnitCode != testdb.Dept {
			t.Fatalf("the dossier moved: %v %v", got.UnitCode, err)
		}
	})
}

// A dissolved unit receives nothing and takes no transfers from its end on; what it received is
// still processed to the end.
func TestDissolveUnit(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Phạm Văn Giải Thể"))
		if err != nil {
			t.Fatal(err)
		}
		end := st.Now().Add(time.Hour)
		if err := st.DissolveUnit(ctx, testdb.Other, end); err != nil {
			t.Fatal(err)
		}
		if err := st.DissolveUnit(ctx, testdb.Dept, end); err != nil {
			t.Fatal(err)
		}
		// Before the end the unit still receives.
		if _, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Trước giờ")); err != nil {
			t.Fatalf("before the end: %v", err)
		}
		st.SetClock(func() time.Time { return end })
		in := counterDossier("Sau giờ")
		_, err = st.CreateDossier(ctx, f.Users["intake"], in)
		var me *motcua.Error
		if !asError(err, &me) || me.Key != "unit_dissolved" || me.Field != "unit_code" {
			t.Fatalf("after the end: %v, want unit_dissolved on unit_code", err)
		}
		// The dossier received before goes on: forward to processing, then a transfer to the
		// dissolved Other is refused on to_unit.
		d, err = st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version})
		if err != nil {
			t.Fatalf("forward after dissolution: %v", err)
		}
		_, err = st.Act(ctx, f.Users["officer"], d.Code, dossier.Request{Action: workflow.Transfer, Version: d.Version, ToUnit: testdb.Other, Reason: "phối hợp"})
		if !asError(err, &me) || me.Field != "to_unit" {
			t.Fatalf("transfer to a dissolved unit: %v", err)
		}
		if err := st.DissolveUnit(ctx, "000.00.99.H62", end); motcua.ErrorCode(err) != motcua.ENOTFOUND {
			t.Fatalf("dissolve unknown: %v", err)
		}
	})
}

func asError(err error, target **motcua.Error) bool { return errors.As(err, target) }
