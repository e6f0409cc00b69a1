// Package bench drives full dossier lifecycles over real HTTP on loopback and reports throughput,
// latency per endpoint and peak memory. It is a command (motcua bench), not a timed test.
package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Actor is a bearer token and the units it works at.
type Actor struct {
	Token string
}

// Lane is one receiving unit with the accounts that move a dossier through the default
// template there: a citizen submits online, the intake officer receives, each step's officer
// forwards, the intake officer returns the result.
type Lane struct {
	Unit          string
	ProcedureCode string
	Citizen       Actor
	// Steps are the accounts that forward at each step, in template order (the first is the
	// intake officer, who receives and forwards); the intake officer also returns the result.
	Steps []Actor
}

// Config is one run.
type Config struct {
	BaseURL  string
	Clients  int
	Duration time.Duration
	Lanes    []Lane
	Probe    *Probe // if set, measures the lag of the live figures (probe.go)
}

// Result is what a run measured.
type Result struct {
	Lifecycles  int
	Transitions int
	Errors      int
	Elapsed     time.Duration
	Latency     map[string]*Histogram
}

// Histogram keeps every sample; a run has at most a few hundred thousand.
type Histogram struct {
	mu      sync.Mutex
	samples []time.Duration
}

// Add records one sample.
func (h *Histogram) Add(d time.Duration) {
	h.mu.Lock()
	h.samples = append(h.samples, d)
	h.mu.Unlock()
}

// Quantile returns the q-quantile (0 < q ≤ 1).
func (h *Histogram) Quantile(q float64) time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.samples) == 0 {
		return 0
	}
	sort.Slice(h.samples, func(i, j int) bool { return h.samples[i] < h.samples[j] })
	i := int(q*float64(len(h.samples))+0.5) - 1
	return h.samples[max(0, min(i, len(h.samples)-1))]
}

// Count is the number of samples.
func (h *Histogram) Count() int { h.mu.Lock(); defer h.mu.Unlock(); return len(h.samples) }

// Run drives lifecycles with cfg.Clients concurrent clients until cfg.Duration has passed.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.Clients * 2, MaxIdleConns: cfg.Clients * 2}}
	res := &Result{Latency: map[string]*Histogram{}}
	for _, ep := range []string{"POST /dossiers", "POST /actions", "GET /dossiers/{code}", "GET /inbox"} {
		res.Latency[ep] = &Histogram{}
	}
	if cfg.Probe != nil {
		for _, ep := range []string{"GET /stats/summary", LagReceived, LagSolved} {
			res.Latency[ep] = &Histogram{}
		}
	}
	var lifecycles, transitions, errs atomic.Int64
	deadline := time.Now().Add(cfg.Duration)
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < cfg.Clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			w := &worker{client: client, base: cfg.BaseURL, res: res}
			for time.Now().Before(deadline) && ctx.Err() == nil {
				lane := cfg.Lanes[rng.IntN(len(cfg.Lanes))]
				n, err := w.lifecycle(lane, c)
				transitions.Add(int64(n))
				if err != nil {
					errs.Add(1)
					if errs.Load() < 5 {
						fmt.Fprintln(os.Stderr, "bench:", err)
					}
					continue
				}
				lifecycles.Add(1)
			}
		}(c)
	}
	var probeErr error
	if cfg.Probe != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{client: client, base: cfg.BaseURL, res: res}
			probeErr = w.probe(ctx, *cfg.Probe, deadline)
		}()
	}
	wg.Wait()
	if probeErr != nil {
		return nil, probeErr
	}
	res.Elapsed = time.Since(start)
	res.Lifecycles, res.Transitions, res.Errors = int(lifecycles.Load()), int(transitions.Load()), int(errs.Load())
	return res, nil
}

type worker struct {
	client *http.Client
	base   string
	res    *Result
}

type dossierReply struct {
	Code    string `json:"code"`
	Version int    `json:"version"`
	Status  int    `json:"status"`
}

