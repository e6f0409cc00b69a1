package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua/bench"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// benchStats seeds n dossiers over a year through the domain code (each transition keeping the
// statistics as in production) and measures the figures over HTTP: the province's summary for
// the last quarter, the busiest unit's, and the step analysis.
func benchStats(ctx context.Context, st *store.Store, base string, n int, stdout io.Writer, progress *progress) error {
	procs, err := st.SearchProcedures(ctx, "", "", 0)
	if err != nil {
		return err
	}
	var pairs []pair
	for _, p := range procs {
		if p.Template == nil {
			for _, u := range p.UnitCodes {
				pairs = append(pairs, pair{p.Code, u})
			}
		}
	}
	officers := map[string]user.User{}
	for _, pr := range pairs {
		if _, ok := officers[pr.unit]; ok {
			continue
		}
		u := user.User{Username: "stats." + pr.unit}
		for _, r := range []workflow.Role{workflow.IntakeOfficer, workflow.ProcessingOfficer, workflow.Leader, workflow.Clerk} {
			u.Roles = append(u.Roles, user.RoleAt{Role: r, Unit: pr.unit})
		}
		if u.ID, err = addBenchUser(ctx, st, u); err != nil {
			return err
		}
		officers[pr.unit] = u
	}
	shards := 1
	if st.Dialect() == store.Postgres {
		shards = 4
	}
	byShard := make([][]pair, shards)
	for i, pr := range pairs {
		byShard[i%shards] = append(byShard[i%shards], pr)
	}
	// A year of dossiers, each shard its own share of it.
	every := time.Duration(float64(365*24*time.Hour) / float64(max(n/shards, 1)))
	start := time.Now()
	var mu sync.Mutex
	done := 0
	errc := make(chan error, shards)
	for i := range shards {
		go func() {
			errc <- seedShard(ctx, st, byShard[i], officers, n/shards+boolInt(i < n%shards), uint64(i), every, func(k int) {
				mu.Lock()
				done += k
				progress.Report("Seeding dossiers with their events", done, n)
				mu.Unlock()
			})
		}()
	}
	for range shards {
		if err := <-errc; err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	if err := st.Optimize(ctx); err != nil {
		return err
	}
	seeded := time.Since(start)
	fmt.Fprintf(stdout, "seeded %d dossiers in %s (%.0f/s)", n, seeded.Round(time.Second), float64(n)/seeded.Seconds())
	if size, err := st.Size(ctx); err == nil {
		fmt.Fprintf(stdout, ", database %.1f GB", float64(size)/(1<<30))
	}
	fmt.Fprintln(stdout)

	admin := user.User{Username: "stats.admin", Roles: []user.RoleAt{{Role: workflow.Administrator}}}
	if admin.ID, err = addBenchUser(ctx, st, admin); err != nil {
		return err
	}
	token, err := st.NewToken(ctx, admin.ID, 0)
	if err != nil {
		return err
	}
	busiest, most := "", -1
	counts := map[string]int{}
	for _, p := range pairs {
		counts[p.unit]++
	}
	for u, c := range counts {
		if c > most || (c == most && u < busiest) {
			busiest, most = u, c
		}
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
	// The seeded year is 2025; its last quarter.
	quarter := "from=2025-10-01&to=2025-12-31"
	client := &http.Client{}
	for _, q := range []struct{ name, path string }{
		{"province summary, a quarter", "/api/v1/stats/summary?unit=" + province + "&include_children=true&" + quarter},
		{"province summary, the year", "/api/v1/stats/summary?unit=" + province + "&include_children=true&from=2025-01-01&to=2025-12-31"},
		{"busiest unit summary, a quarter", "/api/v1/stats/summary?unit=" + busiest + "&" + quarter},
		{"province steps, a quarter", "/api/v1/stats/steps?unit=" + province + "&include_children=true&" + quarter},
	} {
		h := &bench.Histogram{}
		for i := 0; i < 30; i++ {
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
