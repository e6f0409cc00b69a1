package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/demo"
)

// TestDemoCitizenSignsInAtItsIdentityProvider runs `motcua demo` and signs a demo citizen in
// through the identity provider it started, as a browser would, then out again at both.
func TestDemoCitizenSignsInAtItsIdentityProvider(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut lockedBuffer
	done := make(chan error, 1)
	db := "sqlite:" + filepath.Join(t.TempDir(), "demo.db")
	go func() {
		done <- run(ctx, []string{"demo", "--db", db, "--addr", "127.0.0.1:0", "--history", "600"}, &out, &errOut)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("demo: %v", err)
		}
	})
	listening := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	provider := regexp.MustCompile(`demo identity provider \((http://127\.0\.0\.1:\d+)\)`)
	gateway := regexp.MustCompile(`Sandbox payment gateway \(no real money\): (http://127\.0\.0\.1:\S+)`)
	var site, idp, pay string
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if m, p, g := listening.FindStringSubmatch(out.String()), provider.FindStringSubmatch(out.String()), gateway.FindStringSubmatch(out.String()); m != nil && p != nil && g != nil {
			site, idp, pay = m[1], p[1], g[1]
			break
		}
	}
	if site == "" {
		t.Fatalf("demo did not print its addresses:\n%s\n%s", out.String(), errOut.String())
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	follow := func(method, u string, form url.Values) (*http.Response, string) {
		t.Helper()
		var resp *http.Response
		var err error
		if method == http.MethodPost {
			resp, err = c.PostForm(u, form)
		} else {
			resp, err = c.Get(u)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	next := func(resp *http.Response) string {
		t.Helper()
		loc, err := resp.Location()
		if err != nil {
			t.Fatalf("%s: %d, no redirect", resp.Request.URL, resp.StatusCode)
		}
		return loc.String()
	}
	resp, _ := follow(http.MethodGet, site+"/dang-nhap/cong-dan/bat-dau?next=/cong-dan/ho-so", nil)
	loc := next(resp)
	if !strings.HasPrefix(loc, idp+"/authorize?") {
		t.Fatalf("sign-in went to %q, want the demo provider %s", loc, idp)
	}
	resp, _ = follow(http.MethodGet, loc, nil)
	resp, page := follow(http.MethodGet, next(resp), nil)
	id := regexp.MustCompile(`name="id" value="([^"]*)"`).FindStringSubmatch(page)
	if id == nil || !strings.Contains(page, "congdan.000") {
		t.Fatalf("provider's login page:\n%s", page)
	}
	c1 := demo.Citizens()[2] // congdan.000, who has dossiers
	resp, _ = follow(http.MethodPost, idp+"/login/username", url.Values{"id": {id[1]}, "username": {c1.Username}, "password": {demo.Password}})
	resp, _ = follow(http.MethodGet, next(resp), nil)
	resp, _ = follow(http.MethodGet, next(resp), nil) // the site's callback
	if loc := next(resp); loc != site+"/cong-dan/ho-so" {
		t.Fatalf("callback sent the citizen to %q", loc)
	}
	resp, page = follow(http.MethodGet, site+"/cong-dan/ho-so", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, c1.FullName) || !regexp.MustCompile(`H62-\d{6}-\d{4}`).MatchString(page) {
		t.Fatalf("my dossiers as %s: %d\n%s", c1.Username, resp.StatusCode, page)
	}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]*)"`).FindStringSubmatch(page)
	resp, _ = follow(http.MethodPost, site+"/dang-xuat", url.Values{"csrf": {csrf[1]}})
	if loc := next(resp); !strings.HasPrefix(loc, idp+"/end_session?") {
		t.Fatalf("sign-out went to %q", loc)
	}
	// The sandbox gateway is up and refuses an unsigned payment.
	if resp, _ := follow(http.MethodGet, pay+"?vnp_TxnRef=1", nil); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("sandbox gateway, unsigned request: %d", resp.StatusCode)
	}
}
