package calendar

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func dates(t testing.TB, ss ...string) []Date {
	t.Helper()
	out := make([]Date, len(ss))
	for i, s := range ss {
		out[i] = mustDate(t, s)
	}
	return out
}

func TestHolidays(t *testing.T) {
	c := Default()
	tests := []struct {
		year int
		want []string
	}{
		// Official schedules (embedded).
		{2025, []string{"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31",
			"2025-04-07", "2025-04-30", "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02"}},
		{2026, []string{"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
			"2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"}},
		// Default rules. 2027: Tết is Sat 6 Feb; its five days Fri 5 – Tue 9 hold three weekdays,
		// so Wed 10 and Thu 11 are added; 1 May is a Saturday, made up Mon 3 May.
		{2027, []string{"2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11",
			"2027-04-16", "2027-04-30", "2027-05-03", "2027-09-01", "2027-09-02"}},
		// 2028: 1 Jan is a Saturday (made up Mon 3 Jan); Tết Wed 26 Jan, block Tue 25 – Sat 29 plus
		// Mon 31; 30 Apr is a Sunday, made up Mon 1 May, so 1 May moves to Tue 2 May; 2 Sep is a
		// Saturday, made up Mon 4 Sep.
		{2028, []string{"2028-01-03", "2028-01-25", "2028-01-26", "2028-01-27", "2028-01-28", "2028-01-31",
			"2028-04-04", "2028-05-01", "2028-05-02", "2028-09-01", "2028-09-04"}},
		// 2023: Hùng Kings is Sat 29 Apr and 30 Apr a Sunday: the three holidays become Mon 1 – Wed 3 May.
		// Tết Sun 22 Jan: block Sat 21 – Wed 25 plus Thu 26, Fri 27.
		{2023, []string{"2023-01-02", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26", "2023-01-27",
			"2023-05-01", "2023-05-02", "2023-05-03", "2023-09-01", "2023-09-04"}},
		// 2024: 1 Sep is a Sunday; National Day takes Mon 2 and Tue 3 Sep.
		{2024, []string{"2024-01-01", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15",
			"2024-04-18", "2024-04-30", "2024-05-01", "2024-09-02", "2024-09-03"}},
		// Outside the lunar range: the solar holidays only.
		{2150, []string{"2150-01-01", "2150-04-30", "2150-05-01", "2150-09-01", "2150-09-02"}},
	}
	for _, tt := range tests {
		got := c.Holidays(tt.year)
		if !slices.Equal(got, dates(t, tt.want...)) {
			t.Errorf("Holidays(%d) = %v\nwant %v", tt.year, got, tt.want)
		}
	}
}

