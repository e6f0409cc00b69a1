package main

// Contract tests of the command line against issue 2 (§5 and §9): the calendar commands through
// the program's entry point (start rule, deadlines ending at a session's end, --holidays replacing
// every built-in holiday, JSON and +07:00 on stdout), configuration from the environment, and
// plain progress lines when the output is not a terminal.

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// contractRun runs the program as main does and returns stdout.
func contractRun(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	return strings.TrimSuffix(stdout.String(), "\n"), err
}

var contractDue = regexp.MustCompile(`^\{"due":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00"\}$`)

// TestContractCalendarDueStartRule: a start inside a session counts from that instant, otherwise
// from the next session start; the due instant is when the working time is used up, and work
// that ends exactly at a session's end is due at that end. Monday 2 March 2026 is an ordinary
// working day; Saturday 7 March and Sunday 8 March are not.
func TestContractCalendarDueStartRule(t *testing.T) {
	tests := []struct {
		name string
		args []string
		due  string
	}{
		{"inside the morning session", []string{"--from", "2026-03-02T09:00:00+07:00", "--hours", "1"}, "2026-03-02T10:00:00+07:00"},
		{"before opening: from 07:30", []string{"--from", "2026-03-02T06:00:00+07:00", "--hours", "1"}, "2026-03-02T08:30:00+07:00"},
		{"at opening", []string{"--from", "2026-03-02T07:30:00+07:00", "--hours", "1"}, "2026-03-02T08:30:00+07:00"},
		{"during lunch: from 13:00", []string{"--from", "2026-03-02T12:00:00+07:00", "--hours", "1"}, "2026-03-02T14:00:00+07:00"},
		{"at the morning session's end: from 13:00", []string{"--from", "2026-03-02T11:30:00+07:00", "--hours", "1"}, "2026-03-02T14:00:00+07:00"},
		{"after closing: next working morning", []string{"--from", "2026-03-02T18:00:00+07:00", "--hours", "1"}, "2026-03-03T08:30:00+07:00"},
		{"at closing: next working morning", []string{"--from", "2026-03-02T17:00:00+07:00", "--hours", "1"}, "2026-03-03T08:30:00+07:00"},
		{"on Saturday: Monday morning", []string{"--from", "2026-03-07T10:00:00+07:00", "--hours", "1"}, "2026-03-09T08:30:00+07:00"},
		{"Friday afternoon over the weekend", []string{"--from", "2026-03-06T16:00:00+07:00", "--hours", "2"}, "2026-03-09T08:30:00+07:00"},
		{"ends exactly at 11:30", []string{"--from", "2026-03-02T07:30:00+07:00", "--hours", "4"}, "2026-03-02T11:30:00+07:00"},
		{"ends exactly at 17:00", []string{"--from", "2026-03-02T13:00:00+07:00", "--hours", "4"}, "2026-03-02T17:00:00+07:00"},
		{"one day from opening ends at 17:00", []string{"--from", "2026-03-02T07:30:00+07:00", "--days", "1"}, "2026-03-02T17:00:00+07:00"},
		{"one day from before opening ends at 17:00", []string{"--from", "2026-03-02T05:00:00+07:00", "--days", "1"}, "2026-03-02T17:00:00+07:00"},
		{"one day from closing ends at the next 17:00", []string{"--from", "2026-03-02T17:00:00+07:00", "--days", "1"}, "2026-03-03T17:00:00+07:00"},
		{"two days from Friday opening end on Monday 17:00", []string{"--from", "2026-03-06T07:30:00+07:00", "--days", "2"}, "2026-03-09T17:00:00+07:00"},
		{"half a day from 13:00", []string{"--from", "2026-03-02T13:00:00+07:00", "--days", "0.5"}, "2026-03-02T17:00:00+07:00"},
		{"a quarter day from 10:30 crosses lunch", []string{"--from", "2026-03-02T10:30:00+07:00", "--days", "0.25"}, "2026-03-02T14:00:00+07:00"},
		{"the issue's example", []string{"--from", "2026-02-12T15:00:00+07:00", "--days", "2"}, "2026-02-23T15:00:00+07:00"},
		{"another offset: 09:00+09:00 is 07:00 in Vietnam", []string{"--from", "2026-03-02T09:00:00+09:00", "--hours", "1"}, "2026-03-02T08:30:00+07:00"},
		{"UTC evening is next Vietnam morning", []string{"--from", "2026-03-02T23:45:00Z", "--hours", "1"}, "2026-03-03T08:30:00+07:00"},
		{"own sessions: one day is their sum", []string{"--from", "2026-03-02T07:00:00+07:00", "--days", "1", "--sessions", "07:00-11:30,13:30-17:00"}, "2026-03-02T17:00:00+07:00"},
		{"own sessions: lunch ends 13:30", []string{"--from", "2026-03-02T11:30:00+07:00", "--hours", "1", "--sessions", "07:00-11:30,13:30-17:00"}, "2026-03-02T14:30:00+07:00"},
		{"own sessions: ends at the morning's end", []string{"--from", "2026-03-02T07:00:00+07:00", "--hours", "4.5", "--sessions", "07:00-11:30,13:30-17:00"}, "2026-03-02T11:30:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := contractRun(t, append([]string{"calendar", "due"}, tt.args...)...)
			if err != nil {
				t.Fatalf("calendar due %v: %v", tt.args, err)
			}
			if !contractDue.MatchString(out) {
				t.Errorf("output %q is not {\"due\":\"<RFC 3339 with +07:00>\"}", out)
			}
			if want := `{"due":"` + tt.due + `"}`; out != want {
				t.Errorf("calendar due %v = %s, want %s", tt.args, out, want)
			}
		})
	}
}

