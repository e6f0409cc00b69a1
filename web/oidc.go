package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"github.com/motcua/motcua/payment"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Citizens sign in with OpenID Connect: the national VNeID and the national public-service
// portal's SSO are OIDC providers, and which one a province uses is configuration. The flow is
// the authorization code flow with PKCE (S256); the state is bound to the browser by a cookie and
// to the server by a single-use row (store.StartOIDCLogin), the nonce is checked in the verified
// ID token, and the citizen is linked to their account by the ID number (CCCD) the provider
// vouches for.

// Options configure the optional parts of the site.
type Options struct {
	OIDC OIDCOptions
	// Payment is the online fee payment provider; nil turns online payment off.
	Payment payment.Provider
}

// OIDCOptions name the citizens' OpenID Connect provider; an empty Issuer turns citizen sign-in
// off (the sign-in page says so).
type OIDCOptions struct {
	Issuer       string   // e.g. https://sso.example.gov.vn; discovery is at Issuer/.well-known/openid-configuration
	ClientID     string   // this site's client at the provider
	ClientSecret string   // "" for a public client (PKCE only)
	RedirectURL  string   // registered at the provider; "" derives it from the request: {scheme}://{host}/dang-nhap/cong-dan/callback
	Scopes       []string // "openid" is always asked for; default openid profile
	IDClaim      string   // the claim holding the citizen's ID number (CCCD); default "cccd", then "sub"
	NameClaim    string   // the claim holding the full name; default "name"
	ProviderName string   // shown on the sign-in button; default "VNeID"
	// PostLogoutURL is where the provider sends the citizen after signing them out there too
	// (registered at the provider); "" derives it from the request: {scheme}://{host}/
	PostLogoutURL string
}

func (s *Server) oidc() *oidcClient { return s.oidcc }

// oidcClient talks to the provider. Discovery happens at the first sign-in, not at start-up, so
// the site starts (and officers work) while the provider is down; a failed discovery is tried
// again at the next sign-in.
type oidcClient struct {
	opts   OIDCOptions
	http   *http.Client
	mu     sync.Mutex
	prov   *oidc.Provider
	verify *oidc.IDTokenVerifier
}

func newOIDCClient(o OIDCOptions) *oidcClient {
	if o.IDClaim == "" {
		o.IDClaim = "cccd"
	}
	if o.NameClaim == "" {
		o.NameClaim = "name"
	}
	if o.ProviderName == "" {
		o.ProviderName = "VNeID"
	}
	scopes := []string{oidc.ScopeOpenID}
	if len(o.Scopes) == 0 {
		o.Scopes = []string{"profile"}
	}
	for _, sc := range o.Scopes {
		if sc = strings.TrimSpace(sc); sc != "" && sc != oidc.ScopeOpenID {
			scopes = append(scopes, sc)
		}
	}
	o.Scopes = scopes
	return &oidcClient{opts: o, http: &http.Client{Timeout: 15 * time.Second}}
}

func (c *oidcClient) ctx(ctx context.Context) context.Context { return oidc.ClientContext(ctx, c.http) }

func (c *oidcClient) provider(ctx context.Context) (*oidc.Provider, *oidc.IDTokenVerifier, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.prov == nil {
		p, err := oidc.NewProvider(c.ctx(ctx), c.opts.Issuer)
		if err != nil {
			return nil, nil, fmt.Errorf("OIDC discovery at %s: %w", c.opts.Issuer, err)
		}
		c.prov = p
		c.verify = p.Verifier(&oidc.Config{ClientID: c.opts.ClientID})
	}
	return c.prov, c.verify, nil
}

func (c *oidcClient) config(r *http.Request, p *oidc.Provider) *oauth2.Config {
	redirect := c.opts.RedirectURL
	if redirect == "" {
		scheme := "http"
		if secure(r) {
			scheme = "https"
		}
		redirect = scheme + "://" + r.Host + "/dang-nhap/cong-dan/callback"
	}
	return &oauth2.Config{ClientID: c.opts.ClientID, ClientSecret: c.opts.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: redirect, Scopes: c.opts.Scopes}
}

// endSessionURL is the provider's end-session address (OpenID Connect RP-initiated logout) for
// this site, or "" when the provider advertises none or cannot be reached: signing out of the
// site then signs the citizen out of the provider too, so that the next person at a shared
// computer is not signed straight back in.
func (c *oidcClient) endSessionURL(r *http.Request) string {
	p, _, err := c.provider(c.ctx(r.Context()))
	if err != nil {
		return ""
	}
	var meta struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&meta); err != nil || meta.EndSession == "" {
		return ""
	}
	u, err := url.Parse(meta.EndSession)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	back := c.opts.PostLogoutURL
	if back == "" {
		scheme := "http"
		if secure(r) {
			scheme = "https"
		}
		back = scheme + "://" + r.Host + "/"
	}
	q := u.Query()
	q.Set("client_id", c.opts.ClientID)
	q.Set("post_logout_redirect_uri", back)
	u.RawQuery = q.Encode()
	return u.String()
}

// oidcStateCookie binds a sign-in to the browser that started it: a state coming back in another
// browser (login CSRF: an attacker's own sign-in planted in a victim's browser) is refused.
const oidcStateCookie = "motcua_oidc"

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

type citizenSignInData struct {
	Next         string
	Enabled      bool
	ProviderName string
	Failed       string // a message key when a sign-in came back unfinished
}

