package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua/bench"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

type pair struct{ proc, unit string }

// benchInbox seeds n dossiers in bulk through the domain code — spread over every unit of the
// demo province, most of them finished, the rest open at every step — then measures
// GET /api/v1/inbox for a regular officer and for a centre manager.
func benchInbox(ctx context.Context, st *store.Store, base string, n int, stdout io.Writer, progress *progress) error {
	pairs, officers, err := seedBench(ctx, st, n, seedStart, 20*time.Second, "inbox.", "Seeding dossiers", stdout, progress)
	if err != nil {
		return err
	}
	// A regular officer of the busiest unit, and a manager of the same unit.
	busiest := busiestUnit(pairs)
	regular := officers[busiest]
	mgr := user.User{Username: "inbox.manager." + busiest, Roles: []user.RoleAt{{Role: workflow.CentreManager, Unit: busiest}}}
	if mgr.ID, err = addBenchUser(ctx, st, mgr); err != nil {
		return err
	}
	client := &http.Client{}
	for _, who := range []struct {
		name string
		id   int64
	}{{"regular officer", regular.ID}, {"centre manager", mgr.ID}} {
		token, err := st.NewToken(ctx, who.id, 0)
		if err != nil {
			return err
		}
		h := &bench.Histogram{}
		for i := 0; i < 1000; i++ {
			req, _ := http.NewRequest("GET", base+"/api/v1/inbox?limit=50", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				return err
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				return fmt.Errorf("inbox as %s: %d", who.name, resp.StatusCode)
			}
			h.Add(time.Since(t0))
		}
		fmt.Fprintf(stdout, "GET /api/v1/inbox at %d dossiers as %s (%s): p50 %s p95 %s p99 %s\n", n, who.name, busiest,
			h.Quantile(0.5).Round(10*time.Microsecond), h.Quantile(0.95).Round(10*time.Microsecond), h.Quantile(0.99).Round(10*time.Microsecond))
	}
	fmt.Fprintf(stdout, "peak RSS: %.1f MB\n", float64(bench.PeakRSS())/(1<<20))
	return nil
}

// seedBench seeds n dossiers, one every `every` of simulated time, at the (procedure, unit)
// pairs of the demo catalog, each unit's officer (username prefix+unit, every officer role)
// acting; PostgreSQL takes four writers at once, each on its own units. It reports the time taken
// and the database's size.
func seedBench(ctx context.Context, st *store.Store, n int, start time.Time, every time.Duration, prefix, label string, stdout io.Writer, progress *progress) ([]pair, map[string]user.User, error) {
	pairs, err := benchPairs(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	// Accounts first: a batch holds the only write connection on SQLite.
	officers := map[string]user.User{}
	for _, pr := range pairs {
		if _, ok := officers[pr.unit]; ok {
			continue
		}
		u := user.User{Username: prefix + pr.unit}
		for _, r := range []workflow.Role{workflow.IntakeOfficer, workflow.ProcessingOfficer, workflow.Leader, workflow.Clerk} {
			u.Roles = append(u.Roles, user.RoleAt{Role: r, Unit: pr.unit})
		}
		if had, err := st.UserByUsername(ctx, u.Username); err == nil {
			officers[pr.unit] = had // an earlier load's, continued
			continue
		}
		if u.ID, err = addBenchUser(ctx, st, u); err != nil {
			return nil, nil, err
		}
		officers[pr.unit] = u
	}
	// Each writer seeds the units of its own shard, so that they never wait on each other's
	// per-unit code sequence. SQLite has one writer anyway.
	shards := 1
	if st.Dialect() == store.Postgres {
		shards = 4
	}
	byShard := make([][]pair, shards)
	for _, pr := range pairs {
		h := 0
		for _, c := range pr.unit {
			h = h*31 + int(c)
		}
		byShard[(h%shards+shards)%shards] = append(byShard[(h%shards+shards)%shards], pr)
	}
	began := time.Now()
	var mu sync.Mutex
	done := 0
	errc := make(chan error, shards)
	for i := range shards {
		go func() {
			// Each shard runs its own clock over the same span.
			errc <- seedShard(ctx, st, byShard[i], officers, n/shards+boolInt(i < n%shards), uint64(i), start, every*time.Duration(shards), func(k int) {
				mu.Lock()
				done += k
				progress.Report(label, done, n)
				mu.Unlock()
			})
		}()
	}
	for range shards {
		if err := <-errc; err != nil {
			return nil, nil, fmt.Errorf("seed: %w", err)
		}
	}
	// What an operator does after a bulk load, and what the server does every hour anyway.
	if err := st.Optimize(ctx); err != nil {
		return nil, nil, err
	}
	seeded := time.Since(began)
	fmt.Fprintf(stdout, "seeded %d dossiers in %s (%.0f/s)", n, seeded.Round(time.Second), float64(n)/seeded.Seconds())
	if size, err := st.Size(ctx); err == nil {
		fmt.Fprintf(stdout, ", database %.2f GB", float64(size)/(1<<30))
	}
	fmt.Fprintln(stdout)
	return pairs, officers, nil
}

// benchPairs is every (procedure, unit) with the default process: what the seeders file.
func benchPairs(ctx context.Context, st *store.Store) ([]pair, error) {
	procs, err := st.SearchProcedures(ctx, "", "", 0)
	if err != nil {
		return nil, err
	}
	var pairs []pair
	for _, p := range procs {
		if p.Template == nil {
			for _, u := range p.UnitCodes {
				pairs = append(pairs, pair{p.Code, u})
			}
		}
	}
	return pairs, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// seedShard creates n dossiers at the given (procedure, unit) pairs in batches of 2,000, 88 %
// finished and returned, the rest stopped at a random step, reporting progress per batch.
func seedShard(ctx context.Context, st *store.Store, pairs []pair, officers map[string]user.User, n int, seed uint64, start time.Time, every time.Duration, report func(int)) error {
	if len(pairs) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(1, 2+seed))
	t := start
	const chunk = 2000
	for done := 0; done < n; done += chunk {
		k := min(chunk, n-done)
		err := st.InBatch(ctx, func(b *store.Batch) error {
			for i := 0; i < k; i++ {
				pr := pairs[rng.IntN(len(pairs))]
				off := officers[pr.unit]
				t = t.Add(every)
				d, err := b.Create(off, store.NewDossier{ProcedureCode: pr.proc, UnitCode: pr.unit, Channel: catalog.InPerson,
					Applicant: dossier.Applicant{Name: "Người nộp", Type: 1}}, t)
				if err != nil {
					return err
				}
				steps := 5
				if rng.Float64() < 0.12 {
					steps = rng.IntN(5)
				}
				for s := 0; s < steps; s++ {
					action := workflow.Forward
					if s == 4 {
						action = workflow.ReturnResult
					}
					if d, err = b.Act(off, d.Code, dossier.Request{Action: action, Version: d.Version, How: "counter"}, t.Add(time.Duration(s+1)*time.Minute)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		report(k)
	}
	return nil
}

// seedStart is when the seeded history begins: the first working morning of 2025.
var seedStart = time.Date(2025, 1, 2, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// busiestUnit is the unit with the most (procedure, unit) pairs: where the seeded dossiers pile up.
func busiestUnit(pairs []pair) string {
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
	return busiest
}
