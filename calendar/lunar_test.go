package calendar

import (
	"errors"
	"testing"
	"time"
)

// TestTet checks the first day of the lunar year. 1985, 2007 and 2030 are years in which
// Vietnam (UTC+7) and China (UTC+8) celebrate on different days.
func TestTet(t *testing.T) {
	tests := []struct {
		year int
		want string
	}{
		{1985, "1985-01-21"}, // China: 1985-02-20
		{2007, "2007-02-17"}, // China: 2007-02-18
		{2030, "2030-02-02"}, // China: 2030-02-03
		{1968, "1968-01-29"}, // the Tết offensive: Vietnam a day before China (1968-01-30)
		{2000, "2000-02-05"},
		{2001, "2001-01-24"},
		{2002, "2002-02-12"},
		{2003, "2003-02-01"},
		{2004, "2004-01-22"},
		{2005, "2005-02-09"},
		{2006, "2006-01-29"},
		{2008, "2008-02-07"},
		{2009, "2009-01-26"},
		{2010, "2010-02-14"},
		{2011, "2011-02-03"},
		{2012, "2012-01-23"},
		{2013, "2013-02-10"},
		{2014, "2014-01-31"},
		{2015, "2015-02-19"},
		{2016, "2016-02-08"},
		{2017, "2017-01-28"},
		{2018, "2018-02-16"},
		{2019, "2019-02-05"},
		{2020, "2020-01-25"},
		{2021, "2021-02-12"},
		{2022, "2022-02-01"},
		{2023, "2023-01-22"},
		{2024, "2024-02-10"},
		{2025, "2025-01-29"},
		{2026, "2026-02-17"},
		{2027, "2027-02-06"},
		{2028, "2028-01-26"},
		{2029, "2029-02-13"},
	}
	for _, tt := range tests {
		want := mustDate(t, tt.want)
		got, err := LunarToSolar(Lunar{Day: 1, Month: 1, Year: tt.year})
		if err != nil || got != want {
			t.Errorf("Tết %d = %v, %v; want %v", tt.year, got, err, want)
		}
		if l := SolarToLunar(want); l != (Lunar{Day: 1, Month: 1, Year: tt.year}) {
			t.Errorf("SolarToLunar(%v) = %+v, want 1/1/%d", want, l, tt.year)
		}
	}
}

func TestSolarToLunar(t *testing.T) {
	tests := []struct {
		solar string
		want  Lunar
	}{
		{"2026-02-17", Lunar{1, 1, 2026, false}},
		{"2026-02-16", Lunar{29, 12, 2025, false}}, // the last day of lunar 2025 (a 29-day month)
		{"2026-02-14", Lunar{27, 12, 2025, false}}, // start of the 2026 Tết break
		{"2026-02-22", Lunar{6, 1, 2026, false}},   // its end
		{"2026-04-26", Lunar{10, 3, 2026, false}},  // Hùng Kings' day 2026
		{"2025-04-07", Lunar{10, 3, 2025, false}},  // Hùng Kings' day 2025
		{"2025-06-25", Lunar{1, 6, 2025, false}},
		{"2025-07-24", Lunar{30, 6, 2025, false}},
		{"2025-07-25", Lunar{1, 6, 2025, true}}, // the leap 6th month of 2025
		{"2025-08-22", Lunar{29, 6, 2025, true}},
		{"2025-08-23", Lunar{1, 7, 2025, false}},
		{"2025-01-28", Lunar{29, 12, 2024, false}},
		{"2025-01-01", Lunar{2, 12, 2024, false}},
		{"2024-12-31", Lunar{1, 12, 2024, false}},
		{"2020-05-23", Lunar{1, 4, 2020, true}}, // the leap 4th month of 2020
		{"2023-03-22", Lunar{1, 2, 2023, true}}, // the leap 2nd month of 2023
		{"1900-01-01", Lunar{1, 12, 1899, false}},
		{"2100-12-31", Lunar{1, 12, 2100, false}},
		// Days just before a new moon on which the mean-month estimate of the published algorithm
		// is one month off (it would give day 0 of the next month).
		{"2054-05-07", Lunar{30, 3, 2054, false}},
		{"2054-05-08", Lunar{1, 4, 2054, false}},
		{"2062-04-09", Lunar{30, 2, 2062, false}},
	}
	for _, tt := range tests {
		d := mustDate(t, tt.solar)
		if got := SolarToLunar(d); got != tt.want {
			t.Errorf("SolarToLunar(%s) = %s, want %s", tt.solar, got, tt.want)
		}
		if got, err := LunarToSolar(tt.want); err != nil || got != d {
			t.Errorf("LunarToSolar(%s) = %v, %v; want %s", tt.want, got, err, tt.solar)
		}
	}
}

