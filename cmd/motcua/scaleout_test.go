package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// TestScaleOutTwoServersOnePostgres proves §9a: two `motcua serve` processes on one PostgreSQL
// database share nothing but the database, yet dossier codes stay unique and gap-free, a version
// check lets exactly one of many racing actions through, and a token issued once works on both.
func TestScaleOutTwoServersOnePostgres(t *testing.T) {
	db, ok := testdb.Postgres(t) // t.Fatal when CI=true and MOTCUA_TEST_POSTGRES is unset
	if !ok {
		t.Skip("MOTCUA_TEST_POSTGRES not set: scale-out test needs PostgreSQL")
	}
	start := time.Now()
	bin := buildMotcua(t)
	t.Logf("built motcua in %v", time.Since(start).Round(time.Millisecond))

	// Two processes migrate the empty database at once, as two servers starting together do.
	var wg sync.WaitGroup
	outs := make([]string, 4)
	for i := range outs {
		wg.Go(func() {
			out, err := exec.Command(bin, "migrate", "--db", db.DSN).CombinedOutput()
			outs[i] = string(out)
			if err != nil {
				outs[i] += err.Error()
			}
		})
	}
	wg.Wait()
	for i, out := range outs {
		if !strings.Contains(out, "database postgres is up to date") {
			t.Fatalf("concurrent migrate %d: %q", i, out)
		}
	}
	seedScaleOut(t, db.DSN)
	intakeToken := runMotcua(t, bin, "user", "token", "--db", db.DSN, "--username", "intake")

	t0 := time.Now()
	servers := []*serveProc{startServe(t, bin, db.DSN), startServe(t, bin, db.DSN)}
	if servers[0].url == servers[1].url {
		t.Fatalf("both servers claim %s", servers[0].url)
	}
	t.Logf("two servers up in %v: %s and %s", time.Since(t0).Round(time.Millisecond), servers[0].url, servers[1].url)
	c := newScaleClient(t)

	// A token issued once, by a third process, works on both servers; so does one issued after
	// both started; an expired one works on neither.
	officerToken := runMotcua(t, bin, "user", "token", "--db", db.DSN, "--username", "officer")
	expired := runMotcua(t, bin, "user", "token", "--db", db.DSN, "--username", "intake", "--ttl", "1ms")
	time.Sleep(5 * time.Millisecond)
	for _, s := range servers {
		for _, tc := range []struct{ who, token string }{{"intake", intakeToken}, {"officer", officerToken}} {
			r := c.do(s.url, "GET", "/api/v1/me", tc.token, nil)
			if r.err != nil || r.status != 200 || r.body["username"] != tc.who {
				t.Fatalf("%s: /me with the %s token: %d %v %v", s.url, tc.who, r.status, r.body, r.err)
			}
		}
		if r := c.do(s.url, "GET", "/api/v1/me", expired, nil); r.err != nil || r.status != 401 {
			t.Fatalf("%s: /me with an expired token: %d %v %v", s.url, r.status, r.body, r.err)
		}
	}

	// Concurrent intakes through both servers at once.
	const intakes = 60
	t1 := time.Now()
	created := make([]result, intakes)
	race(intakes, func(i int) {
		applicant := map[string]any{"name": fmt.Sprintf("Người nộp %02d", i), "id_number": "001090000002", "type": 1}
		body := map[string]any{"procedure_code": testdb.ProcCode, "unit_code": testdb.Dept, "channel": "counter",
			"applicant": applicant, "summary": "Xin cấp phiếu"}
		created[i] = c.do(servers[i%2].url, "POST", "/api/v1/dossiers", intakeToken, body)
	})
	t.Logf("%d concurrent intakes through two servers in %v", intakes, time.Since(t1).Round(time.Millisecond))
	byDay := map[string][]int{}
	seen := map[string]int{}
	for i, r := range created {
		if r.err != nil || r.status != 201 {
			if r.err != nil {
				dumpServers(t, servers)
			}
			t.Fatalf("intake %d via server %d: %d %v %v", i, i%2, r.status, r.body, r.err)
		}
		code, _ := r.body["code"].(string)
		if j, dup := seen[code]; dup {
			t.Fatalf("intakes %d and %d both got code %q", j, i, code)
		}
		seen[code] = i
		parts := strings.Split(code, "-")
		if len(parts) != 3 || parts[0] != testdb.Dept || len(parts[1]) != 6 || len(parts[2]) < 4 {
			t.Fatalf("intake %d: code %q is not %s-yyMMdd-NNNN", i, code, testdb.Dept)
		}
		n, err := strconv.Atoi(parts[2])
		if err != nil {
			t.Fatalf("intake %d: code %q: %v", i, code, err)
		}
		byDay[parts[1]] = append(byDay[parts[1]], n)
	}
	// Normally one day; an intake burst across midnight in Vietnam restarts the sequence at 0001.
	for day, ns := range byDay {
		sort.Ints(ns)
		for k, n := range ns {
			if n != k+1 {
				t.Fatalf("day %s: numbers %v are not 1..%d without gaps", day, ns, len(ns))
			}
		}
	}
	// Each dossier is there, whole, on the other server.
	for i, r := range created {
		code := r.body["code"].(string)
		g := c.do(servers[1-i%2].url, "GET", "/api/v1/dossiers/"+code, intakeToken, nil)
		if g.err != nil || g.status != 200 || g.body["code"] != code || g.body["version"] != r.body["version"] || g.body["status"] != float64(2) {
			t.Fatalf("dossier %s created via server %d, read via the other: %d %v %v", code, i%2, g.status, g.body, g.err)
		}
	}

	// Racing actions: the same action at the same version, five times through each server at
	// once, on several dossiers at once. Round 1: the intake officer forwards the received
	// dossier; round 2: the processing officer forwards it on.
	const dossiers, perServer = 8, 5
	rounds := []struct {
		who, token string
		wantStatus float64
	}{{"intake", intakeToken, 4}, {"officer", officerToken, 4}}
	for round, rd := range rounds {
		codes := make([]string, dossiers)
		versions := make([]float64, dossiers)
		for d := range dossiers {
			codes[d] = created[d].body["code"].(string)
			g := c.do(servers[d%2].url, "GET", "/api/v1/dossiers/"+codes[d], rd.token, nil)
			if g.err != nil || g.status != 200 {
				t.Fatalf("round %d: read %s: %d %v %v", round+1, codes[d], g.status, g.body, g.err)
			}
			versions[d] = g.body["version"].(float64)
		}
		t2 := time.Now()
		res := make([][]result, dossiers)
		for d := range res {
			res[d] = make([]result, 2*perServer)
		}
		race(dossiers*2*perServer, func(i int) {
			d, k := i/(2*perServer), i%(2*perServer)
			res[d][k] = c.do(servers[k%2].url, "POST", "/api/v1/dossiers/"+codes[d]+"/actions", rd.token,
				map[string]any{"action": "forward", "version": versions[d]})
		})
		t.Logf("round %d: %d racing %s forwards on %d dossiers in %v", round+1, dossiers*2*perServer, rd.who, dossiers,
			time.Since(t2).Round(time.Millisecond))
		wins := [2]int{}
		for d, rs := range res {
			winner := -1
			for k, r := range rs {
				switch {
				case r.err != nil:
					dumpServers(t, servers)
					t.Fatalf("round %d, %s, request %d: %v", round+1, codes[d], k, r.err)
				case r.status == 200:
					if winner >= 0 {
						t.Errorf("round %d, %s: requests %d and %d both succeeded at version %v", round+1, codes[d], winner, k, versions[d])
					}
					winner = k
					if r.body["version"] != versions[d]+1 || r.body["status"] != rd.wantStatus {
						t.Errorf("round %d, %s: winner answered version %v status %v, want %v and %v", round+1, codes[d],
							r.body["version"], r.body["status"], versions[d]+1, rd.wantStatus)
					}
				case r.status == 409 && errorKey(r.body) == "stale_version":
				default:
					t.Errorf("round %d, %s, request %d via server %d: %d %v, want 200 or 409 stale_version", round+1, codes[d], k, k%2, r.status, r.body)
				}
			}
			if winner < 0 {
				t.Errorf("round %d, %s: no request succeeded", round+1, codes[d])
				continue
			}
			wins[winner%2]++
			// Both servers now show the one transition, once.
			for _, s := range servers {
				g := c.do(s.url, "GET", "/api/v1/dossiers/"+codes[d], rd.token, nil)
				if g.err != nil || g.status != 200 {
					t.Fatalf("round %d: read %s via %s: %d %v %v", round+1, codes[d], s.url, g.status, g.body, g.err)
				}
				if g.body["version"] != versions[d]+1 {
					t.Errorf("round %d, %s via %s: version %v, want %v", round+1, codes[d], s.url, g.body["version"], versions[d]+1)
				}
				if n := countEvents(g.body, "forward", rd.who); n != 1 {
					t.Errorf("round %d, %s via %s: %d forward events by %s in the history, want 1", round+1, codes[d], s.url, n, rd.who)
				}
				if n := countEvents(g.body, "forward", ""); n != round+1 {
					t.Errorf("round %d, %s via %s: %d forward events in the history, want %d", round+1, codes[d], s.url, n, round+1)
				}
			}
		}
		t.Logf("round %d: winners via server 0: %d, via server 1: %d", round+1, wins[0], wins[1])
	}
	t.Logf("scale-out test body took %v", time.Since(start).Round(time.Millisecond))
}

