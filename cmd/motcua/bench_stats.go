package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/motcua/motcua/bench"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// benchStats seeds n dossiers over a year through the domain code (each transition keeping the
// statistics as in production) and measures the figures over HTTP: the province's summary for
// the last quarter, the busiest unit's, and the step analysis.
// With reuse it measures the database an earlier run seeded, first seeding what that run left
// short of n (a run stopped part way): the year continues after the last dossier.
func benchStats(ctx context.Context, st *store.Store, base string, n int, reuse bool, stdout io.Writer, progress *progress) error {
	var pairs []pair
	var err error
	every := time.Duration(float64(365*24*time.Hour) / float64(max(n, 1)))
	if reuse {
		last, have, err := st.LastCreated(ctx)
		if err != nil {
			return err
		}
		if have < n {
			fmt.Fprintf(stdout, "continuing the year after %s: %d dossiers of %d\n", last.Format(time.DateTime), have, n)
			pairs, _, err = seedBench(ctx, st, n-have, last.Add(every), every, "stats.", "Seeding dossiers with their events", stdout, progress)
		} else {
			pairs, err = benchPairs(ctx, st)
		}
		if err != nil {
			return err
		}
	} else {
		// A year of dossiers (2025).
		pairs, _, err = seedBench(ctx, st, n, seedStart, every, "stats.", "Seeding dossiers with their events", stdout, progress)
	}
	if err != nil {
		return err
	}
	// What the seeding recorded faster than the worker folded it: the lag a bulk load leaves.
	t0 := time.Now()
	folded, err := st.FoldStats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "folded the deltas of %d transitions left after seeding in %s (%.0f/s)\n", folded, time.Since(t0).Round(time.Second), float64(folded)/max(time.Since(t0).Seconds(), 1e-3))
	if size, err := st.Size(ctx); err == nil && reuse {
		fmt.Fprintf(stdout, "database %.2f GB\n", float64(size)/(1<<30))
	}
	admin := user.User{Username: fmt.Sprintf("stats.admin.%d", time.Now().UnixNano()), Roles: []user.RoleAt{{Role: workflow.Administrator}}}
	if admin.ID, err = addBenchUser(ctx, st, admin); err != nil {
		return err
	}
	token, err := st.NewToken(ctx, admin.ID, 0)
	if err != nil {
		return err
	}
	busiest := busiestUnit(pairs)
	last, _, err := st.LastCreated(ctx)
	if err != nil {
		return err
	}
	units, err := st.Units(ctx)
	if err != nil {
		return err
	}
	province := ""
	for _, u := range units {
		if u.ParentCode == "" {
			province = u.Code
		}
	}
	// The last quarter the seeding filled (2025's fourth for a whole year; an earlier one for a
	// run stopped part way), and a day in its middle for the figures as they stood.
	qFrom, qTo := seededQuarter(last)
	quarter := "from=" + qFrom.Format(time.DateOnly) + "&to=" + qTo.Format(time.DateOnly)
	mid := qFrom.AddDate(0, 1, 14).Format(time.DateOnly)
	fmt.Fprintf(stdout, "the quarter measured: %s to %s (the last dossier %s)\n", qFrom.Format(time.DateOnly), qTo.Format(time.DateOnly),
		last.In(calendar.Zone).Format(time.DateTime))
	today := time.Now().In(calendar.Zone)
	thisYear := fmt.Sprintf("%d-01-01&to=%d-12-31", today.Year(), today.Year())
	client := &http.Client{}
	for _, q := range []struct {
		name, path string
		runs       int
	}{
		{"province summary, a quarter", "/api/v1/stats/summary?unit=" + province + "&include_children=true&" + quarter, 30},
		{"province summary, the year", "/api/v1/stats/summary?unit=" + province + "&include_children=true&from=2025-01-01&to=2025-12-31", 30},
		{"busiest unit summary, a quarter", "/api/v1/stats/summary?unit=" + busiest + "&" + quarter, 30},
		{"province summary, live (this year)", "/api/v1/stats/summary?unit=" + province + "&include_children=true&from=" + thisYear, 30},
		{"province steps, a quarter", "/api/v1/stats/steps?unit=" + province + "&include_children=true&" + quarter, 30},
		{"province index, a quarter", "/api/v1/stats/index?unit=" + province + "&include_children=true&" + quarter, 30},
		{"province assessment, a quarter", "/api/v1/stats/assessment?unit=" + province + "&include_children=true&" + quarter, 30},
		{"province Excel report, the year", "/api/v1/reports/tong-hop.xlsx?unit=" + province + "&include_children=true&from=2025-01-01&to=2025-12-31", 10},
		// The slow path: recomputed from the event log.
		{"busiest unit, as of mid-quarter", "/api/v1/stats/summary?unit=" + busiest + "&" + quarter + "&as_of=" + mid, 3},
	} {
		h := &bench.Histogram{}
		for i := 0; i < q.runs; i++ {
			req, _ := http.NewRequest("GET", base+q.path, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				return err
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				return fmt.Errorf("%s: %d %s", q.name, resp.StatusCode, body)
			}
			h.Add(time.Since(t0))
		}
		fmt.Fprintf(stdout, "%-34s p50 %-9s p95 %s\n", q.name, h.Quantile(0.5).Round(100*time.Microsecond), h.Quantile(0.95).Round(100*time.Microsecond))
	}
	fmt.Fprintf(stdout, "peak RSS: %.1f MB\n", float64(bench.PeakRSS())/(1<<20))
	return nil
}

// seededQuarter is the latest quarter that ends by the day after last (the seeding fills the
// days in order), or the first quarter of the seeding's year: from its first to its last day.
func seededQuarter(last time.Time) (time.Time, time.Time) {
	last = last.In(calendar.Zone)
	limit := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, calendar.Zone).AddDate(0, 0, 1)
	start := seedStart.In(calendar.Zone)
	q := time.Date(start.Year(), 1, 1, 0, 0, 0, 0, calendar.Zone)
	for next := q.AddDate(0, 3, 0); !next.AddDate(0, 3, 0).After(limit); next = next.AddDate(0, 3, 0) {
		q = next
	}
	return q, q.AddDate(0, 3, -1)
}
