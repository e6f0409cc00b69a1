package calendar

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-02-17", Date{2026, time.February, 17}, true},
		{"2024-02-29", Date{2024, time.February, 29}, true},
		{"1900-01-01", Date{1900, time.January, 1}, true},
		{"2025-02-29", Date{}, false}, // not a leap year
		{"2026-02-30", Date{}, false},
		{"2026-13-01", Date{}, false},
		{"2026-2-17", Date{}, false},
		{"26-02-17", Date{}, false},
		{"2026-02-17T00:00:00Z", Date{}, false},
		{"", Date{}, false},
		{" 2026-02-17", Date{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestDateOf(t *testing.T) {
	tests := []struct {
		in   time.Time
		want Date
	}{
		// 17:30 UTC is 00:30 the next day in Vietnam.
		{time.Date(2026, 2, 16, 17, 30, 0, 0, time.UTC), Date{2026, 2, 17}},
		{time.Date(2026, 2, 16, 16, 59, 59, 0, time.UTC), Date{2026, 2, 16}},
		{time.Date(2026, 2, 17, 0, 0, 0, 0, Zone), Date{2026, 2, 17}},
		{time.Date(2025, 12, 31, 23, 59, 59, 999999999, Zone), Date{2025, 12, 31}},
		{time.Date(2026, 1, 1, 9, 0, 0, 0, time.FixedZone("EST", -5*3600)), Date{2026, 1, 1}},
		{time.Date(1969, 12, 31, 17, 0, 0, 0, time.UTC), Date{1970, 1, 1}},
		{time.Date(1899, 12, 31, 16, 59, 0, 0, time.UTC), Date{1899, 12, 31}},
	}
	for _, tt := range tests {
		if got := DateOf(tt.in); got != tt.want {
			t.Errorf("DateOf(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	tests := []struct {
		d    Date
		n    int
		want Date
	}{
		{Date{2026, 2, 17}, 0, Date{2026, 2, 17}},
		{Date{2026, 2, 17}, 12, Date{2026, 3, 1}},
		{Date{2024, 2, 28}, 1, Date{2024, 2, 29}},
		{Date{2024, 2, 28}, 2, Date{2024, 3, 1}},
		{Date{2100, 2, 28}, 1, Date{2100, 3, 1}}, // 2100 is not a leap year
		{Date{2000, 2, 28}, 1, Date{2000, 2, 29}},
		{Date{2025, 12, 31}, 1, Date{2026, 1, 1}},
		{Date{2026, 1, 1}, -1, Date{2025, 12, 31}},
		{Date{2026, 1, 1}, 365, Date{2027, 1, 1}},
		{Date{1900, 1, 1}, 73413, Date{2100, 12, 31}},
	}
	for _, tt := range tests {
		if got := tt.d.AddDays(tt.n); got != tt.want {
			t.Errorf("%v.AddDays(%d) = %v, want %v", tt.d, tt.n, got, tt.want)
		}
	}
	if w := (Date{2026, 2, 17}).Weekday(); w != time.Tuesday {
		t.Errorf("2026-02-17 is a %v, want Tuesday", w)
	}
	a, b := Date{2026, 2, 17}, Date{2026, 3, 1}
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Before(a) || a.After(a) || a.Compare(a) != 0 {
		t.Error("Before/After/Compare disagree")
	}
	if !(Date{2025, 12, 31}).Before(Date{2026, 1, 1}) || !(Date{2026, 1, 31}).Before(Date{2026, 2, 1}) {
		t.Error("Before across month or year boundaries")
	}
	if got := (Date{2026, 2, 17}).Time(); !got.Equal(time.Date(2026, 2, 17, 0, 0, 0, 0, Zone)) {
		t.Errorf("Time() = %v", got)
	}
}

// TestDateAgainstTime checks the ordinal arithmetic and weekdays against the time package.
func TestDateAgainstTime(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(1600, 1, 1, 12, 0, 0, 0, time.UTC)
	for range 20000 {
		tm := base.AddDate(0, 0, r.IntN(365*800))
		y, m, d := tm.Date()
		date := Date{y, m, d}
		if got := date.Weekday(); got != tm.Weekday() {
			t.Fatalf("%v.Weekday() = %v, want %v", date, got, tm.Weekday())
		}
		n := r.IntN(2000) - 1000
		y2, m2, d2 := tm.AddDate(0, 0, n).Date()
		if got := date.AddDays(n); got != (Date{y2, m2, d2}) {
			t.Fatalf("%v.AddDays(%d) = %v, want %d-%d-%d", date, n, got, y2, m2, d2)
		}
	}
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		D  Date   `json:"d"`
		Ds []Date `json:"ds"`
	}
	in := doc{D: Date{2026, 2, 17}, Ds: []Date{{2025, 1, 1}, {2025, 12, 31}}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"d":"2026-02-17","ds":["2025-01-01","2025-12-31"]}`; string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out.D != in.D || len(out.Ds) != 2 || out.Ds[1] != in.Ds[1] {
		t.Errorf("Unmarshal = %+v, %v", out, err)
	}
	for _, bad := range []string{`{"d":"2026-02-30"}`, `{"d":20260217}`, `{"d":"17/02/2026"}`} {
		if err := json.Unmarshal([]byte(bad), &out); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}
