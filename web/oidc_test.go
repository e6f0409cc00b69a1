package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/internal/testidp"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/payment/sandbox"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/web"
	"github.com/motcua/motcua/workflow"
)

// The citizens' provider is a real OpenID Connect provider on loopback (internal/testidp).
type idp = testidp.Provider

// eachCitizenSite is eachSite with citizen sign-in configured against a fresh test provider.
func eachCitizenSite(t *testing.T, fn func(t *testing.T, s *site, p *idp)) {
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
			p, register := testidp.Start(t, testidp.People)
			var swap testidp.Swap
			srv := httptest.NewServer(&swap)
			t.Cleanup(srv.Close)
			redirect := srv.URL + "/dang-nhap/cong-dan/callback"
			register(redirect)
			// Online payment through the sandbox gateway on loopback, notifying this site.
			ctx, cancel := context.WithCancel(context.Background())
			t.Cleanup(cancel)
			s.Pay = &sandbox.Gateway{TmnCode: "TESTTMN", HashSecret: []byte("test-hash-secret"), IPNURL: srv.URL + "/thanh-toan/ipn"}
			payURL, err := s.Pay.Start(ctx)
			if err != nil {
				t.Fatal(err)
			}
			root, err := web.RootWithOptions(st, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{OIDC: web.OIDCOptions{
				Issuer: p.URL, ClientID: p.ClientID, ClientSecret: p.Secret, RedirectURL: redirect, Scopes: []string{"profile"}},
				Payment: &payment.VNPay{Gateway: payURL, TmnCode: s.Pay.TmnCode, HashSecret: s.Pay.HashSecret}})
			if err != nil {
				t.Fatal(err)
			}
			swap.Set(root)
			s.URL = srv.URL
			s.Client = newClient()
			fn(t, s, p)
		})
	}
}

// signInAt runs the whole sign-in as a browser would: the site's sign-in page and its button, the
// provider's authorization endpoint and login page, back to the site's callback. It returns the
// callback's response (and its body) and the provider's authorization URL.
func signInAt(t *testing.T, s *site, username, password, next string) (*http.Response, string, *url.URL) {
	t.Helper()
	code, body := s.get(t, "/dang-nhap/cong-dan?next="+url.QueryEscape(next))
	start := "/dang-nhap/cong-dan/bat-dau?next=" + url.QueryEscape(next)
	if code != http.StatusOK || !strings.Contains(body, `href="/dang-nhap/cong-dan/bat-dau?next=`) {
		t.Fatalf("sign-in page: %d\n%s", code, body)
	}
	resp, err := s.Client.Get(s.URL + start)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in button: %d", resp.StatusCode)
	}
	authURL, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	loc := authURL.String()
	for range 10 {
		resp, err := s.Client.Get(loc)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.HasPrefix(loc, s.URL) { // back at the site: the callback
			return resp, string(b), authURL
		}
		if resp.StatusCode == http.StatusOK && strings.Contains(string(b), `action="/login/username"`) {
			id := regexp.MustCompile(`name="id" value="([^"]*)"`).FindStringSubmatch(string(b))
			u, _ := url.Parse(loc)
			resp, err = s.Client.PostForm(u.Scheme+"://"+u.Host+"/login/username",
				url.Values{"id": {html.UnescapeString(id[1])}, "username": {username}, "password": {password}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		if resp.StatusCode/100 != 3 {
			t.Fatalf("provider at %s: %d\n%s", loc, resp.StatusCode, b)
		}
		next, err := resp.Location()
		if err != nil {
			t.Fatal(err)
		}
		loc = next.String()
	}
	t.Fatal("sign-in went round in circles")
	return nil, "", nil
}

// signIn signs a provider user in and checks that the site sent them on to next.
func signIn(t *testing.T, s *site, username, password, next string) {
	t.Helper()
	resp, body, _ := signInAt(t, s, username, password, next)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != next {
		t.Fatalf("callback: %d %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
}

func TestCitizenSignInWithOpenIDConnect(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		st := s.F.Store
		// A new citizen: the account is created and linked to the CCCD from the ID token.
		resp, body, authURL := signInAt(t, s, "binh", "mat-khau-binh", "/cong-dan/ho-so")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/cong-dan/ho-so" {
			t.Fatalf("callback: %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
		q := authURL.Query()
		if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" ||
			len(q.Get("state")) < 40 || q.Get("client_id") != p.ClientID || !strings.Contains(q.Get("scope"), "openid") {
			t.Fatalf("authorization request: %s", authURL)
		}
		binh, err := st.UserByUsername(ctx, "cd.001099012345")
		if err != nil || binh.IDNumber != "001099012345" || !binh.Has(workflow.Citizen) || binh.FullName != "Thị Bình Trần" {
			t.Fatalf("new citizen: %+v %v", binh, err)
		}
		if code, body := s.get(t, "/cong-dan/ho-so"); code != 200 || !strings.Contains(body, "Hồ sơ của tôi") {
			t.Fatalf("my dossiers after sign-in: %d", code)
		}
		// Second sign-in (another browser): the same account.
		s2 := &site{URL: s.URL, Client: newClient(), F: s.F}
		signIn(t, s2, "binh", "mat-khau-binh", "/cong-dan/ho-so")
		if u, _ := st.UserByUsername(ctx, "cd.001099012345"); u.ID != binh.ID {
			t.Fatalf("second sign-in made another account: %d != %d", u.ID, binh.ID)
		}
		// The CCCD only from the userinfo endpoint.
		signIn(t, &site{URL: s.URL, Client: newClient(), F: s.F}, "cuong", "mat-khau-cuong", "/cong-dan/ho-so")
		if u, err := st.UserByUsername(ctx, "cd.001099054321"); err != nil || u.FullName != "Cường Lê" {
			t.Fatalf("citizen from userinfo: %+v %v", u, err)
		}
		// No CCCD claim at all: the subject links to the fixture's second citizen.
		s4 := &site{URL: s.URL, Client: newClient(), F: s.F}
		signIn(t, s4, "dung", "mat-khau-dung", "/cong-dan/ho-so")
		if u := sessionUser(t, s4); u.ID != s.F.Users["citizen2"].ID {
			t.Fatalf("linked by subject to %+v, want citizen2", u)
		}
		// The fixture citizen, linked by the ID number on their account.
		s5 := &site{URL: s.URL, Client: newClient(), F: s.F}
		signIn(t, s5, "an", "mat-khau-an", "/nop-ho-so/"+testdb.ProcCode)
		if u := sessionUser(t, s5); u.ID != s.F.Users["citizen"].ID {
			t.Fatalf("linked to %+v, want the fixture citizen", u)
		}
		// An officer's account with that CCCD is never opened this way.
		if _, err := st.AddUserHashed(ctx, userWithID("officer.cccd", "001088000001"), "!"); err != nil {
			t.Fatal(err)
		}
		s6 := &site{URL: s.URL, Client: newClient(), F: s.F}
		resp, body, _ = signInAt(t, s6, "officer", "mat-khau-officer", "/cong-dan/ho-so")
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "tài khoản cán bộ") || hasSession(s6) {
			t.Fatalf("officer's CCCD: %d session=%v\n%s", resp.StatusCode, hasSession(s6), body)
		}
	})
}

func TestCitizenSignInRefusesBadState(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		resp, _, _ := signInAt(t, s, "binh", "mat-khau-binh", "/cong-dan/ho-so")
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", resp.StatusCode)
		}
		replay := callbackOf(t, s, resp)
		cases := []struct {
			name   string
			client *site
			url    string
		}{
			{"the state used twice", &site{URL: s.URL, Client: s.Client}, replay},
			{"no state", s, s.URL + "/dang-nhap/cong-dan/callback?code=abc"},
			{"another browser's state", &site{URL: s.URL, Client: newClient()}, freshCallback(t, s, p)},
		}
		for _, c := range cases {
			r, err := c.client.Client.Get(c.url)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "không hợp lệ") {
				t.Errorf("%s: %d\n%s", c.name, r.StatusCode, b)
			}
		}
		// A citizen who cancels at the provider comes back to a page that says so.
		s2 := &site{URL: s.URL, Client: newClient(), F: s.F}
		resp, err := s2.Client.Get(s.URL + "/dang-nhap/cong-dan/bat-dau?next=/cong-dan/ho-so")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		auth, _ := url.Parse(resp.Header.Get("Location"))
		r, err := s2.Client.Get(s.URL + "/dang-nhap/cong-dan/callback?error=access_denied&state=" + url.QueryEscape(auth.Query().Get("state")))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusUnauthorized || !strings.Contains(string(b), "chưa hoàn tất") || hasSession(s2) {
			t.Errorf("cancelled: %d\n%s", r.StatusCode, b)
		}
	})
}

