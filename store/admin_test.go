package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

func TestAdminUnitsAndCounters(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		u := org.Unit{Code: "000.02.11.H62", Name: "UBND xã Mới", ParentCode: testdb.Province, Level: 3}
		if err := st.CreateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			u     org.Unit
			field string
		}{
			{"existing", u, "code"},
			{"bad code", org.Unit{Code: "x", Name: "X", Level: 2}, "code"},
			{"no parent", org.Unit{Code: "000.02.12.H62", Name: "X", ParentCode: "000.09.99.H62", Level: 3}, "parent_code"},
			{"bad sessions", org.Unit{Code: "000.02.12.H62", Name: "X", Level: 3, Sessions: "9-8"}, "sessions"},
			{"no name", org.Unit{Code: "000.02.12.H62", Level: 3}, "name"},
		} {
			var e *motcua.Error
			if err := st.CreateUnit(ctx, tc.u); !errors.As(err, &e) || e.Field != tc.field {
				t.Errorf("%s: %v, want an error on %s", tc.name, err, tc.field)
			}
		}
		u.Name, u.Counters, u.ParentCode = "UBND xã Mới Đổi", []string{"Quầy 1"}, testdb.Dept
		if err := st.UpdateUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Unit(ctx, u.Code); got.Name != u.Name || got.ParentCode != testdb.Province || len(got.Counters) != 1 {
			t.Fatalf("update changed the parent or missed a field: %+v", got)
		}
		if err := st.SetUnitCounters(ctx, f.Users["manager"], testdb.Dept, []string{"Quầy 1", "Quầy 2"}); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"manager", "intake", "leader"} {
			if err := st.SetUnitCounters(ctx, f.Users[who], testdb.Other, []string{"Quầy 9"}); motcua.ErrorCode(err) != motcua.EFORBIDDEN {
				t.Errorf("%s set the counters of another unit: %v", who, err)
			}
		}
		if err := st.SetUnitCounters(ctx, f.Users["admin"], testdb.Other, []string{"Quầy 9"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAdminUsers(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		all, err := st.ListUsers(ctx, f.Users["admin"])
		if err != nil || len(all) != len(f.Users) {
			t.Fatalf("admin sees %d of %d accounts: %v", len(all), len(f.Users), err)
		}
		mine, err := st.ListUsers(ctx, f.Users["manager"])
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, u := range mine {
			names = append(names, u.Username)
		}
		if len(mine) != 5 { // intake, officer, leader, clerk, manager at Dept
			t.Fatalf("the manager sees %v", names)
		}
		if none, _ := st.ListUsers(ctx, f.Users["intake"]); len(none) != 0 {
			t.Fatalf("an intake officer sees %d accounts", len(none))
		}
		id := f.Users["intake"].ID
		roles := []user.RoleAt{{Role: workflow.Leader, Unit: testdb.Other}, {Role: workflow.IntakeOfficer, Unit: testdb.Dept}}
		if err := st.UpdateUser(ctx, id, "Cán bộ Một", roles); err != nil {
			t.Fatal(err)
		}
		if u, _ := st.UserByID(ctx, id); u.FullName != "Cán bộ Một" || len(u.Roles) != 2 {
			t.Fatalf("updated: %+v", u)
		}
		if err := st.UpdateUser(ctx, id, "X", []user.RoleAt{{Role: workflow.Leader, Unit: "000.09.99.H62"}}); motcua.ErrorCode(err) != motcua.EINVALID {
			t.Fatalf("unknown unit: %v", err)
		}
		if u, _ := st.UserByID(ctx, id); len(u.Roles) != 2 {
			t.Fatal("a refused update changed the roles")
		}
		if err := st.SetPassword(ctx, id, "short"); motcua.ErrorCode(err) != motcua.EINVALID {
			t.Fatalf("short password: %v", err)
		}
		if err := st.SetPassword(ctx, id, "a-new-password"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Authenticate(ctx, "intake", "a-new-password"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetPassword(ctx, 999999, "a-new-password"); motcua.ErrorCode(err) != motcua.ENOTFOUND {
			t.Fatalf("unknown user: %v", err)
		}
	})
}

func TestAdminSaveProcedureChecksTheBaseVersion(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		p, err := st.Procedure(ctx, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		if v, err := st.SaveProcedure(ctx, p, 1); err != nil || v != 1 {
			t.Fatalf("unchanged: v%d %v", v, err)
		}
		p.Name += " (sửa)"
		if v, err := st.SaveProcedure(ctx, p, 1); err != nil || v != 2 {
			t.Fatalf("changed: v%d %v", v, err)
		}
		p.Name += " lần hai"
		if _, err := st.SaveProcedure(ctx, p, 1); !errors.Is(err, store.ErrStaleVersion) {
			t.Fatalf("stale: %v", err)
		}
		if _, err := st.SaveProcedure(ctx, p, 0); motcua.ErrorCode(err) != motcua.EINVALID {
			t.Fatalf("create over an existing code: %v", err)
		}
		p.Channels = nil
		if _, err := st.SaveProcedure(ctx, p, 2); motcua.ErrorCode(err) != motcua.EINVALID {
			t.Fatalf("invalid procedure: %v", err)
		}
		vs, err := st.ProcedureVersions(ctx, testdb.ProcCode)
		if err != nil || len(vs) != 2 || vs[0].Version != 2 {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		if old, err := st.ProcedureVersion(ctx, testdb.ProcCode, 1); err != nil || old.Name != "Cấp Phiếu lý lịch tư pháp" {
			t.Fatalf("version 1: %+v %v", old.Name, err)
		}
	})
}