// TestContractCalendarHolidaysFlag: --holidays replaces every built-in holiday, the shipped
// schedules (2026) and the computed defaults (2027, a year without a schedule): the only days off
// are then Saturdays, Sundays and "off", except the days in "work".
func TestContractCalendarHolidaysFlag(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.json", `{"off":[],"work":[]}`)
	custom := write("custom.json", `{"off":["2027-02-05","2026-03-03"],"work":["2026-03-07"]}`)
	tests := []struct {
		name string
		args []string
		due  string
	}{
		// Tết 2027 (lunar New Year on Saturday 6 February): by the default rules Friday 5 and
		// Monday 8 – Thursday 11 February are off, so Thursday 4 February 17:00 + 1 day is Friday 12.
		{"computed Tết 2027 built in", []string{"--from", "2027-02-04T17:00:00+07:00", "--days", "1"}, "2027-02-12T17:00:00+07:00"},
		{"computed Tết 2027 replaced", []string{"--from", "2027-02-04T17:00:00+07:00", "--days", "1", "--holidays", empty}, "2027-02-05T17:00:00+07:00"},
		{"a listed day off in 2027", []string{"--from", "2027-02-04T17:00:00+07:00", "--days", "1", "--holidays", custom}, "2027-02-08T17:00:00+07:00"},
		// Shipped 2026: Thursday 30 April and Friday 1 May are off.
		{"shipped 2026 built in", []string{"--from", "2026-04-29T17:00:00+07:00", "--days", "1"}, "2026-05-04T17:00:00+07:00"},
		{"shipped 2026 replaced", []string{"--from", "2026-04-29T17:00:00+07:00", "--days", "1", "--holidays", empty}, "2026-04-30T17:00:00+07:00"},
		// Tuesday 3 March off, Saturday 7 March worked.
		{"listed day off skipped", []string{"--from", "2026-03-02T17:00:00+07:00", "--hours", "1", "--holidays", custom}, "2026-03-04T08:30:00+07:00"},
		{"listed Saturday worked", []string{"--from", "2026-03-06T17:00:00+07:00", "--hours", "1", "--holidays", custom}, "2026-03-07T08:30:00+07:00"},
		{"unlisted Sunday still off", []string{"--from", "2026-03-07T17:00:00+07:00", "--hours", "1", "--holidays", custom}, "2026-03-09T08:30:00+07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := contractRun(t, append([]string{"calendar", "due"}, tt.args...)...)
			if err != nil {
				t.Fatalf("calendar due %v: %v", tt.args, err)
			}
			if want := `{"due":"` + tt.due + `"}`; out != want {
				t.Errorf("calendar due %v = %s, want %s", tt.args, out, want)
			}
		})
	}
	if _, err := contractRun(t, "calendar", "due", "--from", "2026-03-02T08:00:00+07:00", "--days", "1", "--holidays", write("bad.json", `{"off":"2026-03-03"}`)); !isUsage(err) {
		t.Errorf("a malformed holidays file: %v, want a usage error (exit 2)", err)
	}
}

