package calendar

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

// at builds an instant in Vietnam's time.
func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, Zone) }

var custom = Sessions{{hm(7, 0), hm(11, 30)}, {hm(13, 30), hm(17, 0)}} // 07:00-11:30,13:30-17:00

func TestAdd(t *testing.T) {
	c := Default()
	// March 2026 has no holiday: Mon 2, Fri 6, Sat 7, Mon 9.
	tests := []struct {
		name string
		s    Sessions
		from time.Time
		work time.Duration
		want time.Time
	}{
		{"inside the morning session", DefaultSessions, at(2026, 3, 2, 9, 0), 2 * time.Hour, at(2026, 3, 2, 11, 0)},
		{"across lunch", DefaultSessions, at(2026, 3, 2, 10, 30), 2 * time.Hour, at(2026, 3, 2, 14, 0)},
		{"before opening", DefaultSessions, at(2026, 3, 2, 6, 0), time.Hour, at(2026, 3, 2, 8, 30)},
		{"at opening", DefaultSessions, at(2026, 3, 2, 7, 30), time.Hour, at(2026, 3, 2, 8, 30)},
		{"during lunch", DefaultSessions, at(2026, 3, 2, 12, 0), time.Hour, at(2026, 3, 2, 14, 0)},
		{"at the end of the morning", DefaultSessions, at(2026, 3, 2, 11, 30), time.Hour, at(2026, 3, 2, 14, 0)},
		{"after closing", DefaultSessions, at(2026, 3, 2, 18, 0), time.Hour, at(2026, 3, 3, 8, 30)},
		{"at closing", DefaultSessions, at(2026, 3, 2, 17, 0), time.Hour, at(2026, 3, 3, 8, 30)},
		{"ending exactly at 17:00", DefaultSessions, at(2026, 3, 2, 13, 0), 4 * time.Hour, at(2026, 3, 2, 17, 0)},
		{"ending exactly at 11:30", DefaultSessions, at(2026, 3, 2, 7, 30), 4 * time.Hour, at(2026, 3, 2, 11, 30)},
		{"a full day from opening ends at 17:00", DefaultSessions, at(2026, 3, 2, 7, 30), 8 * time.Hour, at(2026, 3, 2, 17, 0)},
		{"a full day from closing", DefaultSessions, at(2026, 3, 2, 17, 0), 8 * time.Hour, at(2026, 3, 3, 17, 0)},
		{"a full day from 10:00", DefaultSessions, at(2026, 3, 2, 10, 0), 8 * time.Hour, at(2026, 3, 3, 10, 0)},
		{"Friday afternoon to Monday", DefaultSessions, at(2026, 3, 6, 16, 0), 2 * time.Hour, at(2026, 3, 9, 8, 30)},
		{"Friday at closing, a full day", DefaultSessions, at(2026, 3, 6, 17, 0), 8 * time.Hour, at(2026, 3, 9, 17, 0)},
		{"on a Saturday", DefaultSessions, at(2026, 3, 7, 10, 0), time.Hour, at(2026, 3, 9, 8, 30)},
		{"ten working days", DefaultSessions, at(2026, 3, 2, 7, 30), 80 * time.Hour, at(2026, 3, 13, 17, 0)},
		{"ten working days from mid-morning", DefaultSessions, at(2026, 3, 2, 9, 0), 80 * time.Hour, at(2026, 3, 16, 9, 0)},
		// Thu 12 Feb 15:00: 2 h to 17:00; Fri 13: 8 h (10 h); Sat 14 – Sun 22: Tết and weekends;
		// Mon 23: 07:30–11:30 (14 h), 13:00–15:00 (16 h = 2 working days).
		{"over Tết 2026", DefaultSessions, at(2026, 2, 12, 15, 0), 16 * time.Hour, at(2026, 2, 23, 15, 0)},
		{"into Tết 2026 from Friday closing", DefaultSessions, at(2026, 2, 13, 17, 0), time.Minute, at(2026, 2, 23, 7, 31)},
		// 2025: Fri 25 Apr 16:00, 1 h; Sat 26 Apr is worked: 07:30–08:30.
		{"the swapped Saturday 26 Apr 2025 is worked", DefaultSessions, at(2025, 4, 25, 16, 0), 2 * time.Hour, at(2025, 4, 26, 8, 30)},
		// Tue 29 Apr 2025 16:00, 1 h; 30 Apr, 1–2 May off, then the weekend.
		{"over 30 Apr – 2 May 2025", DefaultSessions, at(2025, 4, 29, 16, 0), 2 * time.Hour, at(2025, 5, 5, 8, 30)},
		{"Hùng Kings 2026 made up on Monday", DefaultSessions, at(2026, 4, 24, 17, 0), time.Hour, at(2026, 4, 28, 8, 30)},
		{"over New Year 2026", DefaultSessions, at(2025, 12, 31, 16, 0), 2 * time.Hour, at(2026, 1, 2, 8, 30)},
		{"a minute", DefaultSessions, at(2026, 3, 2, 17, 0), time.Minute, at(2026, 3, 3, 7, 31)},
		{"seconds", DefaultSessions, time.Date(2026, 3, 2, 10, 0, 30, 0, Zone), 30 * time.Second, at(2026, 3, 2, 10, 1)},
		{"from UTC", DefaultSessions, time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), time.Hour, at(2026, 3, 2, 9, 0)},
		{"from UTC, late evening is the next morning in Vietnam", DefaultSessions, time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC), time.Hour, at(2026, 3, 2, 7, 30).Add(time.Hour)},
		{"empty sessions mean the default", nil, at(2026, 3, 2, 12, 0), time.Hour, at(2026, 3, 2, 14, 0)},
		// 07:00-11:30,13:30-17:00.
		{"custom: across lunch", custom, at(2026, 3, 2, 11, 0), time.Hour, at(2026, 3, 2, 14, 0)},
		{"custom: lunch", custom, at(2026, 3, 2, 12, 0), time.Hour, at(2026, 3, 2, 14, 30)},
		{"custom: 12:00 is lunch", custom, at(2026, 3, 2, 13, 0), 30 * time.Minute, at(2026, 3, 2, 14, 0)},
		{"custom: before opening", custom, at(2026, 3, 2, 6, 0), 4 * time.Hour, at(2026, 3, 2, 11, 0)},
		{"custom: a full day", custom, at(2026, 3, 2, 7, 0), 8 * time.Hour, at(2026, 3, 2, 17, 0)},
		{"custom: ends at 11:30", custom, at(2026, 3, 2, 7, 0), 4*time.Hour + 30*time.Minute, at(2026, 3, 2, 11, 30)},
		{"custom: Friday to Monday", custom, at(2026, 3, 6, 16, 30), time.Hour, at(2026, 3, 9, 7, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Add(tt.s, tt.from, tt.work)
			if !got.Equal(tt.want) {
				t.Errorf("Add(%v, %v) = %v, want %v", tt.from, tt.work, got, tt.want)
			}
			if got.Location() != Zone {
				t.Errorf("Add returned %v, not in Zone", got.Location())
			}
			if back := c.Between(tt.s, tt.from, got); back != tt.work {
				t.Errorf("Between(%v, %v) = %v, want %v", tt.from, got, back, tt.work)
			}
			if want := reference(c, tt.s, tt.from, tt.work); !got.Equal(want) {
				t.Errorf("reference = %v", want)
			}
		})
	}

	from := time.Date(2026, 3, 7, 10, 0, 0, 0, time.UTC)
	for _, w := range []time.Duration{0, -time.Hour} {
		if got := c.Add(DefaultSessions, from, w); got != from {
			t.Errorf("Add(%v) = %v, want from unchanged", w, got)
		}
	}
}

