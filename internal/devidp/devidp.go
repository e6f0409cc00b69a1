// Package devidp is a real OpenID Connect provider on loopback — zitadel/oidc's OP with its
// example in-memory storage — standing in for VNeID where there is none: in `motcua demo` and in
// the tests. The site talks to it over HTTP as to any provider: discovery, the authorization
// endpoint, its own login page, the token endpoint with PKCE, the keys, userinfo, end session.
// It is never started by `motcua serve`.
package devidp

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"sync"

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

// Provider is a provider with one client, ClientID/Secret, at URL (its issuer).
type Provider struct {
	*storage.Storage
	URL      string
	ClientID string
	Secret   string
	// Hint is shown on the login page (the demo's accounts); empty in the tests.
	Hint       string
	key        [32]byte
	people     users
	postLogout []string
}

// New makes a provider for people at issuer, signing with a key derived from key.
func New(issuer string, people []Person, clientID, secret string, key [32]byte) *Provider {
	p := &Provider{people: users{}, URL: issuer, ClientID: clientID, Secret: secret, key: key}
	for i := range people {
		x := people[i]
		p.people[x.ID] = &x
	}
	return p
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

// GetClientByClientID is the example storage's client with the site's post-sign-out address
// registered (the example registers none).
func (p *Provider) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := p.Storage.GetClientByClientID(ctx, id)
	if err != nil || len(p.postLogout) == 0 {
		return c, err
	}
	return clientWithPostLogout{c, p.postLogout}, nil
}

type clientWithPostLogout struct {
	op.Client
	uris []string
}

func (c clientWithPostLogout) PostLogoutRedirectURIs() []string { return c.uris }

var loginPage = template.Must(template.New("login").Parse(`<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>VNeID thử nghiệm — Đăng nhập</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;font-weight:600;margin-top:1rem}input{font-size:1.1rem;padding:.5rem;width:100%;box-sizing:border-box;border:2px solid #1a1a1a}
button{margin-top:1.5rem;font-size:1.1rem;padding:.75rem 1.5rem;background:#a50e0e;color:#fff;border:0;border-radius:.3rem}
.hint{background:#f3f2f1;padding:.75rem;border-left:4px solid #a50e0e}</style></head>
<body><main><h1>VNeID thử nghiệm</h1>
<p>Nhà cung cấp định danh thử nghiệm (OpenID Connect) — test identity provider.</p>
{{with .Hint}}<p class="hint">{{.}}</p>{{end}}
<form method="post" action="/login/username"><input type="hidden" name="id" value="{{.ID}}">
<label for="username">Tên đăng nhập</label><input name="username" id="username" autocomplete="username">
<label for="password">Mật khẩu</label><input name="password" id="password" type="password" autocomplete="current-password">
<button id="login">Đăng nhập</button></form></main></body></html>`))

// Handler registers the site's callback addresses (redirects) and post-sign-out addresses as the
// client's and returns the provider's HTTP handler.
func (p *Provider) Handler(redirects, postLogout []string) (http.Handler, error) {
	p.postLogout = postLogout
	p.Storage = storage.NewStorageWithClients(p.people, map[string]*storage.Client{
		p.ClientID: storage.WebClient(p.ClientID, p.Secret, redirects...)})
	provider, err := op.NewProvider(&op.Config{CryptoKey: p.key, CodeMethodS256: true, AuthMethodPost: true},
		p, op.StaticIssuer(p.URL), op.WithAllowInsecure())
	if err != nil {
		return nil, err
	}
	interceptor := op.NewIssuerInterceptor(provider.IssuerFromRequest)
	mux := http.NewServeMux()
	// The provider's own login page: a user name and password.
	mux.HandleFunc("GET /login/username", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = loginPage.Execute(w, map[string]string{"ID": r.URL.Query().Get("authRequestID"), "Hint": p.Hint})
	})
	mux.Handle("POST /login/username", interceptor.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := p.CheckUsernamePassword(r.FormValue("username"), r.FormValue("password"), r.FormValue("id")); err != nil {
			http.Error(w, fmt.Sprintf("Sai tên đăng nhập hoặc mật khẩu / wrong user name or password: %v", err), http.StatusUnauthorized)
			return
		}
		http.Redirect(w, r, op.AuthCallbackURL(provider)(r.Context(), r.FormValue("id")), http.StatusFound)
	}))
	mux.Handle("/", provider)
	return mux, nil
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
