package e2e

import (
	"context"

	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/demo"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/web"
)

// The harness: a real motcua site on a loopback port (site), one Chromium for the package
// (startBrowser) and one tab per person, each with its own cookies (person, tab).

// testTimeout bounds one test's browser work, as a safety net on a loaded machine; the whole
// package takes about a minute.
const testTimeout = 3 * time.Minute

// site is a running motcua (pages and API) on a seeded database.
type site struct {
	Name  string // the database: "sqlite" or "postgres"
	URL   string
	Store *store.Store
	F     testdb.Fixture // the fixture users (fixture sites only)

	mu  sync.Mutex
	now time.Time
}

// SetNow moves the site's clock.
func (s *site) SetNow(t time.Time) { s.mu.Lock(); s.now = t; s.mu.Unlock() }

// Now is the site's clock.
func (s *site) Now() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.now }

// fixtureSites returns a site on the test fixture (internal/testdb) for every configured
// database: SQLite always, PostgreSQL when MOTCUA_TEST_POSTGRES is set (required when CI=true).
// The clock stands at Monday 2 March 2026, 09:00 in Vietnam, inside office hours.
func fixtureSites(t *testing.T) []*site {
	t.Helper()
	var out []*site
	for _, db := range testdb.All(t) {
		s := &site{Name: db.Name, now: testdb.At(9, 0)}
		st := openStore(t, db.DSN, s)
		s.F = testdb.Seed(t, st)
		serve(t, s, st)
		out = append(out, s)
	}
	return out
}

// demoSite returns a site on SQLite with the demo province's units, catalog and accounts (every
// password demo.Password) but no generated history: the real catalog makes search realistic.
func demoSite(t *testing.T) *site {
	t.Helper()
	s := &site{Name: "sqlite", now: testdb.At(9, 0)}
	st := openStore(t, testdb.SQLite(t).DSN, s)
	if _, err := demo.Load(context.Background(), st, demo.Options{Dossiers: -1}); err != nil {
		t.Fatal(err)
	}
	serve(t, s, st)
	return s
}

func openStore(t *testing.T, dsn string, s *site) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetClock(s.Now)
	s.Store = st
	return st
}

// serve starts the site on 127.0.0.1 (httptest listens on loopback only).
func serve(t *testing.T, s *site, st *store.Store) {
	t.Helper()
	h, err := web.Root(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	s.URL = srv.URL
}

// chromium finds Debian's Chromium. Without it the test is skipped, but in CI (CI=true) a
// missing browser is a failure: skipped browser tests must not pass CI.
func chromium(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but chromium is not installed (apt-get install chromium): the browser tests must run in CI")
		}
		t.Skip("chromium is not installed: browser test skipped (apt-get install chromium)")
	}
	return path
}

// The package shares one headless Chromium with a fresh profile: each test works in its own
// tabs and browser contexts (person), so tests share no cookies and may run in parallel.
var shared struct {
	once   sync.Once
	ctx    context.Context
	cancel func()
	dir    string
	err    error
}

// startBrowser returns the shared browser's context for one test, bounded by testTimeout; the
// browser starts at the first call.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromium(t)
	shared.once.Do(func() { shared.err = launch(path) })
	if shared.err != nil {
		t.Fatalf("start chromium: %v", shared.err)
	}
	ctx, cancel := context.WithTimeout(shared.ctx, testTimeout)
	t.Cleanup(cancel)
	return ctx
}

func launch(path string) error {
	// Not t.TempDir: Chromium's helper processes may still write in the profile for a moment
	// after the browser stops; TestMain removes it, trying again for a while.
	dir, err := os.MkdirTemp("", "motcua-e2e-chromium-")
	if err != nil {
		return err
	}
	shared.dir = dir
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.WindowSize(360, 800),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	shared.ctx, shared.cancel = browser, func() { cancelBrowser(); cancelAlloc() }
	// Starts the browser. Not with a timeout: the browser lives as long as the context of
	// the first action (a hung start is caught by go test's own timeout).
	return chromedp.Do(browser)
}

// TestMain stops the shared browser and removes its profile after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	if shared.dir != "" {
		for range 50 {
			if os.RemoveAll(shared.dir) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	os.Exit(code)
}