func TestBetween(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		s    Sessions
		a, b time.Time
		want time.Duration
	}{
		{"within a session", DefaultSessions, at(2026, 3, 2, 8, 0), at(2026, 3, 2, 10, 0), 2 * time.Hour},
		{"from before opening", DefaultSessions, at(2026, 3, 2, 7, 0), at(2026, 3, 2, 8, 0), 30 * time.Minute},
		{"across lunch", DefaultSessions, at(2026, 3, 2, 11, 0), at(2026, 3, 2, 13, 30), time.Hour},
		{"lunch only", DefaultSessions, at(2026, 3, 2, 11, 30), at(2026, 3, 2, 13, 0), 0},
		{"a day", DefaultSessions, at(2026, 3, 2, 0, 0), at(2026, 3, 3, 0, 0), 8 * time.Hour},
		{"Friday to Monday", DefaultSessions, at(2026, 3, 6, 16, 0), at(2026, 3, 9, 8, 30), 2 * time.Hour},
		{"a weekend", DefaultSessions, at(2026, 3, 7, 10, 0), at(2026, 3, 8, 10, 0), 0},
		{"over Tết 2026", DefaultSessions, at(2026, 2, 12, 15, 0), at(2026, 2, 23, 15, 0), 16 * time.Hour},
		{"Tết 2026 only", DefaultSessions, at(2026, 2, 14, 0, 0), at(2026, 2, 23, 0, 0), 0},
		{"the year 2025", DefaultSessions, at(2025, 1, 1, 0, 0), at(2026, 1, 1, 0, 0), 250 * 8 * time.Hour},
		{"custom sessions", custom, at(2026, 3, 2, 11, 0), at(2026, 3, 2, 14, 0), time.Hour},
		{"b before a", DefaultSessions, at(2026, 3, 3, 9, 0), at(2026, 3, 2, 9, 0), 0},
		{"b equal to a", DefaultSessions, at(2026, 3, 2, 9, 0), at(2026, 3, 2, 9, 0), 0},
	}
	for _, tt := range tests {
		if got := c.Between(tt.s, tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Between(%v, %v) = %v, want %v", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
}

// reference is Add done the slow, obvious way: session by session, day by day.
func reference(c *Calendar, s Sessions, from time.Time, work time.Duration) time.Time {
	s = s.orDefault()
	from = from.In(Zone)
	day := DateOf(from)
	for {
		if c.IsWorkingDay(day) {
			for _, x := range s {
				start, end := day.Time().Add(x.Start), day.Time().Add(x.End)
				if !from.Before(end) {
					continue
				}
				if from.After(start) {
					start = from
				}
				if avail := end.Sub(start); work <= avail {
					return start.Add(work)
				} else {
					work -= avail
				}
			}
		}
		day = day.AddDays(1)
	}
}

// TestAddProperties checks Add against the reference, and Between as its inverse, over random
// instants and durations from a minute to a few hundred working days.
func TestAddProperties(t *testing.T) {
	c := Default()
	r := rand.New(rand.NewPCG(7, 26))
	start := at(2024, 1, 1, 0, 0)
	span := int64(4 * 365 * 24 * time.Hour / time.Second)
	n := 5000
	if testing.Short() {
		n = 500
	}
	for i := range n {
		s := DefaultSessions
		if i%3 == 0 {
			s = custom
		}
		from := start.Add(time.Duration(r.Int64N(span)) * time.Second)
		var w time.Duration
		switch i % 4 {
		case 0:
			w = time.Duration(1+r.IntN(600)) * time.Minute
		case 1:
			w = time.Duration(1+r.IntN(30)) * 4 * time.Hour // whole half days: many due at 11:30/17:00
		case 2:
			w = time.Duration(1+r.Int64N(int64(2000*time.Hour/time.Second))) * time.Second
		default:
			w = time.Duration(1+r.IntN(300)) * 8 * time.Hour
		}
		due := c.Add(s, from, w)
		if want := reference(c, s, from, w); !due.Equal(want) {
			t.Fatalf("Add(%v, %v, %v) = %v, reference %v", s, from, w, due, want)
		}
		if got := c.Between(s, from, due); got != w {
			t.Fatalf("Between(%v, Add(%v, %v) = %v) = %v", s, from, w, due, got)
		}
		// The due instant lies inside a session (or at its end) of a working day.
		day, tod := split(due)
		if !c.IsWorkingDay(dateOfOrdinal(day)) || !inSession(s, tod) {
			t.Fatalf("Add(%v, %v) = %v, not in office hours", from, w, due)
		}
		// Between is additive.
		mid := from.Add(time.Duration(r.Int64N(int64(due.Sub(from)) + 1)))
		if a, b := c.Between(s, from, mid), c.Between(s, mid, due); a+b != w {
			t.Fatalf("Between(%v, %v) + Between(%v, %v) = %v + %v, want %v", from, mid, mid, due, a, b, w)
		}
	}
}

func inSession(s Sessions, tod time.Duration) bool {
	for _, x := range s {
		if tod > x.Start && tod <= x.End {
			return true
		}
	}
	return false
}

func TestAddLong(t *testing.T) {
	c := Default()
	from := at(2025, 1, 2, 7, 30)
	// All of 2025's 250 working days (1 January is a holiday).
	if got, want := c.Add(DefaultSessions, from, 250*8*time.Hour), at(2025, 12, 31, 17, 0); !got.Equal(want) {
		t.Errorf("250 working days = %v, want %v", got, want)
	}
	// Ten years, far beyond the built-in schedules, against the reference.
	w := 2500 * 8 * time.Hour
	if got, want := c.Add(DefaultSessions, from, w), reference(c, DefaultSessions, from, w); !got.Equal(want) {
		t.Errorf("2500 working days = %v, reference %v", got, want)
	}
	// Across the end of the cached range.
	from = at(2100, 6, 1, 9, 0)
	if got, want := c.Add(DefaultSessions, from, w), reference(c, DefaultSessions, from, w); !got.Equal(want) || c.Between(DefaultSessions, from, got) != w {
		t.Errorf("after 2100: %v, reference %v", got, want)
	}
}

func TestDue(t *testing.T) {
	c := Default()
	tests := []struct {
		name string
		s    Sessions
		from time.Time
		d    Duration
		want time.Time
	}{
		{"two working days over Tết 2026", DefaultSessions, at(2026, 2, 12, 15, 0), Duration{2, WorkingDay}, at(2026, 2, 23, 15, 0)},
		{"half a day", DefaultSessions, at(2026, 3, 2, 7, 30), Duration{0.5, WorkingDay}, at(2026, 3, 2, 11, 30)},
		{"half a day from 10:00", DefaultSessions, at(2026, 3, 2, 10, 0), Duration{0.5, WorkingDay}, at(2026, 3, 2, 15, 30)},
		{"half a day, custom sessions", custom, at(2026, 3, 2, 7, 0), Duration{0.5, WorkingDay}, at(2026, 3, 2, 11, 0)},
		{"one day, custom sessions", custom, at(2026, 3, 2, 7, 0), Duration{1, WorkingDay}, at(2026, 3, 2, 17, 0)},
		{"one day, a 4-hour office", Sessions{{hm(8, 0), hm(12, 0)}}, at(2026, 3, 2, 8, 0), Duration{1, WorkingDay}, at(2026, 3, 2, 12, 0)},
		{"1.5 days", DefaultSessions, at(2026, 3, 6, 7, 30), Duration{1.5, WorkingDay}, at(2026, 3, 9, 11, 30)},
		{"three working hours", DefaultSessions, at(2026, 3, 2, 10, 0), Duration{3, WorkingHour}, at(2026, 3, 2, 14, 30)},
		{"a quarter hour", DefaultSessions, at(2026, 3, 2, 11, 20), Duration{0.25, WorkingHour}, at(2026, 3, 2, 13, 5)},
		{"calendar days ignore Tết", DefaultSessions, at(2026, 2, 13, 10, 0), Duration{1.5, CalendarDay}, at(2026, 2, 14, 22, 0)},
		{"five calendar days", DefaultSessions, at(2026, 2, 13, 10, 0), Duration{5, CalendarDay}, at(2026, 2, 18, 10, 0)},
		{"no unit counts as working days", DefaultSessions, at(2026, 3, 6, 16, 0), Duration{Value: 0.25}, at(2026, 3, 9, 8, 30)},
		{"zero", DefaultSessions, at(2026, 3, 7, 10, 0), Duration{0, WorkingDay}, at(2026, 3, 7, 10, 0)},
		{"zero calendar days", DefaultSessions, at(2026, 3, 7, 10, 0), Duration{0, CalendarDay}, at(2026, 3, 7, 10, 0)},
	}
	for _, tt := range tests {
		if got := c.Due(tt.s, tt.from, tt.d); !got.Equal(tt.want) {
			t.Errorf("%s: Due(%v, %+v) = %v, want %v", tt.name, tt.from, tt.d, got, tt.want)
		}
	}
}

func TestWorkingTime(t *testing.T) {
	tests := []struct {
		d    Duration
		s    Sessions
		want time.Duration
		ok   bool
	}{
		{Duration{2, WorkingDay}, DefaultSessions, 16 * time.Hour, true},
		{Duration{0.5, WorkingDay}, DefaultSessions, 4 * time.Hour, true},
		{Duration{1, WorkingDay}, Sessions{{hm(8, 0), hm(12, 0)}}, 4 * time.Hour, true},
		{Duration{1.5, WorkingHour}, DefaultSessions, 90 * time.Minute, true},
		{Duration{1, ""}, DefaultSessions, 8 * time.Hour, true},
		{Duration{3, CalendarDay}, DefaultSessions, 0, false},
		{Duration{1.0 / 3, WorkingDay}, DefaultSessions, 160 * time.Minute, true},
	}
	for _, tt := range tests {
		got, ok := tt.d.WorkingTime(tt.s)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%+v.WorkingTime(%v) = %v, %v; want %v, %v", tt.d, tt.s, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDurationJSON(t *testing.T) {
	var d Duration
	if err := json.Unmarshal([]byte(`{"value":0.5,"unit":"working_day"}`), &d); err != nil || d != (Duration{0.5, WorkingDay}) {
		t.Errorf("Unmarshal = %+v, %v", d, err)
	}
	b, _ := json.Marshal(Duration{15, CalendarDay})
	if string(b) != `{"value":15,"unit":"calendar_day"}` {
		t.Errorf("Marshal = %s", b)
	}
	for _, bad := range []string{`{"value":1,"unit":"day"}`, `{"value":1,"unit":"Working_Day"}`, `{"value":1,"unit":3}`} {
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

// BenchmarkAdd is the hot path of every dossier transition: a 10-working-day deadline.
func BenchmarkAdd(b *testing.B) {
	c := Default()
	from := at(2026, 2, 12, 15, 0)
	c.Add(DefaultSessions, from, time.Hour) // build the year's days outside the timing
	b.ReportAllocs()
	for b.Loop() {
		c.Add(DefaultSessions, from, 80*time.Hour)
	}
}

func BenchmarkBetween(b *testing.B) {
	c := Default()
	from, to := at(2026, 2, 12, 15, 0), at(2026, 3, 12, 10, 0)
	c.Between(DefaultSessions, from, to)
	b.ReportAllocs()
	for b.Loop() {
		c.Between(DefaultSessions, from, to)
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := Default()
	d := Date{2026, 2, 17}
	c.IsWorkingDay(d)
	for b.Loop() {
		c.IsWorkingDay(d)
	}
}
