package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestBenchProbesTheFigures: a short lifecycle run on SQLite completes without errors, and its
// probe finds each of its dossiers counted in the live figures (received, then solved) — the
// lag lines are there with samples; without the statistics there is nothing to probe.
func TestBenchProbesTheFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("a benchmark run")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "bench.db")
	out, err := contractRun(t, "bench", "--db", db, "--duration", "2s", "--clients", "4")
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, out)
	}
	if !regexp.MustCompile(`errors: 0 `).MatchString(out) {
		t.Errorf("errors in the run:\n%s", out)
	}
	for _, name := range []string{"lag: received → figures", "lag: returned → figures"} {
		m := regexp.MustCompile(regexp.QuoteMeta(name) + `\s+(\d+)\s`).FindStringSubmatch(out)
		if m == nil {
			t.Errorf("no line %q:\n%s", name, out)
			continue
		}
		if n, _ := strconv.Atoi(m[1]); n < 1 {
			t.Errorf("%s: %d samples", name, n)
		}
	}
	out, err = contractRun(t, "bench", "--db", "sqlite:"+filepath.Join(t.TempDir(), "nostats.db"), "--duration", "1s", "--clients", "2", "--no-stats")
	if err != nil {
		t.Fatalf("bench --no-stats: %v", err)
	}
	if regexp.MustCompile(`lag:`).MatchString(out) {
		t.Errorf("a probe without the statistics:\n%s", out)
	}
}

// TestSeededQuarter: the figures are timed over the last quarter the seeding filled.
func TestSeededQuarter(t *testing.T) {
	zone := time.FixedZone("ICT", 7*3600)
	for _, c := range []struct {
		last     time.Time
		from, to string
	}{
		{time.Date(2025, 12, 31, 23, 56, 0, 0, zone), "2025-10-01", "2025-12-31"}, // a whole year
		{time.Date(2025, 5, 26, 12, 48, 0, 0, zone), "2025-01-01", "2025-03-31"},  // stopped in May
		{time.Date(2025, 3, 31, 16, 0, 0, 0, zone), "2025-01-01", "2025-03-31"},   // the first quarter's last day
		{time.Date(2025, 2, 10, 9, 0, 0, 0, zone), "2025-01-01", "2025-03-31"},    // not even one
	} {
		from, to := seededQuarter(c.last)
		if got := from.Format(time.DateOnly) + " " + to.Format(time.DateOnly); got != c.from+" "+c.to {
			t.Errorf("last %s: %s, want %s %s", c.last, got, c.from, c.to)
		}
	}
}
