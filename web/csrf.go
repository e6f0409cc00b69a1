package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
)

// Every form carries a token that must match a cookie only this site can set (double submit),
// and the Origin header, when the browser sends one, must be this host. SameSite=Lax cookies
// add a third barrier.
const csrfCookie = "motcua_csrf"

// csrfToken returns the token for the forms of this response, setting the cookie if needed.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 43 {
		return c.Value
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: secure(r), SameSite: http.SameSiteLaxMode})
	// Later code in this request (the page being rendered) reads the new value.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}

// validCSRF checks a POST: call it after the form is parsed.
func validCSRF(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return false
		}
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil {
		return false
	}
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(c.Value)) == 1
}

// form wraps a POST handler: it bounds and parses the body (multipart with its own limit) and
// refuses a missing or wrong CSRF token with a page that says what to do.
func (s *Server) form(maxBody int64, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		var err error
		if ct := r.Header.Get("Content-Type"); len(ct) >= 19 && ct[:19] == "multipart/form-data" {
			err = r.ParseMultipartForm(8 << 20)
		} else {
			err = r.ParseForm()
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if asMaxBytes(err, &mbe) {
				s.errorPage(w, r, http.StatusRequestEntityTooLarge, "error.toolarge")
				return
			}
			s.errorPage(w, r, http.StatusBadRequest, "error.csrf")
			return
		}
		if !validCSRF(r) {
			s.errorPage(w, r, http.StatusForbidden, "error.csrf")
			return
		}
		next(w, r)
	}
}
