package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/store"
)

func TestHolidaysLoadChangesWorkingDays(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "m.db")
	// Wednesday 3 March 2027 is an ordinary working day until a schedule makes it a day off;
	// Saturday 6 March becomes a working day in exchange.
	wed, sat := calendar.Date{Year: 2027, Month: 3, Day: 3}, calendar.Date{Year: 2027, Month: 3, Day: 6}
	good := filepath.Join(dir, "2027.json")
	if err := os.WriteFile(good, []byte(`{"year":2027,"off":["2027-01-01","2027-03-03"],"work":["2027-03-06"],"source":"test notice"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"year":2027,"of":["2027-03-04"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"holidays", "load", "--db", db, bad}, &out, &out); err == nil || !strings.Contains(err.Error(), "nothing loaded") {
		t.Fatalf("bad schedule: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"holidays", "load", "--db", db, good}, &out, &out); err != nil {
		t.Fatalf("load: %v\n%s", err, out.String())
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cal, err := st.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if cal.IsWorkingDay(wed) || !cal.IsWorkingDay(sat) {
		t.Fatalf("after load: %s working %v, %s working %v", wed, cal.IsWorkingDay(wed), sat, cal.IsWorkingDay(sat))
	}
	if !cal.IsWorkingDay(calendar.Date{Year: 2027, Month: 3, Day: 4}) {
		t.Fatal("a day named only in the rejected file is off")
	}
	out.Reset()
	if err := run(ctx, []string{"holidays", "list", "--db", db}, &out, &out); err != nil {
		t.Fatal(err)
	}
	var list struct{ Schedules []calendar.Schedule }
	if err := json.Unmarshal(out.Bytes(), &list); err != nil || len(list.Schedules) != 1 || list.Schedules[0].Source != "test notice" {
		t.Fatalf("list: %s %v", out.String(), err)
	}
}

func TestPolicyCommand(t *testing.T) {
	ctx := context.Background()
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	var out bytes.Buffer
	for _, args := range [][]string{
		{"--name", "max_reschedules", "--value", "x", "--from", "2026-01-01"},
		{"--name", "unknown", "--value", "1", "--from", "2026-01-01"},
		{"--name", "max_reschedules", "--value", "1", "--from", "01/01/2026"},
	} {
		if err := run(ctx, append([]string{"policy", "set", "--db", db}, args...), &out, &out); err == nil {
			t.Errorf("policy set %v: no error", args)
		}
	}
	out.Reset()
	if err := run(ctx, []string{"policy", "set", "--db", db, "--name", "max_reschedules", "--value", "1", "--from", "2026-07-01"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	var got struct{ Policies []store.PolicyValue }
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got.Policies) != 1 {
		t.Fatalf("policy set printed %s (%v)", out.String(), err)
	}
	p := got.Policies[0]
	if p.Value != "1" || p.ValidFrom.In(calendar.Zone).Format("2006-01-02 15:04") != "2026-07-01 00:00" {
		t.Fatalf("stored %+v", p)
	}
}

func TestUserCommandRefusesStrayInput(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	for _, args := range [][]string{
		{"user", "add", "--db", db, "--username", "a", "--password", "password-a", "--role", "citizen", "extra"},
		{"user", "token", "--db", db, "--username", "a", "--ttl", "-1h"},
	} {
		var out bytes.Buffer
		err := run(context.Background(), args, &out, &out)
		if _, ok := err.(usageError); !ok {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
}

func TestUnitCommand(t *testing.T) {
	ctx := context.Background()
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	file := filepath.Join(t.TempDir(), "units.json")
	units := `{"units":[{"code":"000.00.00.H62","name":"Tỉnh","level":1},{"code":"000.00.21.H62","name":"Huyện A","parent_code":"000.00.00.H62","level":2},` +
		`{"code":"000.00.22.H62","name":"Huyện B","parent_code":"000.00.00.H62","level":2},{"code":"000.21.01.H62","name":"Xã C","parent_code":"000.00.21.H62","level":3}],"procedures":[]}`
	if err := os.WriteFile(file, []byte(units), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "--db", db, file}, &out, &out); err != nil {
		t.Fatalf("import: %v %s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"unit", "reparent", "--db", db, "--code", "000.21.01.H62", "--parent", "000.00.22.H62", "--from", "2025-07-01"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"parent_code":"000.00.22.H62"`) {
		t.Fatalf("reparent printed %s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"unit", "dissolve", "--db", db, "--code", "000.00.21.H62", "--at", "2025-07-01"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `"valid_to":"2025-07-01T00:00:00+07:00"`) {
		t.Fatalf("dissolve printed %s", out.String())
	}
	for _, args := range [][]string{
		{"unit", "reparent", "--db", db, "--code", "000.00.22.H62", "--parent", "000.21.01.H62", "--from", "2025-07-01"}, // loop
		{"unit", "dissolve", "--db", db, "--code", "000.00.21.H62"},                                                      // no date
		{"unit", "move", "--db", db},
	} {
		if err := run(ctx, args, &out, &out); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

func TestUserAddChecksTheIDNumber(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	for id, ok := range map[string]bool{"001099012345": true, "123456789": true, "abc": false, "00109901234": false} {
		var out bytes.Buffer
		err := run(context.Background(), []string{"user", "add", "--db", db, "--username", "cd" + id, "--password", "password-x", "--role", "citizen", "--id-number", id}, &out, &out)
		if (err == nil) != ok {
			t.Errorf("id number %q: %v", id, err)
		}
	}
}
