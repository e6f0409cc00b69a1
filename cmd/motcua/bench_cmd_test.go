package main

import (
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
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