// lifecycle submits one dossier online and takes it to "returned"; it returns the number of
// transitions made.
func (w *worker) lifecycle(l Lane, c int) (int, error) {
	return w.lifecycleThen(l, c, nil)
}

// lifecycleThen is lifecycle calling then, if set, after each action it took.
func (w *worker) lifecycleThen(l Lane, c int, then func(action string) error) (int, error) {
	var d dossierReply
	body := map[string]any{"procedure_code": l.ProcedureCode, "unit_code": l.Unit, "channel": "online",
		"applicant": map[string]any{"name": fmt.Sprintf("Người nộp %d", c), "id_number": "001090000009", "type": 1},
		"summary":   "bench"}
	if err := w.do("POST", "/api/v1/dossiers", "POST /dossiers", l.Citizen.Token, body, &d, 201); err != nil {
		return 0, err
	}
	n := 1
	act := func(who Actor, action string) error {
		var next dossierReply
		req := map[string]any{"action": action, "version": d.Version, "how": "counter"}
		if err := w.do("POST", "/api/v1/dossiers/"+d.Code+"/actions", "POST /actions", who.Token, req, &next, 200); err != nil {
			return fmt.Errorf("%s %s: %w", action, d.Code, err)
		}
		d = next
		n++
		if then != nil {
			return then(action)
		}
		return nil
	}
	if err := act(l.Steps[0], "receive"); err != nil {
		return n, err
	}
	// The officer of each step looks at the inbox and the dossier, then forwards.
	for i, who := range l.Steps {
		if i == 1 {
			if err := w.do("GET", "/api/v1/inbox?limit=20", "GET /inbox", who.Token, nil, nil, 200); err != nil {
				return n, err
			}
		}
		if err := w.do("GET", "/api/v1/dossiers/"+d.Code, "GET /dossiers/{code}", who.Token, nil, nil, 200); err != nil {
			return n, err
		}
		if err := act(who, "forward"); err != nil {
			return n, err
		}
	}
	if d.Status != 9 {
		return n, fmt.Errorf("dossier %s ended the steps in status %d, want 9", d.Code, d.Status)
	}
	return n, act(l.Steps[0], "return_result")
}

func (w *worker) do(method, path, endpoint, token string, body, out any, want int) error {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, w.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	t0 := time.Now()
	resp, err := w.client.Do(req)
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	w.res.Latency[endpoint].Add(time.Since(t0))
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, strings.TrimSpace(string(raw)))
	}
	if out != nil {
		return json.Unmarshal(raw, out)
	}
	return nil
}

// ResetPeakRSS returns memory freed by the set-up to the system and restarts the peak count, so
// that PeakRSS reports the measured run (server, database and load generator together) rather
// than the seeding before it. Linux only; elsewhere the peak covers the whole process.
func ResetPeakRSS() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // "5" resets VmHWM to the current RSS
}

// PeakRSS reads the process's peak resident set size from /proc (Linux), in bytes.
func PeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}

// Report prints a run's figures.
func Report(w io.Writer, r *Result) {
	secs := r.Elapsed.Seconds()
	fmt.Fprintf(w, "lifecycles: %d (%.1f/s)  transitions: %d (%.1f/s)  errors: %d  elapsed: %.1fs\n",
		r.Lifecycles, float64(r.Lifecycles)/secs, r.Transitions, float64(r.Transitions)/secs, r.Errors, secs)
	fmt.Fprintf(w, "%-24s %8s %9s %9s %9s\n", "endpoint", "requests", "p50", "p95", "p99")
	names := make([]string, 0, len(r.Latency))
	for k := range r.Latency {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		h := r.Latency[k]
		fmt.Fprintf(w, "%-24s %8d %9s %9s %9s\n", k, h.Count(), round(h.Quantile(0.5)), round(h.Quantile(0.95)), round(h.Quantile(0.99)))
	}
	fmt.Fprintf(w, "peak RSS during the run: %.1f MB\n", float64(PeakRSS())/(1<<20))
}

func round(d time.Duration) string { return d.Round(10 * time.Microsecond).String() }
