package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/bench"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/demo"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlags("bench", &c, stderr)
	clients := fs.Int("clients", 32, "concurrent simulated citizens and officers")
	duration := fs.Duration("duration", 30*time.Second, "how long to drive lifecycles")
	inbox := fs.Bool("inbox", false, "also seed 1,000,000 dossiers and measure GET /api/v1/inbox")
	inboxN := fs.Int("inbox-dossiers", 1_000_000, "dossiers to seed for --inbox")
	statsRun := fs.Bool("stats", false, "instead of the lifecycle run: seed dossiers over a year and measure the statistics")
	statsN := fs.Int("stats-dossiers", 10_000_000, "dossiers to seed for --stats")
	statsReuse := fs.Bool("stats-reuse", false, "with --stats and --db: measure the database an earlier --stats run seeded, without seeding again")
	keep := fs.Bool("keep", false, "keep the benchmark's new PostgreSQL database afterwards (its address is printed), to measure it again or continue seeding with --stats-reuse")
	noStats := fs.Bool("no-stats", false, "keep no statistics during the run, to measure what keeping them costs")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the measured run to FILE")
	memProfile := fs.String("memprofile", "", "write a heap profile taken after the measured run to FILE")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	given := envOr("MOTCUA_DB", "") != "" || flagSet(args, "db")
	if *statsReuse && (!*statsRun || !given) {
		return usageError{"--stats-reuse needs --stats and the --db of an earlier --stats run"}
	}
	dsn, cleanup := c.DB, func() {}
	var err error
	if !*statsReuse {
		if dsn, cleanup, err = freshDatabase(ctx, c.DB, given); err != nil {
			return err
		}
		if *keep && strings.HasPrefix(dsn, "postgres") {
			// A run of hours may be stopped; the database stays to continue it.
			cleanup = func() {}
			fmt.Fprintf(stdout, "database kept: %s\n", dsn)
		}
	}
	defer cleanup()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	progress := newProgress(stderr)
	if !*statsReuse {
		if _, err := demo.Load(ctx, st, demo.Options{Dossiers: -1, Progress: progress}); err != nil {
			return err
		}
	}
	st.KeepStats(!*noStats)
	// As in serve: the statistics' deltas are folded every second, on the same writer.
	foldCtx, stopFold := context.WithCancel(ctx)
	defer stopFold()
	go st.FoldStatsEvery(foldCtx, time.Second, slog.New(slog.NewTextHandler(stderr, nil)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	// Errors only: a request log would cost the run, but a failure must say why.
	srv := &http.Server{Handler: api.New(st, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	fmt.Fprintf(stdout, "motcua bench — %s, %d CPUs, %s\n", runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), runtime.Version())
	fmt.Fprintf(stdout, "template: %s\n", templateLine())
	fmt.Fprintf(stdout, "durability: %s\n", st.Settings(ctx))
	if *statsRun {
		return benchStats(ctx, st, "http://"+ln.Addr().String(), *statsN, *statsReuse, stdout, progress)
	}
	lanes, err := benchLanes(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "clients: %d  duration: %s  lanes: %d units\n", *clients, *duration, len(lanes))
	if *noStats {
		fmt.Fprintln(stdout, "statistics: not kept (--no-stats)")
	}
	bench.ResetPeakRSS()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	cfg := bench.Config{BaseURL: "http://" + ln.Addr().String(), Clients: *clients, Duration: *duration, Lanes: lanes}
	if !*noStats && len(lanes) > 1 {
		// The first lane is the probe's alone: how far the live figures lag the transitions.
		if cfg.Probe, err = benchProbe(ctx, st, lanes[0]); err != nil {
			return err
		}
		cfg.Lanes = lanes[1:]
		fmt.Fprintf(stdout, "probe: the live figures of %s, read after each receipt and return there\n", lanes[0].Unit)
	}
	res, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	pprof.StopCPUProfile()
	if *memProfile != "" {
		if err := writeHeapProfile(*memProfile); err != nil {
			return err
		}
	}
	bench.Report(stdout, res)
	if *inbox {
		return benchInbox(ctx, st, "http://"+ln.Addr().String(), *inboxN, stdout, progress)
	}
	return nil
}

// benchHash is the one password hash every benchmark account shares: they sign in by token.
var benchHash = sync.OnceValues(func() (string, error) { return user.HashPassword("bench-password") })

func addBenchUser(ctx context.Context, st *store.Store, u user.User) (int64, error) {
	hash, err := benchHash()
	if err != nil {
		return 0, err
	}
	return st.AddUserHashed(ctx, u, hash)
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	runtime.GC() // the profile shows the heap as of the last collection
	return pprof.Lookup("heap").WriteTo(f, 0)
}

func flagSet(args []string, name string) bool {
	for _, a := range args {
		if a == "-"+name || a == "--"+name || strings.HasPrefix(a, "-"+name+"=") || strings.HasPrefix(a, "--"+name+"=") {
			return true
		}
	}
	return false
}

func templateLine() string {
	var keys []string
	for _, s := range catalog.DefaultTemplate(16).Steps {
		keys = append(keys, s.Key+"("+string(s.Role)+")")
	}
	return "online submit → " + strings.Join(keys, " → ")
}

// freshDatabase gives the benchmark an empty database: a new SQLite file in a temporary folder
// (removed afterwards) or at the path given (kept), or a new database on the PostgreSQL server
// the DSN names, dropped afterwards.
func freshDatabase(ctx context.Context, dsn string, given bool) (string, func(), error) {
	if given && strings.HasPrefix(dsn, "sqlite:") {
		// A named file is kept afterwards for inspection, so it must not exist yet.
		if _, err := os.Stat(strings.TrimPrefix(dsn, "sqlite:")); err == nil {
			return "", nil, fmt.Errorf("the benchmark needs a fresh database: %s exists", dsn)
		}
		return dsn, func() {}, nil
	}
	if !given {
		dir, err := os.MkdirTemp("", "motcua-bench-")
		if err != nil {
			return "", nil, err
		}
		return "sqlite:" + filepath.Join(dir, "bench.db"), func() { os.RemoveAll(dir) }, nil
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	name := "motcua_bench_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create benchmark database: %w", err)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), func() {
		_, _ = admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}, nil
}

// benchLanes makes, for each unit that implements an online procedure with the default
// template, a citizen and one officer per step, with tokens.
func benchLanes(ctx context.Context, st *store.Store) ([]bench.Lane, error) {
	procs, err := st.SearchProcedures(ctx, "", "", 0)
	if err != nil {
		return nil, err
	}
	byUnit := map[string]string{}
	for _, p := range procs {
		if p.Template != nil || !p.AcceptsChannel(catalog.Online) {
			continue
		}
		for _, u := range p.UnitCodes {
			if _, ok := byUnit[u]; !ok {
				byUnit[u] = p.Code
			}
		}
	}
	token := func(u user.User) (bench.Actor, error) {
		id, err := addBenchUser(ctx, st, u)
		if err != nil {
			return bench.Actor{}, err
		}
		t, err := st.NewToken(ctx, id, 0)
		return bench.Actor{Token: t}, err
	}
	var lanes []bench.Lane
	for unit, proc := range byUnit {
		l := bench.Lane{Unit: unit, ProcedureCode: proc}
		if l.Citizen, err = token(user.User{Username: "bench.citizen." + unit, Roles: []user.RoleAt{{Role: workflow.Citizen}}}); err != nil {
			return nil, err
		}
		for _, s := range catalog.DefaultTemplate(16).Steps[:4] {
			a, err := token(user.User{Username: "bench." + string(s.Role) + "." + unit, Roles: []user.RoleAt{{Role: s.Role, Unit: unit}}})
			if err != nil {
				return nil, err
			}
			l.Steps = append(l.Steps, a)
		}
		lanes = append(lanes, l)
	}
	if len(lanes) == 0 {
		return nil, fmt.Errorf("no unit implements an online procedure with the default template")
	}
	return lanes, nil
}

// benchProbe gives the probe its lane and an administrator to read the figures with.
func benchProbe(ctx context.Context, st *store.Store, lane bench.Lane) (*bench.Probe, error) {
	admin := user.User{Username: fmt.Sprintf("probe.admin.%d", time.Now().UnixNano()), Roles: []user.RoleAt{{Role: workflow.Administrator}}}
	id, err := addBenchUser(ctx, st, admin)
	if err != nil {
		return nil, err
	}
	token, err := st.NewToken(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	return &bench.Probe{Lane: lane, Reader: bench.Actor{Token: token}}, nil
}
