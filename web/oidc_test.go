package web_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/web"
	"github.com/motcua/motcua/workflow"
)

// A real OpenID Connect provider (zitadel/oidc's OP with its example in-memory storage) runs
// in-process on loopback; the site talks to it over HTTP: discovery, the authorization
// endpoint, its login page, the token endpoint (with PKCE), the keys, the userinfo endpoint.
// Nothing is mocked.

// idp is the test provider: a VNeID stand-in that asserts each user's CCCD in a "cccd" claim,
// in the ID token for some users and only from the userinfo endpoint for others.
type idp struct {
	*storage.Storage
	users     *idpUsers
	URL       string
	ClientID  string
	Secret    string
	authorize int // authorization requests seen
	mu        sync.Mutex
}

type idpUser struct {
	storage.User
	CCCD        string
	OnlyInfo    bool // the CCCD comes only from the userinfo endpoint
	NoIDNumbers bool // no "cccd" claim at all: the site falls back to the subject
}

type idpUsers struct{ byID map[string]*idpUser }

func (u *idpUsers) GetUserByID(id string) *storage.User {
	if x, ok := u.byID[id]; ok {
		return &x.User
	}
	return nil
}

func (u *idpUsers) GetUserByUsername(name string) *storage.User {
	for _, x := range u.byID {
		if x.Username == name {
			return &x.User
		}
	}
	return nil
}

func (u *idpUsers) ExampleClientID() string { return "service" }

// SetUserinfoFromRequest adds the CCCD to the ID token.
func (p *idp) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, token op.IDTokenRequest, scopes []string) error {
	if err := p.Storage.SetUserinfoFromRequest(ctx, ui, token, scopes); err != nil {
		return err
	}
	if x, ok := p.users.byID[token.GetSubject()]; ok && !x.OnlyInfo && !x.NoIDNumbers {
		ui.AppendClaims("cccd", x.CCCD)
	}
	return nil
}

// SetUserinfoFromToken adds the CCCD to the userinfo answer.
func (p *idp) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := p.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	if x, ok := p.users.byID[subject]; ok && !x.NoIDNumbers {
		ui.AppendClaims("cccd", x.CCCD)
	}
	return nil
}

// Users of the test provider. "an" is the fixture citizen (the ID number of their account).
var idpPeople = []idpUser{
	{User: storage.User{ID: "sub-an", Username: "an", Password: "mat-khau-an", FirstName: "Văn An", LastName: "Nguyễn"}, CCCD: "0010citizen"},
	{User: storage.User{ID: "sub-binh", Username: "binh", Password: "mat-khau-binh", FirstName: "Thị Bình", LastName: "Trần"}, CCCD: "001099012345"},
	{User: storage.User{ID: "sub-cuong", Username: "cuong", Password: "mat-khau-cuong", FirstName: "Cường", LastName: "Lê"}, CCCD: "001099054321", OnlyInfo: true},
	{User: storage.User{ID: "0010citizen2", Username: "dung", Password: "mat-khau-dung", FirstName: "Dũng", LastName: "Phạm"}, NoIDNumbers: true},
	{User: storage.User{ID: "sub-officer", Username: "officer", Password: "mat-khau-officer", FirstName: "Cán", LastName: "Bộ"}, CCCD: "001088000001"},
}

// startIDP starts the provider; the site's callback URL is known later (register).
func startIDP(t *testing.T) (*idp, func(redirect string)) {
	t.Helper()
	var mu sync.Mutex
	var handler http.Handler = http.NotFoundHandler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		h := handler
		mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p := &idp{users: &idpUsers{byID: map[string]*idpUser{}}, URL: srv.URL, ClientID: "motcua", Secret: "bi-mat-cua-motcua"}
	for i := range idpPeople {
		x := idpPeople[i]
		p.users.byID[x.ID] = &x
	}
	register := func(redirect string) {
		p.Storage = storage.NewStorageWithClients(p.users, map[string]*storage.Client{
			p.ClientID: storage.WebClient(p.ClientID, p.Secret, redirect)})
		provider, err := op.NewProvider(&op.Config{CryptoKey: sha256.Sum256([]byte("test key")), CodeMethodS256: true,
			AuthMethodPost: true}, p, op.StaticIssuer(srv.URL), op.WithAllowInsecure())
		if err != nil {
			t.Fatal(err)
		}
		interceptor := op.NewIssuerInterceptor(provider.IssuerFromRequest)
		mux := http.NewServeMux()
		// The provider's own login page: a user name and password.
		mux.HandleFunc("GET /login/username", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!DOCTYPE html><meta name="viewport" content="width=device-width"><title>Test VNeID</title>
<h1>Test VNeID</h1><form method="post" action="/login/username"><input type="hidden" name="id" value="%s">
<p><label>Username <input name="username" id="username"></label></p><p><label>Password <input name="password" id="password" type="password"></label></p>
<p><button id="login">Sign in</button></p></form>`, html.EscapeString(r.URL.Query().Get("authRequestID")))
		})
		mux.Handle("POST /login/username", interceptor.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := p.CheckUsernamePassword(r.FormValue("username"), r.FormValue("password"), r.FormValue("id")); err != nil {
				http.Error(w, err.Error(), http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, op.AuthCallbackURL(provider)(r.Context(), r.FormValue("id")), http.StatusFound)
		}))
		mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/authorize") && !strings.Contains(r.URL.Path, "callback") {
				p.mu.Lock()
				p.authorize++
				p.mu.Unlock()
			}
			provider.ServeHTTP(w, r)
		}))
		mu.Lock()
		handler = mux
		mu.Unlock()
	}
	return p, register
}

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
			p, register := startIDP(t)
			var mu sync.Mutex
			var h http.Handler
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				hh := h
				mu.Unlock()
				hh.ServeHTTP(w, r)
			}))
			t.Cleanup(srv.Close)
			redirect := srv.URL + "/dang-nhap/cong-dan/callback"
			register(redirect)
			root, err := web.RootWithOptions(st, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{OIDC: web.OIDCOptions{
				Issuer: p.URL, ClientID: p.ClientID, ClientSecret: p.Secret, RedirectURL: redirect, Scopes: []string{"profile"}}})
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			h = root
			mu.Unlock()
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