// TestDefaultRulesShape checks properties of the default rules over the lunar range: eleven
// weekdays off a year (1 + 5 + 1 + 1 + 1 + 2), Tết's five in a row apart from the weekend.
func TestDefaultRulesShape(t *testing.T) {
	for y := MinYear; y <= MaxYear; y++ {
		hs := defaultHolidays(y)
		if len(hs) != 11 {
			t.Fatalf("%d: %d holidays: %v", y, len(hs), hs)
		}
		for _, d := range hs {
			if w := d.Weekday(); w == time.Saturday || w == time.Sunday || d.Year != y {
				t.Fatalf("%d: holiday %v is a %v", y, d, w)
			}
		}
		tet, err := LunarToSolar(Lunar{Day: 1, Month: 1, Year: y})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(hs, func(d Date) bool { return !d.Before(tet.AddDays(-1)) })
		block := hs[i : i+5]
		for j := 1; j < 5; j++ {
			gap := block[j].ordinal() - block[j-1].ordinal()
			if gap != 1 && !(gap == 3 && block[j].Weekday() == time.Monday) {
				t.Fatalf("%d: Tết days %v are not in a row", y, block)
			}
		}
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := Default()
	tests := []struct {
		date string
		want bool
	}{
		{"2025-04-26", true},  // Saturday worked in exchange for Fri 2 May
		{"2025-05-02", false}, // Friday off
		{"2025-04-25", true},
		{"2025-04-27", false}, // Sunday
		{"2025-04-07", false}, // Hùng Kings 2025
		{"2025-01-24", true},  // last working day before Tết 2025
		{"2025-02-03", true},  // first after
		{"2026-01-01", false},
		{"2026-01-02", true},
		{"2026-02-13", true}, // last working day before Tết 2026
		{"2026-02-16", false},
		{"2026-02-20", false},
		{"2026-02-23", true},  // first after
		{"2026-04-26", false}, // Hùng Kings on a Sunday…
		{"2026-04-27", false}, // …made up on Monday
		{"2026-04-28", true},
		{"2026-04-30", false},
		{"2026-05-01", false},
		{"2026-09-01", false},
		{"2026-09-02", false},
		{"2026-09-03", true},
		{"2026-03-07", false}, // an ordinary Saturday
		{"2026-03-09", true},
		{"2027-02-10", false}, // default rules: Tết 2027 make-up day
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(mustDate(t, tt.date)); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
}

func TestSchedule(t *testing.T) {
	c := Default()
	s := c.Schedule(2025)
	if !slices.Equal(s.Work, dates(t, "2025-04-26")) || len(s.Off) != 12 || !strings.Contains(s.Source, "[verify]") {
		t.Errorf("Schedule(2025) = %+v", s)
	}
	s = c.Schedule(2027)
	if len(s.Work) != 0 || s.Work == nil || len(s.Off) != 11 || !strings.Contains(s.Source, "default rules") {
		t.Errorf("Schedule(2027) = %+v", s)
	}
	if !slices.Equal(c.Holidays(2026), c.Schedule(2026).Off) {
		t.Error("Holidays and Schedule().Off differ")
	}
	// Working days in 2025: 261 weekdays, 12 of them off, and one worked Saturday.
	if n := c.workingDays(Date{2025, 1, 1}.ordinal(), Date{2026, 1, 1}.ordinal()); n != 250 {
		t.Errorf("working days in 2025 = %d, want 250", n)
	}
}

func TestEmbeddedSchedules(t *testing.T) {
	names, err := fs.Glob(scheduleFiles, "schedules/*.json")
	if err != nil || len(names) < 2 {
		t.Fatalf("embedded schedules: %v, %v", names, err)
	}
	for _, name := range names {
		b, _ := scheduleFiles.ReadFile(name)
		s, err := ParseSchedule(strings.NewReader(string(b)))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if want := fmt.Sprintf("schedules/%d.json", s.Year); name != want {
			t.Errorf("%s holds year %d", name, s.Year)
		}
		for _, d := range s.Off {
			if w := d.Weekday(); w == time.Saturday || w == time.Sunday {
				t.Errorf("%s: day off %v is a %v; list only the weekdays", name, d, w)
			}
		}
		if s.Source == "" {
			t.Errorf("%s: no source", name)
		}
	}
	for _, y := range []int{2025, 2026} {
		if _, ok := builtin()[y]; !ok {
			t.Errorf("no built-in schedule for %d", y)
		}
	}
}

func TestWithOverride(t *testing.T) {
	c := WithOverride(dates(t, "2026-03-03", "2026-03-05", "2027-01-04"), dates(t, "2026-03-07", "2026-03-05", "2026-02-17"))
	tests := []struct {
		date string
		want bool
	}{
		{"2026-03-03", false}, // listed off
		{"2026-03-05", true},  // listed off and worked: worked wins
		{"2026-03-07", true},  // a worked Saturday
		{"2026-03-08", false}, // an ordinary Sunday
		{"2026-02-17", true},  // Tết is no longer built in (and listed worked, which changes nothing)
		{"2026-02-18", true},
		{"2026-01-01", true},
		{"2025-05-02", true}, // the built-in 2025 schedule is gone too
		{"2025-04-26", false},
		{"2027-01-04", false},
		{"2027-01-01", true},
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(mustDate(t, tt.date)); got != tt.want {
			t.Errorf("override: IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
	if got := c.Holidays(2026); !slices.Equal(got, dates(t, "2026-03-03")) {
		t.Errorf("override: Holidays(2026) = %v", got)
	}
	if got := c.Schedule(2026).Work; !slices.Equal(got, dates(t, "2026-03-07")) {
		t.Errorf("override: Schedule(2026).Work = %v", got)
	}
	// No days at all: weekends only.
	if got := WithOverride(nil, nil).Holidays(2026); len(got) != 0 {
		t.Errorf("empty override: Holidays(2026) = %v", got)
	}
}

func TestWithSchedule(t *testing.T) {
	base := Default()
	s := Schedule{Year: 2026, Off: dates(t, "2026-01-02", "2026-01-02"), Work: dates(t, "2026-01-10"), Source: "test"}
	c, err := base.WithSchedule(s)
	if err != nil {
		t.Fatal(err)
	}
	s.Off[0] = Date{2026, 6, 1} // the calendar must not share the caller's slices
	checks := []struct {
		cal  *Calendar
		date string
		want bool
	}{
		{c, "2026-01-01", true}, // the loaded schedule replaces the built-in one entirely
		{c, "2026-01-02", false},
		{c, "2026-01-10", true},
		{c, "2026-02-17", true},
		{c, "2026-06-01", true},
		{c, "2025-05-02", false}, // other years keep the built-in data
		{base, "2026-01-01", false},
		{base, "2026-01-02", true},
	}
	for _, tt := range checks {
		if got := tt.cal.IsWorkingDay(mustDate(t, tt.date)); got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.want)
		}
	}
	if src := c.Schedule(2026).Source; src != "test" {
		t.Errorf("source = %q", src)
	}

	// A schedule also takes precedence over an override for its year.
	o, err := WithOverride(dates(t, "2030-05-06"), nil).WithSchedule(Schedule{Year: 2031, Off: dates(t, "2031-05-06")})
	if err != nil {
		t.Fatal(err)
	}
	if o.IsWorkingDay(Date{2030, 5, 6}) || o.IsWorkingDay(Date{2031, 5, 6}) || !o.IsWorkingDay(Date{2031, 1, 1}) {
		t.Error("override + schedule")
	}

	bad := []struct {
		s    Schedule
		want string
	}{
		{Schedule{Year: 2027, Off: dates(t, "2026-12-31")}, "not in 2027"},
		{Schedule{Year: 2027, Work: dates(t, "2028-01-01")}, "not in 2027"},
		{Schedule{Year: 2027, Off: dates(t, "2027-01-09"), Work: dates(t, "2027-01-09")}, "both"},
		{Schedule{Year: 2027, Work: dates(t, "2027-01-08")}, "not a Saturday or Sunday"},
		{Schedule{Year: 0}, "invalid year"},
		{Schedule{Year: 2027, Off: []Date{{2027, 2, 30}}}, "not in 2027"},
	}
	for _, tt := range bad {
		if _, err := base.WithSchedule(tt.s); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("WithSchedule(%+v) = %v, want an error containing %q", tt.s, err, tt.want)
		}
	}
}

func TestParseSchedule(t *testing.T) {
	good := `{"year":2027,"off":["2027-01-01","2027-02-05"],"work":["2027-02-13"],"source":"Decision X"}`
	s, err := ParseSchedule(strings.NewReader(good + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Year != 2027 || len(s.Off) != 2 || s.Work[0] != (Date{2027, 2, 13}) || s.Source != "Decision X" {
		t.Errorf("ParseSchedule = %+v", s)
	}
	bad := []string{
		``,
		`{"year":2027,"of":["2027-01-01"]}`,   // misspelt key
		`{"year":2027,"off":["2027-02-30"]}`,  // no such day
		`{"year":2027,"off":["1/1/2027"]}`,    // wrong format
		`{"year":2027,"off":["2026-01-01"]}`,  // wrong year
		`{"year":2027,"work":["2027-02-12"]}`, // a Friday
		`{"year":2027} {"year":2028}`,         // two objects
		`{"year":"2027"}`,                     // year as a string
		`{"year":2027,"off":["2027-01-01"]`,   // truncated
		`{"year":2027,"off":["2027-01-01"],"work":["2027-01-01"]}`,
	}
	for _, in := range bad {
		if _, err := ParseSchedule(strings.NewReader(in)); err == nil {
			t.Errorf("ParseSchedule(%s) succeeded", in)
		}
	}
}

// TestConcurrent reads a fresh calendar from many goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	c := Default()
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := time.Date(2024+g%4, 1, 1, 8, 0, 0, 0, Zone)
			for i := range 200 {
				d := Date{2024 + (g+i)%5, time.Month(1 + i%12), 1 + i%28}
				c.IsWorkingDay(d)
				due := c.Add(DefaultSessions, from, time.Duration(i+1)*time.Hour)
				if got := c.Between(DefaultSessions, from, due); got != time.Duration(i+1)*time.Hour {
					t.Errorf("Between = %v", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}
