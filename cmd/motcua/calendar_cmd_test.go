package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunCalendar(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Replaces every built-in holiday: Tết 2026 becomes ordinary days, Mon 23 Feb a day off.
	override := write("override.json", `{"off":["2026-02-23"],"work":["2026-02-21"]}`)
	schedule := write("schedule.json", `{"year":2026,"off":["2026-02-23"],"work":[],"source":"x"}`)
	typo := write("typo.json", `{"of":["2026-02-23"]}`)
	broken := write("broken.json", `{"off":["2026-02-30"]}`)

	tests := []struct {
		name string
		args []string
		want string // stdout, or a part of the error message when err is set
		err  bool
	}{
		{"lunar Tết 2026", []string{"lunar", "2026-02-17"}, `{"day":1,"month":1,"year":2026,"leap":false}`, false},
		{"lunar leap month", []string{"lunar", "2025-07-25"}, `{"day":1,"month":6,"year":2025,"leap":true}`, false},
		{"lunar Tết 1985", []string{"lunar", "1985-01-21"}, `{"day":1,"month":1,"year":1985,"leap":false}`, false},

		{"due over Tết 2026", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--days", "2"}, `{"due":"2026-02-23T15:00:00+07:00"}`, false},
		{"due from UTC", []string{"due", "--from", "2026-02-12T08:00:00Z", "--days", "2"}, `{"due":"2026-02-23T15:00:00+07:00"}`, false},
		{"due without offset is Vietnam's time", []string{"due", "--from", "2026-02-12T15:00", "--days", "2"}, `{"due":"2026-02-23T15:00:00+07:00"}`, false},
		{"due half a day", []string{"due", "--from", "2026-03-02T07:30:00+07:00", "--days", "0.5"}, `{"due":"2026-03-02T11:30:00+07:00"}`, false},
		{"due hours", []string{"due", "--from", "2026-03-02T10:00:00+07:00", "--hours", "3"}, `{"due":"2026-03-02T14:30:00+07:00"}`, false},
		{"due days and hours add up", []string{"due", "--from", "2026-03-02T07:30:00+07:00", "--days", "1", "--hours", "1"}, `{"due":"2026-03-03T08:30:00+07:00"}`, false},
		{"due ends at 17:00", []string{"due", "--from", "2026-03-02T07:30:00+07:00", "--days", "1"}, `{"due":"2026-03-02T17:00:00+07:00"}`, false},
		{"due custom sessions", []string{"due", "--from", "2026-03-02T07:00:00+07:00", "--days", "0.5", "--sessions", "07:00-11:30,13:30-17:00"}, `{"due":"2026-03-02T11:00:00+07:00"}`, false},
		// With the override Tết is gone: Thu 12 (2 h), Fri 13 (8 h), Mon 16 (6 h) → Mon 16 15:00.
		{"due with --holidays", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--days", "2", "--holidays", override}, `{"due":"2026-02-16T15:00:00+07:00"}`, false},
		// Sat 21 Feb is worked and Mon 23 off: Fri 20 17:00 + 1 h → Sat 21 08:30.
		{"due on an override working Saturday", []string{"due", "--from", "2026-02-20T17:00:00+07:00", "--hours", "1", "--holidays", override}, `{"due":"2026-02-21T08:30:00+07:00"}`, false},
		{"due zero", []string{"due", "--from", "2026-03-07T10:00:00+07:00", "--days", "0"}, `{"due":"2026-03-07T10:00:00+07:00"}`, false},

		{"between over Tết", []string{"between", "--from", "2026-02-12T15:00:00+07:00", "--to", "2026-02-23T15:00:00+07:00"}, `{"working_hours":16}`, false},
		{"between fraction", []string{"between", "--from", "2026-03-02T11:00:00+07:00", "--to", "2026-03-02T13:30:00+07:00"}, `{"working_hours":1}`, false},
		{"between half hour", []string{"between", "--from", "2026-03-02T07:00:00+07:00", "--to", "2026-03-02T08:00:00+07:00"}, `{"working_hours":0.5}`, false},
		{"between reversed", []string{"between", "--from", "2026-03-03T07:00:00+07:00", "--to", "2026-03-02T08:00:00+07:00"}, `{"working_hours":0}`, false},
		{"between with --holidays", []string{"between", "--holidays", override, "--from", "2026-02-12T15:00:00+07:00", "--to", "2026-02-16T15:00:00+07:00"}, `{"working_hours":16}`, false},

		{"holidays 2026", []string{"holidays", "2026"}, `{"year":2026,"off":["2026-01-01","2026-02-16","2026-02-17","2026-02-18","2026-02-19","2026-02-20","2026-04-27","2026-04-30","2026-05-01","2026-09-01","2026-09-02"],"work":[]}`, false},
		{"holidays 2025", []string{"holidays", "2025"}, `{"year":2025,"off":["2025-01-01","2025-01-27","2025-01-28","2025-01-29","2025-01-30","2025-01-31","2025-04-07","2025-04-30","2025-05-01","2025-05-02","2025-09-01","2025-09-02"],"work":["2025-04-26"]}`, false},
		{"holidays override", []string{"holidays", "--holidays", override, "2026"}, `{"year":2026,"off":["2026-02-23"],"work":["2026-02-21"]}`, false},
		{"holidays flag after the year", []string{"holidays", "2026", "--holidays", override}, `{"year":2026,"off":["2026-02-23"],"work":["2026-02-21"]}`, false},
		{"holidays a schedule file as override", []string{"holidays", "--holidays", schedule, "2025"}, `{"year":2025,"off":[],"work":[]}`, false},

		{"no subcommand", nil, "subcommand is required", true},
		{"unknown subcommand", []string{"moon"}, `unknown subcommand "moon"`, true},
		{"lunar bad date", []string{"lunar", "2026-02-30"}, `invalid date "2026-02-30"`, true},
		{"lunar no date", []string{"lunar"}, "want one date", true},
		{"lunar out of range", []string{"lunar", "2101-01-01"}, "outside the supported years", true},
		{"due without from", []string{"due", "--days", "2"}, "--from is required", true},
		{"due without days", []string{"due", "--from", "2026-02-12T15:00:00+07:00"}, "--days or --hours is required", true},
		{"due bad from", []string{"due", "--from", "12/02/2026", "--days", "1"}, "want RFC 3339", true},
		{"due negative days", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--days", "-1"}, "--days -1", true},
		{"due bad days", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--days", "two"}, "invalid value", true},
		{"due bad sessions", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--days", "1", "--sessions", "17:00-07:30"}, "--sessions", true},
		{"due unknown flag", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--weeks", "1"}, "flag provided but not defined", true},
		{"due extra argument", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--days", "1", "x"}, `unexpected argument "x"`, true},
		{"due missing holidays file", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--days", "1", "--holidays", filepath.Join(dir, "none.json")}, "--holidays", true},
		{"due misspelt holidays key", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--days", "1", "--holidays", typo}, `unknown field "of"`, true},
		{"due invalid holiday date", []string{"due", "--from", "2026-02-12T15:00:00+07:00", "--days", "1", "--holidays", broken}, "2026-02-30", true},
		{"between without to", []string{"between", "--from", "2026-02-12T15:00:00+07:00"}, "--to is required", true},
		{"holidays bad year", []string{"holidays", "twenty"}, `invalid year "twenty"`, true},
		{"holidays no year", []string{"holidays"}, "want one year", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := runCalendar(tt.args, &stdout, &stderr)
			if tt.err {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("runCalendar(%q) = %v, want an error containing %q", tt.args, err, tt.want)
				}
				if stdout.Len() != 0 {
					t.Errorf("stdout = %q, want nothing on error", stdout.String())
				}
				return
			}
			if err != nil {
				t.Fatalf("runCalendar(%q): %v (stderr %q)", tt.args, err, stderr.String())
			}
			if got := strings.TrimSuffix(stdout.String(), "\n"); got != tt.want {
				t.Errorf("runCalendar(%q)\n got %s\nwant %s", tt.args, got, tt.want)
			}
		})
	}
}

func TestRunCalendarHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := runCalendar([]string{"help"}, &stdout, &stderr); err != nil || !strings.Contains(stdout.String(), "calendar due") {
		t.Errorf("help: %v, %q", err, stdout.String())
	}
	stdout.Reset()
	if err := runCalendar([]string{"due", "-h"}, &stdout, &stderr); err != nil || !strings.Contains(stderr.String(), "-days") {
		t.Errorf("due -h: %v, stderr %q", err, stderr.String())
	}
}