// tab is one person's browser tab on a site: its own cookies (a separate browser context, like
// a private window), 360 px wide like a cheap phone.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	who  string
}

// person opens a tab for one person on site s.
func person(t *testing.T, browser context.Context, s *site, who string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	p := &tab{t: t, ctx: ctx, base: s.URL, who: who}
	p.do(chromedp.EmulateViewport(360, 800))
	return p
}

func (p *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s at %s: %v", p.who, p.location(), err)
	}
}

// open loads a page of the site and returns the HTTP status of the document.
func (p *tab) open(path string) int64 {
	p.t.Helper()
	resp, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(p.base+path))
	if err != nil {
		p.t.Fatalf("%s opens %s: %v", p.who, path, err)
	}
	return resp.Status
}

// click clicks what css selects and waits for the page it leads to; it returns that page's
// HTTP status.
func (p *tab) click(css string) int64 {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("%s clicks %s at %s: %v", p.who, css, p.location(), err)
	}
	return resp.Status
}

// clickOK is click that expects the new page to answer 200.
func (p *tab) clickOK(css string) {
	p.t.Helper()
	if code := p.click(css); code != http.StatusOK {
		p.t.Fatalf("%s clicks %s: status %d at %s\n%s", p.who, css, code, p.location(), p.mainText())
	}
}

// typeIn empties the field css selects and types value into it, key by key.
func (p *tab) typeIn(css, value string) {
	p.t.Helper()
	p.do(chromedp.WaitVisible(chromedp.CSS(css)))
	eval[bool](p, `(() => { document.querySelector(`+jsString(css)+`).value = ""; return true })()`)
	p.do(chromedp.SendKeys(chromedp.CSS(css), value))
}

// setValue sets a field's value at once (selects, dates, long text).
func (p *tab) setValue(css, value string) {
	p.t.Helper()
	p.do(chromedp.SetValue(chromedp.CSS(css), value))
}

// upload chooses files for the file input css selects.
func (p *tab) upload(css string, files ...string) {
	p.t.Helper()
	p.do(chromedp.SetUploadFiles(chromedp.CSS(css), files, chromedp.NodeReady))
}

// text is the visible text of the first element css selects.
func (p *tab) text(css string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("%s reads %s at %s: %v", p.who, css, p.location(), err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// count is how many elements css selects, without waiting.
func (p *tab) count(css string) int {
	p.t.Helper()
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(css)+`).length`))
	if err != nil {
		p.t.Fatalf("%s counts %s: %v", p.who, css, err)
	}
	return n
}

// eval runs a JavaScript expression in the page and returns its value.
func eval[T any](p *tab, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("%s evaluates %s: %v", p.who, expr, err)
	}
	return v
}

// mainText is the text of the page's main region, for failure messages.
func (p *tab) mainText() string {
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`(document.querySelector("main")||document.body||{innerText:""}).innerText`))
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return s
}

// location is the tab's current URL.
func (p *tab) location() string {
	u, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return u
}

// path is the current URL's path and query, relative to the site.
func (p *tab) path() string { return strings.TrimPrefix(p.location(), p.base) }

// screenshot saves the whole page, 360 px wide, as docs/screenshots/<name>.png.
func (p *tab) screenshot(name string) string {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	file := filepath.Join(screenshotDir(p.t), name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", file)
	return file
}

// screenshotDir is docs/screenshots at the top of the module in CI, where they are the run's
// artifacts; elsewhere a temporary folder, so that a local go test leaves the tree clean.
func screenshotDir(t *testing.T) string {
	if os.Getenv("CI") != "true" {
		return t.TempDir()
	}
	dir, err := filepath.Abs(filepath.Join("..", "docs", "screenshots"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// signInOfficer signs an officer in through the sign-in form and checks that the inbox opened.
func (p *tab) signInOfficer(username, password string) {
	p.t.Helper()
	p.open("/dang-nhap")
	p.typeIn("#username", username)
	p.typeIn("#password", password)
	p.clickOK(`form[action="/dang-nhap"] button[type=submit]`)
	if got := p.path(); !strings.HasPrefix(got, "/can-bo") {
		p.t.Fatalf("%s signed in but is at %s:\n%s", username, got, p.mainText())
	}
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
