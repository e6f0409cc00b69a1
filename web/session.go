package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// The session cookie holds a random value whose hash the sessions table keeps (store/sessions.go):
// several server processes share the table, and signing out deletes the row. The cookie has no
// expiry of its own, so closing the browser ends it on a shared office PC; the server ends it
// after store.SessionIdle unused or store.SessionLifetime in all.
const sessionCookie = "motcua_session"

type userKey struct{}

// currentUser is the user of the request's session cookie, if any. A handler that resolved it
// with withUser has put it in the request's context, so the page layout does not look it up again.
func (s *Server) currentUser(r *http.Request) (user.User, bool) {
	if u, ok := r.Context().Value(userKey{}).(*user.User); ok {
		if u == nil {
			return user.User{}, false
		}
		return *u, true
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return user.User{}, false
	}
	u, err := s.store.SessionUser(r.Context(), c.Value)
	if err != nil {
		if motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
			s.log.Error("session", "err", err)
		}
		return user.User{}, false
	}
	return u, true
}

// withUser resolves the session once and keeps the answer in the returned request.
func (s *Server) withUser(r *http.Request) (*http.Request, user.User, bool) {
	u, ok := s.currentUser(r)
	var p *user.User
	if ok {
		p = &u
	}
	return r.WithContext(context.WithValue(r.Context(), userKey{}, p)), u, ok
}

// startSession signs u in on this browser: any session the request carried is ended first (a
// new value at every sign-in, so a value planted before sign-in is worthless), then a new one is
// set. The citizen sign-in (OIDC) calls this too once the provider has vouched for the user.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u user.User) error {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.store.EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	token, err := s.store.NewSession(r.Context(), u.ID, clientAddress(r))
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: secure(r), SameSite: http.SameSiteLaxMode})
	return nil
}

// clearSession removes the session cookie from the browser.
func clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: secure(r), SameSite: http.SameSiteLaxMode})
}

// logout ends this browser's session and clears the cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	_, u, signedIn := s.withUser(r)
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		if err := s.store.EndSession(r.Context(), c.Value); err != nil {
			s.log.Error("sign out", "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
	}
	clearSession(w, r)
	if c := s.oidc(); c != nil && signedIn && u.IDNumber != "" && !isOfficer(u) {
		if to := c.endSessionURL(r); to != "" {
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// logoutEverywhere ends every session of the user and revokes their API tokens.
func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	r, u, ok := s.withUser(r)
	if !ok {
		clearSession(w, r)
		http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
		return
	}
	if err := s.store.SignOutEverywhere(r.Context(), u.ID); err != nil {
		s.log.Error("sign out everywhere", "user", u.ID, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	clearSession(w, r)
	http.Redirect(w, r, "/dang-nhap?da-dang-xuat=1", http.StatusSeeOther)
}

// clientAddress is the address login throttling counts. X-Forwarded-For is believed only from a
// proxy on this machine (the usual TLS terminator), and then only its last entry, the one that
// proxy added: anything earlier is what the client claims.
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if fwd := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); fwd != nil {
				return fwd.String()
			}
		}
	}
	return host
}

// isOfficer reports whether u holds a role that works on dossiers at some unit.
func isOfficer(u user.User) bool {
	for _, r := range u.Roles {
		switch r.Role {
		case workflow.IntakeOfficer, workflow.ProcessingOfficer, workflow.Leader, workflow.Clerk, workflow.CentreManager:
			if r.Unit != "" {
				return true
			}
		}
	}
	return false
}

// officer wraps a workspace handler: without a session it sends the browser to sign in and come
// back; a signed-in user who is not an officer (a citizen, an administrator) gets a page that
// says so.
func (s *Server) officer(next func(http.ResponseWriter, *http.Request, user.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, u, ok := s.withUser(r)
		if !ok {
			next := r.URL.Path // after a POST, come back to the page the form was on
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			clearSession(w, r)
			http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if !isOfficer(u) {
			s.render(w, r, http.StatusForbidden, "officer_notofficer", "officer.notofficer.title", nil, nil)
			return
		}
		next(w, r, u)
	}
}