// callbackOf is the provider's redirect to the site's callback that led to resp: the site's
// session must not come from replaying it.
func callbackOf(t *testing.T, s *site, resp *http.Response) string {
	t.Helper()
	return resp.Request.URL.String()
}

// freshCallback starts a sign-in in one browser and returns the callback URL the provider sends
// it to, without visiting it.
func freshCallback(t *testing.T, s *site, p *idp) string {
	t.Helper()
	b := &site{URL: s.URL, Client: newClient(), F: s.F}
	resp, err := b.Client.Get(s.URL + "/dang-nhap/cong-dan/bat-dau?next=/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	for range 10 {
		r, err := b.Client.Get(loc)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode == 200 {
			id := regexp.MustCompile(`name="id" value="([^"]*)"`).FindStringSubmatch(string(body))
			r, err = b.Client.PostForm(p.URL+"/login/username", url.Values{"id": {html.UnescapeString(id[1])},
				"username": {"binh"}, "password": {"mat-khau-binh"}})
			if err != nil {
				t.Fatal(err)
			}
			r.Body.Close()
		}
		l, err := r.Location()
		if err != nil {
			t.Fatalf("provider: %d %v", r.StatusCode, err)
		}
		loc = l.String()
		if strings.HasPrefix(loc, s.URL) {
			return loc
		}
	}
	t.Fatal("no callback")
	return ""
}

// sessionUser is the user of the client's session cookie, as the site's store sees it.
func sessionUser(t *testing.T, s *site) user.User {
	t.Helper()
	u, _ := url.Parse(s.URL)
	for _, c := range s.Client.Jar.Cookies(u) {
		if c.Name == "motcua_session" {
			got, err := s.F.Store.SessionUser(context.Background(), c.Value)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
	}
	t.Fatal("no session cookie")
	return user.User{}
}

func userWithID(username, idNumber string) user.User {
	return user.User{Username: username, IDNumber: idNumber,
		Roles: []user.RoleAt{{Role: workflow.IntakeOfficer, Unit: testdb.Dept}}}
}

func hasSession(s *site) bool {
	u, _ := url.Parse(s.URL)
	for _, c := range s.Client.Jar.Cookies(u) {
		if c.Name == "motcua_session" && c.Value != "" {
			return true
		}
	}
	return false
}
