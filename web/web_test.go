package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/payment/sandbox"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/web"
)

// site is a running motcua (pages and API) on a seeded database, and a browser-like client with
// a cookie jar that does not follow redirects.
type site struct {
	URL    string
	Client *http.Client
	F      testdb.Fixture
	Pay    *sandbox.Gateway // the payment gateway, on citizen sites
	now    time.Time
	mu     sync.Mutex
}

// eachSite runs fn against a fresh site on every configured database.
func eachSite(t *testing.T, fn func(t *testing.T, s *site)) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			st, err := store.Open(context.Background(), db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			s := &site{now: testdb.At(9, 0)}
			st.SetClock(func() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.now })
			s.F = testdb.Seed(t, st)
			h, err := web.Root(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			s.URL = srv.URL
			s.Client = newClient()
			fn(t, s)
		})
	}
}

func newClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// SetNow moves the site's clock.
func (s *site) SetNow(t time.Time) { s.mu.Lock(); s.now = t; s.mu.Unlock() }

// get fetches a page and returns its status and body.
func (s *site) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := s.Client.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// csrf reads the CSRF cookie the site set for this client (fetch a page with a form first).
func (s *site) csrf(t *testing.T) string {
	t.Helper()
	u, _ := url.Parse(s.URL)
	for _, c := range s.Client.Jar.Cookies(u) {
		if c.Name == "motcua_csrf" {
			return c.Value
		}
	}
	t.Fatal("no CSRF cookie: fetch a page with a form first")
	return ""
}

// post sends a form with the client's CSRF token added.
func (s *site) post(t *testing.T, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	if form.Get("csrf") == "" {
		form.Set("csrf", s.csrf(t))
	}
	resp, err := s.Client.PostForm(s.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestHomeSearchesWithoutDiacritics(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		code, body := s.get(t, "/?q=ly+lich+tu+phap")
		if code != 200 || !strings.Contains(body, "/thu-tuc/"+testdb.ProcCode) {
			t.Fatalf("search: %d\n%s", code, body)
		}
		code, body = s.get(t, "/?q=%3Cscript%3Ealert(1)%3C/script%3E")
		if code != 200 || strings.Contains(body, "<script>alert") {
			t.Fatalf("the query is not escaped: %d", code)
		}
	})
}

func TestSecurityHeadersAndLanguageSwitch(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		resp, err := s.Client.Get(s.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || resp.Header.Get("Referrer-Policy") == "" {
			t.Fatalf("headers: %v", resp.Header)
		}
		resp, err = s.Client.Get(s.URL + "/ngon-ngu/en?next=//evil.example/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Fatalf("language switch to another site: %d %q", resp.StatusCode, loc)
		}
		if _, body := s.get(t, "/"); !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "Find a procedure") {
			t.Fatal("the English switch did not stick")
		}
	})
}

func TestFormWithoutCSRFIsRefused(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		s.get(t, "/")
		resp, _ := s.post(t, "/dang-xuat", url.Values{"csrf": {"forged"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("forged CSRF token: %d", resp.StatusCode)
		}
	})
}