// citizenSignInPage explains the sign-in and offers the provider's button. The button is a link
// to citizenSignInStart, not a form: the CSP's form-action 'self' would stop a form's redirect to
// the provider (and to wherever the provider sends the browser next).
func (s *Server) citizenSignInPage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if r.URL.Query().Get("next") == "" {
		next = "/cong-dan/ho-so"
	}
	if u, ok := s.currentUser(r); ok && u.Has(workflow.Citizen) {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.showSignIn(w, r, http.StatusOK, next, "")
}

func (s *Server) showSignIn(w http.ResponseWriter, r *http.Request, status int, next, failed string) {
	data := citizenSignInData{Next: next, Failed: failed}
	if c := s.oidc(); c != nil {
		data.Enabled, data.ProviderName = true, c.opts.ProviderName
	} else if status == http.StatusOK {
		status = http.StatusServiceUnavailable
	}
	s.render(w, r, status, "citizen_signin", "citizen.signin.title", nil, data)
}

// citizenSignInStart sends the browser to the provider. It only remembers a sign-in for ten
// minutes; the state is bound to this browser by a cookie, so starting one in someone else's
// browser gains nothing.
func (s *Server) citizenSignInStart(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	c := s.oidc()
	if c == nil {
		s.showSignIn(w, r, http.StatusServiceUnavailable, next, "")
		return
	}
	p, _, err := c.provider(r.Context())
	if err != nil {
		s.log.Error("citizen sign-in", "err", err)
		s.showSignIn(w, r, http.StatusBadGateway, next, "citizen.signin.err.provider")
		return
	}
	state, nonce, verifier := randomString(32), randomString(32), oauth2.GenerateVerifier()
	if err := s.store.StartOIDCLogin(r.Context(), state, store.OIDCLogin{Nonce: nonce, Verifier: verifier, Next: next}); err != nil {
		s.log.Error("citizen sign-in", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: state, Path: "/dang-nhap/cong-dan",
		MaxAge: int(store.OIDCLoginLifetime.Seconds()), HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
	dest := c.config(r, p).AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce))
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

// citizenSignInCallback is where the provider sends the browser back with a code.
func (s *Server) citizenSignInCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: "", Path: "/dang-nhap/cong-dan", MaxAge: -1,
		HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
	c := s.oidc()
	if c == nil {
		s.showSignIn(w, r, http.StatusServiceUnavailable, "/cong-dan/ho-so", "")
		return
	}
	state := q.Get("state")
	cookie, err := r.Cookie(oidcStateCookie)
	if err != nil || state == "" || subtle.ConstantTimeCompare([]byte(cookie.Value), []byte(state)) != 1 {
		s.showSignIn(w, r, http.StatusBadRequest, "/cong-dan/ho-so", "citizen.signin.err.state")
		return
	}
	login, err := s.store.TakeOIDCLogin(r.Context(), state)
	if err != nil {
		if motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
			s.log.Error("citizen sign-in", "err", err)
		}
		s.showSignIn(w, r, http.StatusBadRequest, "/cong-dan/ho-so", "citizen.signin.err.state")
		return
	}
	if e := q.Get("error"); e != "" || q.Get("code") == "" {
		// The citizen cancelled, or the provider refused: say so and offer to try again.
		s.log.Info("citizen sign-in not completed", "error", e, "description", q.Get("error_description"))
		s.showSignIn(w, r, http.StatusUnauthorized, login.Next, "citizen.signin.err.cancelled")
		return
	}
	u, err := s.finishOIDC(r, c, q.Get("code"), login)
	if err != nil {
		key := "citizen.signin.err.provider"
		switch motcua.ErrorCode(err) {
		case motcua.EFORBIDDEN:
			key = "citizen.signin.err.notcitizen"
		case motcua.EUNAUTHORIZED:
			key = "citizen.signin.err.noid"
		}
		s.log.Warn("citizen sign-in refused", "err", err)
		s.showSignIn(w, r, http.StatusUnauthorized, login.Next, key)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.log.Error("start session", "user", u.ID, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.Redirect(w, r, localPath(login.Next), http.StatusSeeOther)
}

// finishOIDC exchanges the code (with the PKCE verifier), verifies the ID token (signature,
// issuer, audience, expiry) and its nonce, reads the citizen's ID number and name, and finds or
// creates their account.
func (s *Server) finishOIDC(r *http.Request, c *oidcClient, code string, login store.OIDCLogin) (user.User, error) {
	ctx := c.ctx(r.Context())
	p, verifier, err := c.provider(ctx)
	if err != nil {
		return user.User{}, err
	}
	tok, err := c.config(r, p).Exchange(ctx, code, oauth2.VerifierOption(login.Verifier))
	if err != nil {
		return user.User{}, fmt.Errorf("exchange code: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return user.User{}, errors.New("the token response has no id_token")
	}
	idt, err := verifier.Verify(ctx, raw)
	if err != nil {
		return user.User{}, fmt.Errorf("verify ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(login.Nonce)) != 1 {
		return user.User{}, errors.New("the ID token's nonce is not this sign-in's")
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return user.User{}, fmt.Errorf("verify access token: %w", err)
		}
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return user.User{}, fmt.Errorf("ID token claims: %w", err)
	}
	id, _ := claims[c.opts.IDClaim].(string)
	name, _ := claims[c.opts.NameClaim].(string)
	if id == "" || name == "" {
		// Some providers put the ID number only in the userinfo answer.
		if ui, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil && ui.Subject == idt.Subject {
			more := map[string]any{}
			if err := ui.Claims(&more); err == nil {
				if id == "" {
					id, _ = more[c.opts.IDClaim].(string)
				}
				if name == "" {
					name, _ = more[c.opts.NameClaim].(string)
				}
			}
		}
	}
	if id == "" {
		id = idt.Subject
	}
	u, _, err := s.store.CitizenSignIn(r.Context(), id, name)
	return u, err
}