func TestLeapMonths(t *testing.T) {
	// Lunar years and their leap month (0: none).
	tests := []struct{ year, leap int }{
		{2012, 4}, {2013, 0}, {2014, 9}, {2015, 0}, {2016, 0}, {2017, 6}, {2018, 0}, {2019, 0},
		{2020, 4}, {2021, 0}, {2022, 0}, {2023, 2}, {2024, 0}, {2025, 6}, {2026, 0}, {2027, 0},
		{2028, 5},
	}
	for _, tt := range tests {
		got := 0
		for m := 1; m <= 12; m++ {
			if _, err := LunarToSolar(Lunar{Day: 1, Month: m, Year: tt.year, Leap: true}); err == nil {
				if got != 0 {
					t.Errorf("lunar year %d has two leap months, %d and %d", tt.year, got, m)
				}
				got = m
			}
		}
		if got != tt.leap {
			t.Errorf("leap month of %d = %d, want %d", tt.year, got, tt.leap)
		}
	}
}

func TestLunarToSolarErrors(t *testing.T) {
	tests := []struct {
		in         Lunar
		outOfRange bool // ErrOutOfRange expected
	}{
		{Lunar{30, 12, 2025, false}, false}, // month 12 of lunar 2025 has 29 days
		{Lunar{1, 5, 2025, true}, false},    // 2025's leap month is the 6th
		{Lunar{1, 1, 2026, true}, false},    // 2026 has no leap month
		{Lunar{0, 1, 2026, false}, false},
		{Lunar{31, 1, 2026, false}, false},
		{Lunar{1, 13, 2026, false}, false},
		{Lunar{1, 0, 2026, false}, false},
		{Lunar{1, 1, 2101, false}, true},
		{Lunar{1, 1, 1898, false}, true},
		{Lunar{2, 12, 2100, false}, true}, // 2101-01-01: lunar 1/12/2100 is 2100-12-31
		{Lunar{1, 11, 1899, false}, true}, // December 1899
	}
	for _, tt := range tests {
		_, err := LunarToSolar(tt.in)
		if err == nil {
			t.Errorf("LunarToSolar(%s) succeeded", tt.in)
			continue
		}
		if errors.Is(err, ErrOutOfRange) != tt.outOfRange {
			t.Errorf("LunarToSolar(%s) = %v; out of range: want %v", tt.in, err, tt.outOfRange)
		}
	}
	if got := SolarToLunar(Date{2100, 12, 31}); got != (Lunar{1, 12, 2100, false}) {
		t.Errorf("SolarToLunar(2100-12-31) = %s, want 1/12/2100", got)
	}
	if got := SolarToLunar(Date{1899, 12, 31}); got != (Lunar{}) {
		t.Errorf("SolarToLunar(1899-12-31) = %s, want zero", got)
	}
	if got := SolarToLunar(Date{2101, 1, 1}); got != (Lunar{}) {
		t.Errorf("SolarToLunar(2101-01-01) = %s, want zero", got)
	}
	if got := SolarToLunar(Date{2026, 2, 30}); got != (Lunar{}) {
		t.Errorf("SolarToLunar(2026-02-30) = %s, want zero", got)
	}
}

// TestLunarRoundTrip converts every day from 1900 to 2100 and back, and checks that the lunar
// dates run on without gaps: each day is the next day of the month, or day 1 of the next month
// after a month of 29 or 30 days; years have 12 or 13 months, the 13th being a leap month.
func TestLunarRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("73,000 conversions")
	}
	first := Date{MinYear, time.January, 1}
	prev := SolarToLunar(first)
	months := -1 // unknown until the first Tết
	for d := first.AddDays(1); d.Year <= MaxYear; d = d.AddDays(1) {
		l := SolarToLunar(d)
		back, err := LunarToSolar(l)
		if err != nil || back != d {
			t.Fatalf("LunarToSolar(SolarToLunar(%v) = %s) = %v, %v", d, l, back, err)
		}
		switch {
		case l.Day == prev.Day+1 && l.Month == prev.Month && l.Year == prev.Year && l.Leap == prev.Leap:
		case l.Day == 1 && (prev.Day == 29 || prev.Day == 30):
			nextMonth := prev.Month%12 + 1
			switch {
			case l.Leap && l.Month == prev.Month && !prev.Leap && l.Year == prev.Year,
				!l.Leap && l.Month == nextMonth && l.Month != 1 && l.Year == prev.Year:
				if months >= 0 {
					months++
				}
			case !l.Leap && l.Month == 1 && prev.Month == 12 && l.Year == prev.Year+1:
				if months != 12 && months != 13 && months != -1 {
					t.Fatalf("lunar year %d has %d months", prev.Year, months)
				}
				months = 1
			default:
				t.Fatalf("%v: %s does not follow %s", d, l, prev)
			}
		default:
			t.Fatalf("%v: %s does not follow %s", d, l, prev)
		}
		prev = l
	}
}

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
