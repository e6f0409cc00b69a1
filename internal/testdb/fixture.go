package testdb

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Unit codes of the fixture province.
const (
	Province = "000.00.00.H62"
	Dept     = "000.00.01.H62" // Sở Tư pháp: implements the fixture procedure
	Other    = "000.00.02.H62" // Sở Xây dựng: another unit, to prove authorisation
	Commune  = "000.01.10.H62"
	// ProcCode is a 2-working-day procedure at Dept, by counter or online.
	ProcCode = "2.001417"
)

// Fixture is a small province with one officer per role at Dept, officers at Other and two
// citizens.
type Fixture struct {
	Store *store.Store
	Users map[string]user.User // by username
}

// Seed fills st with the fixture.
func Seed(t testing.TB, st *store.Store) Fixture {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.PutUnits(ctx, []org.Unit{
		{Code: Province, Name: "UBND tỉnh Vĩnh Phúc", Level: 1},
		{Code: Dept, Name: "Sở Tư pháp", ParentCode: Province, Level: 2},
		{Code: Other, Name: "Sở Xây dựng", ParentCode: Province, Level: 2},
		{Code: Commune, Name: "UBND xã Đạo Trù", ParentCode: Province, Level: 3, Sessions: "07:00-11:30,13:30-17:00"},
	}))
	days := calendar.Duration{Value: 2, Unit: calendar.WorkingDay}
	_, err := st.PutProcedures(ctx, []catalog.Procedure{{
		Code: ProcCode, Name: "Cấp Phiếu lý lịch tư pháp", FieldCode: "LLTP", FieldName: "Lý lịch tư pháp",
		Levels: []int{1}, OnlineLevel: catalog.FullyOnline,
		Channels: []catalog.ChannelRule{{Channel: catalog.InPerson, Time: days, Fees: []catalog.Fee{{Amount: 200000, Description: "Lệ phí"}}},
			{Channel: catalog.Online, Time: days}, {Channel: catalog.Post, Time: days}},
		Cases:     []catalog.Case{{Name: "Công dân Việt Nam", Documents: []catalog.Document{{Name: "Tờ khai", Originals: 1, Required: true}}}},
		Results:   []string{"Phiếu lý lịch tư pháp"},
		UnitCodes: []string{Dept, Other},
	}})
	must(err)
	f := Fixture{Store: st, Users: map[string]user.User{}}
	add := func(name string, roles ...user.RoleAt) {
		u := user.User{Username: name, FullName: name, Roles: roles}
		if roles[0].Role == workflow.Citizen {
			u.IDNumber = "0010" + name
		}
		id, err := st.AddUserHashed(ctx, u, hashOf("password-"+name))
		must(err)
		u.ID = id
		f.Users[name] = u
	}
	at := func(r workflow.Role, unit string) user.RoleAt { return user.RoleAt{Role: r, Unit: unit} }
	add("intake", at(workflow.IntakeOfficer, Dept))
	add("officer", at(workflow.ProcessingOfficer, Dept))
	add("leader", at(workflow.Leader, Dept))
	add("clerk", at(workflow.Clerk, Dept))
	add("manager", at(workflow.CentreManager, Dept))
	add("other.intake", at(workflow.IntakeOfficer, Other))
	add("other.officer", at(workflow.ProcessingOfficer, Other))
	add("admin", user.RoleAt{Role: workflow.Administrator})
	add("citizen", user.RoleAt{Role: workflow.Citizen})
	add("citizen2", user.RoleAt{Role: workflow.Citizen})
	return f
}

// At is a fixed instant in Vietnam time for tests: Monday 2 March 2026, 08:00.
func At(hour, min int) time.Time {
	return time.Date(2026, 3, 2, hour, min, 0, 0, calendar.Zone)
}

// hashes keeps each fixture password's argon2id hash: hashing costs about 150 ms, and every test
// database seeds the same ten accounts.
var hashes sync.Map

func hashOf(password string) string {
	if h, ok := hashes.Load(password); ok {
		return h.(string)
	}
	h, err := user.HashPassword(password)
	if err != nil {
		panic(err)
	}
	hashes.Store(password, h)
	return h
}
