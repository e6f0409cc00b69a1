package e2e

import (
	"context"
	"crypto/sha256"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/web"
)

// The citizens' identity provider for the browser tests: a real OpenID Connect provider
// (zitadel/oidc's OP with its example in-memory storage) on loopback, a stand-in for VNeID with
// its own login page. The browser goes through it the way a citizen does: the site's sign-in
// button, the provider's login form, back to the site. Nothing is mocked.

// idp is the provider; it vouches for each user's ID number (CCCD) in a "cccd" claim.
type idp struct {
	*storage.Storage
	cccd     map[string]string // by subject
	URL      string
	ClientID string
	Secret   string
}

// idpUsers is the provider's user list (the example storage's UserStore).
type idpUsers struct{ byID map[string]*storage.User }

func (u idpUsers) GetUserByID(id string) *storage.User { return u.byID[id] }
func (u idpUsers) GetUserByUsername(name string) *storage.User {
	for _, x := range u.byID {
		if x.Username == name {
			return x
		}
	}
	return nil
}
func (idpUsers) ExampleClientID() string { return "service" }

// SetUserinfoFromRequest puts the CCCD in the ID token.
func (p *idp) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, token op.IDTokenRequest, scopes []string) error {
	if err := p.Storage.SetUserinfoFromRequest(ctx, ui, token, scopes); err != nil {
		return err
	}
	if c, ok := p.cccd[token.GetSubject()]; ok {
		ui.AppendClaims("cccd", c)
	}
	return nil
}

// SetUserinfoFromToken puts the CCCD in the userinfo answer.
func (p *idp) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := p.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	if c, ok := p.cccd[subject]; ok {
		ui.AppendClaims("cccd", c)
	}
	return nil
}

// Provider users: "an" is the fixture's "citizen" (their account's ID number is 0010citizen).
const (
	idpCitizen         = "an"
	idpCitizenPassword = "mat-khau-an"
)

// startIDP starts the provider for a site whose callback is redirect.
func startIDP(t *testing.T, redirect string) *idp {
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
	users := idpUsers{byID: map[string]*storage.User{
		"sub-an": {ID: "sub-an", Username: idpCitizen, Password: idpCitizenPassword, FirstName: "Văn An", LastName: "Nguyễn"},
	}}
	p := &idp{cccd: map[string]string{"sub-an": "0010citizen"}, URL: srv.URL, ClientID: "motcua", Secret: "bi-mat-cua-motcua"}
	p.Storage = storage.NewStorageWithClients(users, map[string]*storage.Client{p.ClientID: storage.WebClient(p.ClientID, p.Secret, redirect)})
	provider, err := op.NewProvider(&op.Config{CryptoKey: sha256.Sum256([]byte("e2e key")), CodeMethodS256: true, AuthMethodPost: true},
		p, op.StaticIssuer(srv.URL), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	interceptor := op.NewIssuerInterceptor(provider.IssuerFromRequest)
	mux := http.NewServeMux()
	// The provider's login page.
	mux.HandleFunc("GET /login/username", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><meta name="viewport" content="width=device-width"><title>Test VNeID</title>
<h1>Test VNeID</h1><form method="post" action="/login/username"><input type="hidden" name="id" value="%s">
<p><label>Tên đăng nhập <input name="username" id="username"></label></p><p><label>Mật khẩu <input name="password" id="password" type="password"></label></p>
<p><button id="login">Đăng nhập</button></p></form>`, html.EscapeString(r.URL.Query().Get("authRequestID")))
	})
	mux.Handle("POST /login/username", interceptor.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := p.CheckUsernamePassword(r.FormValue("username"), r.FormValue("password"), r.FormValue("id")); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, op.AuthCallbackURL(provider)(r.Context(), r.FormValue("id")), http.StatusFound)
	}))
	mux.Handle("/", provider)
	mu.Lock()
	handler = mux
	mu.Unlock()
	return p
}

// journeySites is fixtureSites with citizen sign-in through the test provider, and a counter
// ("Quầy 1") at the fixture's department for the kiosk.
func journeySites(t *testing.T) []*site {
	t.Helper()
	var out []*site
	for _, db := range testdb.All(t) {
		s := &site{Name: db.Name, now: testdb.At(9, 0)}
		st := openStore(t, db.DSN, s)
		s.F = testdb.Seed(t, st)
		if err := st.PutUnits(context.Background(), []org.Unit{{Code: testdb.Dept, Name: "Sở Tư pháp", ParentCode: testdb.Province,
			Level: 2, Counters: []string{journeyCounter}}}); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var h http.Handler = http.NotFoundHandler()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			hh := h
			mu.Unlock()
			hh.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		redirect := srv.URL + "/dang-nhap/cong-dan/callback"
		p := startIDP(t, redirect)
		root, err := web.RootWithOptions(st, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{OIDC: web.OIDCOptions{
			Issuer: p.URL, ClientID: p.ClientID, ClientSecret: p.Secret, RedirectURL: redirect, Scopes: []string{"profile"}, ProviderName: "Test VNeID"}})
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		h = root
		mu.Unlock()
		s.URL = srv.URL
		out = append(out, s)
	}
	return out
}

// journeyCounter is the counter whose kiosk the citizen rates on.
const journeyCounter = "Quầy 1"
