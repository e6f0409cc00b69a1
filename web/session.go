package web

import (
	"net/http"

	"github.com/motcua/motcua/user"
)

const sessionCookie = "motcua_session"

// currentUser is the user of the request's session cookie, if any.
func (s *Server) currentUser(r *http.Request) (user.User, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return user.User{}, false
	}
	u, err := s.store.UserByToken(r.Context(), c.Value)
	if err != nil {
		return user.User{}, false
	}
	return u, true
}

// logout ends the session and clears the cookie.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
