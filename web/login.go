package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/store"
)

// Sign-in with a username and password, for officers (citizens sign in through OpenID Connect;
// a citizen account with a password may use this form too).

type loginData struct {
	Username  string
	Next      string
	SignedOut bool // after "sign out everywhere"
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	data := loginData{SignedOut: q.Get("da-dang-xuat") != ""}
	if n := q.Get("next"); n != "" {
		data.Next = localPath(n)
	}
	s.render(w, r, http.StatusOK, "login", "login.title", nil, data)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	data := loginData{Username: strings.TrimSpace(r.PostFormValue("username"))}
	if n := r.PostFormValue("next"); n != "" {
		data.Next = localPath(n)
	}
	if utf8.RuneCountInString(data.Username) > 200 { // no account has such a name; keep the throttle keys short
		data.Username = string([]rune(data.Username)[:200])
	}
	password := r.PostFormValue("password")
	var errs FieldErrors
	if data.Username == "" {
		errs = append(errs, FieldError{"username", text(lang, "login.error.username")})
	}
	if password == "" {
		errs = append(errs, FieldError{"password", text(lang, "login.error.password")})
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "login", "login.title", errs, data)
		return
	}
	u, err := s.store.SignIn(r.Context(), data.Username, password, clientAddress(r))
	var th *store.ThrottledError
	switch {
	case errors.As(err, &th):
		wait := th.Until.Sub(s.store.Now())
		minutes := int(math.Ceil(wait.Minutes()))
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		key := "login.error.throttled.address"
		if th.Account {
			key = "login.error.throttled.account"
		}
		msg := text(lang, key, th.Until.In(calendar.Zone).Format("15:04"), minutes)
		s.render(w, r, http.StatusTooManyRequests, "login", "login.title", FieldErrors{{"username", msg}}, data)
		return
	case motcua.ErrorCode(err) == motcua.EUNAUTHORIZED:
		s.render(w, r, http.StatusUnauthorized, "login", "login.title",
			FieldErrors{{"username", text(lang, "login.error.bad")}}, data)
		return
	case err != nil:
		s.log.Error("sign in", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.log.Error("start session", "user", u.ID, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	next := data.Next
	if next == "" {
		next = "/"
		if isOfficer(u) {
			next = "/can-bo"
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