// buildMotcua builds this command once into the test's temporary folder.
func buildMotcua(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "motcua")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runMotcua runs a one-shot command and returns its trimmed standard output.
func runMotcua(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = scaleEnv()
	if err := cmd.Run(); err != nil {
		t.Fatalf("motcua %s: %v\n%s", args[0], err, stderr.String())
	}
	return strings.TrimSpace(stdout.String())
}

// scaleEnv is the environment without MOTCUA_* so that only the flags configure a process.
func scaleEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MOTCUA_") {
			env = append(env, kv)
		}
	}
	return env
}

// seedScaleOut loads the test fixture (units, the procedure, one officer per role) into dsn.
func seedScaleOut(t *testing.T, dsn string) {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	testdb.Seed(t, st)
}

type serveProc struct {
	cmd     *exec.Cmd
	url     string
	stderr  *lockedBuffer
	exited  chan struct{} // closed when the process has ended; then waitErr is set
	waitErr error
}

var listening = regexp.MustCompile(`motcua is listening on (http://127\.0\.0\.1:[0-9]+) `)

// startServe starts `motcua serve` on a free loopback port, waits until /healthz answers and
// stops it (SIGTERM, then wait) when the test ends.
func startServe(t *testing.T, bin, dsn string) *serveProc {
	t.Helper()
	p := &serveProc{stderr: &lockedBuffer{}, exited: make(chan struct{})}
	out := &lockedBuffer{}
	pr, pw := io.Pipe()
	p.cmd = exec.Command(bin, "serve", "--db", dsn, "--addr", "127.0.0.1:0")
	p.cmd.Env = scaleEnv()
	p.cmd.Stdout, p.cmd.Stderr = io.MultiWriter(out, pw), p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, pr) // keep draining until the process ends
	}()
	go func() { p.waitErr = p.cmd.Wait(); pw.Close(); close(p.exited) }()
	t.Cleanup(func() {
		select {
		case <-p.exited:
			return // already stopped by dumpServers, which reported it
		default:
		}
		if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			_ = p.cmd.Process.Kill()
		}
		select {
		case <-p.exited:
			if p.waitErr != nil {
				t.Errorf("serve %s did not stop cleanly on SIGTERM: %v\n%s", p.url, p.waitErr, p.stderr.String())
			}
		case <-time.After(20 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.exited
			t.Errorf("serve %s did not stop within 20s of SIGTERM\n%s", p.url, p.stderr.String())
		}
	})
	select {
	case p.url = <-urlc:
	case <-p.exited:
		t.Fatalf("serve exited before listening: %v\nstdout: %s\nstderr: %s", p.waitErr, out.String(), p.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not print its address within 30s\nstdout: %s\nstderr: %s", out.String(), p.stderr.String())
	}
	deadline := time.Now().Add(10 * time.Second)
	hc := &http.Client{Timeout: 2 * time.Second}
	for {
		res, err := hc.Get(p.url + "/healthz")
		if err == nil {
			var h map[string]string
			err = json.NewDecoder(res.Body).Decode(&h)
			res.Body.Close()
			if err == nil && res.StatusCode == 200 {
				if h["database"] != "postgres" {
					t.Fatalf("%s/healthz: %v", p.url, h)
				}
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/healthz did not answer 200 within 10s: %v\n%s", p.url, err, p.stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// dumpServers stops the servers with SIGQUIT and logs their goroutines: when a request fails
// outright (a hang ends in the client's timeout), the stacks show where the servers were stuck.
func dumpServers(t *testing.T, servers []*serveProc) {
	t.Helper()
	for _, p := range servers {
		_ = p.cmd.Process.Signal(syscall.SIGQUIT)
	}
	for _, p := range servers {
		select {
		case <-p.exited:
		case <-time.After(10 * time.Second):
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
		t.Logf("serve %s stopped with SIGQUIT; its standard error:\n%s", p.url, p.stderr.String())
	}
}

// lockedBuffer is a bytes.Buffer safe for a process's copier and the test to share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type scaleClient struct{ hc *http.Client }

func newScaleClient(t *testing.T) *scaleClient {
	tr := &http.Transport{MaxIdleConnsPerHost: 100}
	t.Cleanup(tr.CloseIdleConnections)
	return &scaleClient{hc: &http.Client{Transport: tr, Timeout: 20 * time.Second}}
}

// result is one HTTP answer; goroutines record it and the test goroutine judges it.
type result struct {
	status int
	body   map[string]any
	err    error
}

func (c *scaleClient) do(base, method, path, token string, body any) result {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return result{err: err}
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		return result{err: err}
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		return result{err: err}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return result{status: res.StatusCode, err: err}
	}
	r := result{status: res.StatusCode}
	if err := json.Unmarshal(raw, &r.body); err != nil {
		r.err = fmt.Errorf("%s %s: answer is not a JSON object: %q", method, path, raw)
	}
	return r
}

// race runs fn(0..n-1) in n goroutines released at the same moment and waits for them all.
func race(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-gate
			fn(i)
		}()
	}
	ready.Wait()
	close(gate)
	done.Wait()
}

func errorKey(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	k, _ := e["code"].(string)
	return k
}

// countEvents counts history events with the action, by actor ("" for anyone).
func countEvents(d map[string]any, action, actor string) int {
	hist, _ := d["history"].([]any)
	n := 0
	for _, e := range hist {
		ev, _ := e.(map[string]any)
		if ev["action"] == action && (actor == "" || ev["actor"] == actor) {
			n++
		}
	}
	return n
}