// TestContractCalendarLunar: Vietnamese lunar dates computed for UTC+7 (the years in which the
// Chinese calendar differs), leap months, and the supported range 1900–2100.
func TestContractCalendarLunar(t *testing.T) {
	for date, want := range map[string]string{
		"2026-02-17": `{"day":1,"month":1,"year":2026,"leap":false}`,
		"1985-01-21": `{"day":1,"month":1,"year":1985,"leap":false}`,
		"1985-02-20": `{"day":1,"month":2,"year":1985,"leap":false}`,
		"2007-02-17": `{"day":1,"month":1,"year":2007,"leap":false}`,
		"2007-02-18": `{"day":2,"month":1,"year":2007,"leap":false}`,
		"2030-02-02": `{"day":1,"month":1,"year":2030,"leap":false}`,
		"2025-07-25": `{"day":1,"month":6,"year":2025,"leap":true}`,
		"2025-06-25": `{"day":1,"month":6,"year":2025,"leap":false}`,
		"2026-04-26": `{"day":10,"month":3,"year":2026,"leap":false}`,
		"1900-01-31": `{"day":1,"month":1,"year":1900,"leap":false}`,
	} {
		out, err := contractRun(t, "calendar", "lunar", date)
		if err != nil || out != want {
			t.Errorf("calendar lunar %s = %s, %v; want %s", date, out, err, want)
		}
	}
	for _, date := range []string{"1899-12-31", "2101-01-01", "2026-02-30", "17/02/2026"} {
		if out, err := contractRun(t, "calendar", "lunar", date); !isUsage(err) || out != "" {
			t.Errorf("calendar lunar %s = %q, %v; want nothing on stdout and a usage error", date, out, err)
		}
	}
}

// TestContractConfigFromEnvironment: --db and --addr default from MOTCUA_DB and MOTCUA_ADDR,
// then from the documented defaults; a flag wins over the environment.
func TestContractConfigFromEnvironment(t *testing.T) {
	parse := func(args ...string) config {
		t.Helper()
		var c config
		fs := newFlags("serve", &c, &bytes.Buffer{})
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Setenv("MOTCUA_DB", "")
	t.Setenv("MOTCUA_ADDR", "")
	if c := parse(); c.DB != "sqlite:motcua-data/motcua.db" || c.Addr != "127.0.0.1:8080" {
		t.Errorf("defaults: %+v", c)
	}
	t.Setenv("MOTCUA_DB", "postgres://u:p@db.example/motcua")
	t.Setenv("MOTCUA_ADDR", "127.0.0.1:9090")
	if c := parse(); c.DB != "postgres://u:p@db.example/motcua" || c.Addr != "127.0.0.1:9090" {
		t.Errorf("from the environment: %+v", c)
	}
	if c := parse("--db", "sqlite:/tmp/x.db", "--addr", "127.0.0.1:7070"); c.DB != "sqlite:/tmp/x.db" || c.Addr != "127.0.0.1:7070" {
		t.Errorf("flags over the environment: %+v", c)
	}
}

// TestContractProgressPlainLines: off a terminal, long work reports plain lines (no carriage
// returns or bar characters) and always its end.
func TestContractProgressPlainLines(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf)
	for i := 0; i <= 1000; i += 10 {
		p.Report("Lịch sử hồ sơ mẫu", i, 1000)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\r█░") {
		t.Errorf("progress off a terminal has terminal drawing: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if last := lines[len(lines)-1]; last != "Lịch sử hồ sơ mẫu: 1000/1000 (100%)" {
		t.Errorf("last progress line %q", last)
	}
}

// TestContractUnknownCommand: an unknown command or subcommand is a usage error (exit 2).
func TestContractUnknownCommand(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"calendar"}, {"calendar", "sun"}, {"user"}, {"user", "remove"}} {
		_, err := contractRun(t, args...)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("motcua %v = %v, want a usage error", args, err)
		}
	}
}
