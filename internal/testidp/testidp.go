// Package testidp runs a real OpenID Connect provider for tests: zitadel/oidc's OP with its
// example in-memory storage, on loopback, standing in for VNeID. The site talks to it over HTTP —
// discovery, the authorization endpoint, its own login page, the token endpoint with PKCE, the
// keys, userinfo. Nothing is mocked. The web tests and the browser tests share it.
package testidp

import (
	"context"
	"crypto/sha256"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Person is a user of the provider, who vouches for their ID number (CCCD) in a "cccd" claim.
type Person struct {
	storage.User
	CCCD        string
	OnlyInfo    bool // the CCCD comes only from the userinfo endpoint, not in the ID token
	NoIDNumbers bool // no "cccd" claim at all: the site falls back to the subject
}

// People are the provider's users. "an" is the fixture citizen (internal/testdb: the ID number
// of their account is 0010citizen).
var People = []Person{
	{User: storage.User{ID: "sub-an", Username: "an", Password: "mat-khau-an", FirstName: "Văn An", LastName: "Nguyễn"}, CCCD: "0010citizen"},
	{User: storage.User{ID: "sub-binh", Username: "binh", Password: "mat-khau-binh", FirstName: "Thị Bình", LastName: "Trần"}, CCCD: "001099012345"},
	{User: storage.User{ID: "sub-cuong", Username: "cuong", Password: "mat-khau-cuong", FirstName: "Cường", LastName: "Lê"}, CCCD: "001099054321", OnlyInfo: true},
	{User: storage.User{ID: "0010citizen2", Username: "dung", Password: "mat-khau-dung", FirstName: "Dũng", LastName: "Phạm"}, NoIDNumbers: true},
	{User: storage.User{ID: "sub-officer", Username: "officer", Password: "mat-khau-officer", FirstName: "Cán", LastName: "Bộ"}, CCCD: "001088000001"},
}

// Provider is a running provider with one client, ClientID/Secret.
type Provider struct {
	*storage.Storage
	URL      string
	ClientID string
	Secret   string
	people   users
}

type users map[string]*Person // by subject

func (u users) GetUserByID(id string) *storage.User {
	if x, ok := u[id]; ok {
		return &x.User
	}
	return nil
}

func (u users) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if x.Username == name {
			return &x.User
		}
	}
	return nil
}

func (users) ExampleClientID() string { return "service" }

// SetUserinfoFromRequest adds the CCCD to the ID token.
func (p *Provider) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, token op.IDTokenRequest, scopes []string) error {
	if err := p.Storage.SetUserinfoFromRequest(ctx, ui, token, scopes); err != nil {
		return err
	}
	if x, ok := p.people[token.GetSubject()]; ok && !x.OnlyInfo && !x.NoIDNumbers {
		ui.AppendClaims("cccd", x.CCCD)
	}
	return nil
}

// SetUserinfoFromToken adds the CCCD to the userinfo answer.
func (p *Provider) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := p.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	if x, ok := p.people[subject]; ok && !x.NoIDNumbers {
		ui.AppendClaims("cccd", x.CCCD)
	}
	return nil
}

// Swap is a handler set after its server has started: the provider and the site each need the
// other's URL before they can be built.
type Swap struct {
	mu sync.Mutex
	h  http.Handler
}

// Set installs the handler.
func (s *Swap) Set(h http.Handler) { s.mu.Lock(); s.h = h; s.mu.Unlock() }

func (s *Swap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	h := s.h
	s.mu.Unlock()
	if h == nil {
		h = http.NotFoundHandler()
	}
	h.ServeHTTP(w, r)
}

// Start starts the provider for people on loopback; register tells it the site's callback URL
// once the site's server is up, and must be called before the first sign-in.
func Start(t testing.TB, people []Person) (p *Provider, register func(redirect string)) {
	t.Helper()
	var swap Swap
	srv := httptest.NewServer(&swap)
	t.Cleanup(srv.Close)
	p = &Provider{people: users{}, URL: srv.URL, ClientID: "motcua", Secret: "bi-mat-cua-motcua"}
	for i := range people {
		x := people[i]
		p.people[x.ID] = &x
	}
	register = func(redirect string) {
		p.Storage = storage.NewStorageWithClients(p.people, map[string]*storage.Client{
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
		swap.Set(mux)
	}
	return p, register
}
