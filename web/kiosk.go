package web

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
)

// The counter kiosk, /kiosk/{unit code}:{counter}: the tablet on a counter shows the officer
// sitting there and the dossier they just handled, and the citizen rates it with one tap. It is
// a device, not a person: it proves itself with the counter's kiosk key (made on /can-bo/quay,
// opened once as ?key=…, then kept in a long-lived HttpOnly cookie) and never sees an officer's
// session. Its pages have no links, reload themselves and go back to the start after each
// rating. kiosk.js does the reloading, on a timer that every touch or key press restarts, so a
// citizen who is still choosing or typing a comment is never cut off (WCAG 2.2.1); a <noscript>
// meta refresh does it where scripting is off. docs/kiosk.md explains the set-up.

const kioskCookie = "motcua_kiosk"

// kioskCookieAge is the longest a browser keeps a cookie (Chrome caps at 400 days).
const kioskCookieAge = 400 * 24 * 3600

// How long each screen waits, in seconds, without a touch or a key press before it reloads (or
// goes back to the start).
const (
	kioskRefreshIdle   = 5  // waiting for the next dossier: show it soon after the officer acts
	kioskRefreshRate   = 30 // the rating buttons: long enough to decide, then look for a newer dossier
	kioskRefreshClosed = 30
	kioskRefreshReason = 60 // the reasons screen gives up after a minute
	kioskRefreshThanks = 4
)

type kioskData struct {
	Screen     string // nokey, closed, wait, rate, reason, thanks, already
	UnitCode   string
	Path       string
	Refresh    int    // seconds of inactivity before the screen reloads; 0: never
	RefreshURL string // where it goes then; the screen itself when empty
	UnitName   string
	Counter    string
	Officer    string
	Code       string
	Procedure  string
	Reasons    []counterOption
	EN         map[string]string // the English line under each Vietnamese text
}

// kioskRender writes a kiosk screen: a page of its own, without the site's header, footer and
// links.
func (s *Server) kioskRender(w http.ResponseWriter, r *http.Request, status int, data kioskData) {
	t, ok := s.pages.byName["kiosk"]
	if !ok {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if data.RefreshURL == "" {
		data.RefreshURL = data.Path
	}
	if data.UnitName == "" && data.UnitCode != "" {
		if u, err := s.store.Unit(r.Context(), data.UnitCode); err == nil {
			data.UnitName = u.Name
		}
	}
	data.EN = map[string]string{}
	for _, k := range kioskKeys {
		data.EN[k] = text(English, k)
	}
	v := &view{Lang: Vietnamese, Path: r.URL.RequestURI(), CSRF: s.csrfToken(w, r), Data: data}
	v.Title = v.T("kiosk.title")
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "kiosk", v); err != nil {
		s.log.Error("render kiosk", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// kioskCounter checks the device: the counter in the path and the key in the cookie. On failure
// it has answered.
func (s *Server) kioskCounter(w http.ResponseWriter, r *http.Request) (unit, counter string, ok bool) {
	unit, counter, ok = parseCounterID(r.PathValue("counter"))
	if !ok {
		s.kioskRender(w, r, http.StatusNotFound, kioskData{Screen: "nokey"})
		return "", "", false
	}
	key := ""
	if c, err := r.Cookie(kioskCookie); err == nil {
		key = c.Value
	}
	good, err := s.store.CheckKioskKey(r.Context(), unit, counter, key)
	if err != nil {
		s.log.Error("kiosk key", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return "", "", false
	}
	if !good {
		s.kioskRender(w, r, http.StatusForbidden, kioskData{Screen: "nokey", Path: counterPath(unit, counter), Counter: counter})
		return "", "", false
	}
	return unit, counter, true
}

// kioskPage is the kiosk's start screen. Opened with ?key=… it first enrols the device.
func (s *Server) kioskPage(w http.ResponseWriter, r *http.Request) {
	if key := r.URL.Query().Get("key"); key != "" {
		unit, counter, ok := parseCounterID(r.PathValue("counter"))
		good := false
		if ok {
			var err error
			if good, err = s.store.CheckKioskKey(r.Context(), unit, counter, key); err != nil {
				s.log.Error("kiosk key", "err", err)
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
		}
		if !good {
			s.kioskRender(w, r, http.StatusForbidden, kioskData{Screen: "nokey", Counter: counter})
			return
		}
		http.SetCookie(w, &http.Cookie{Name: kioskCookie, Value: key, Path: "/kiosk/", MaxAge: kioskCookieAge,
			HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteLaxMode})
		// Drop the key from the address bar and the history.
		http.Redirect(w, r, counterPath(unit, counter), http.StatusSeeOther)
		return
	}
	unit, counter, ok := s.kioskCounter(w, r)
	if !ok {
		return
	}
	data := kioskData{UnitCode: unit, Path: counterPath(unit, counter), Counter: counter}
	desk, h, handled, err := s.store.LastHandled(r.Context(), unit, counter)
	if err != nil {
		s.log.Error("kiosk last handled", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	switch {
	case desk.UserID == 0:
		data.Screen, data.Refresh = "closed", kioskRefreshClosed
	case !handled || h.Rated:
		data.Screen, data.Refresh, data.Officer = "wait", kioskRefreshIdle, desk.Officer()
	default:
		data.Screen, data.Refresh, data.Officer = "rate", kioskRefreshRate, desk.Officer()
		data.Code, data.Procedure = h.Code, h.ProcedureName
	}
	s.kioskRender(w, r, http.StatusOK, data)
}

// kioskRate stores the one-tap rating, then thanks the citizen, or asks why for "not satisfied".
func (s *Server) kioskRate(w http.ResponseWriter, r *http.Request) {
	unit, counter, ok := s.kioskCounter(w, r)
	if !ok {
		return
	}
	path := counterPath(unit, counter)
	code := r.PostFormValue("code")
	value, _ := strconv.Atoi(r.PostFormValue("value"))
	_, err := s.store.RateAtKiosk(r.Context(), unit, counter, code, value)
	switch {
	case err == nil && value == store.NotSatisfied:
		http.Redirect(w, r, path+"/ly-do?"+url.Values{"ho-so": {code}}.Encode(), http.StatusSeeOther)
	case err == nil:
		http.Redirect(w, r, path+"/cam-on", http.StatusSeeOther)
	case store.AlreadyRated(err):
		http.Redirect(w, r, path+"/cam-on?da-danh-gia=1", http.StatusSeeOther)
	case kioskErrKey(err) == "not_at_counter" || kioskErrKey(err) == "invalid_rating":
		// The screen was stale (another dossier since) or the form was tampered with: start over.
		http.Redirect(w, r, path, http.StatusSeeOther)
	default:
		s.log.Error("kiosk rate", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func (s *Server) kioskReasonPage(w http.ResponseWriter, r *http.Request) {
	unit, counter, ok := s.kioskCounter(w, r)
	if !ok {
		return
	}
	data := kioskData{Screen: "reason", UnitCode: unit, Path: counterPath(unit, counter), Counter: counter,
		Code: r.URL.Query().Get("ho-so"), Refresh: kioskRefreshReason}
	for _, reason := range store.RatingReasons {
		data.Reasons = append(data.Reasons, counterOption{Value: reason, Label: "kiosk.reason." + reason})
	}
	s.kioskRender(w, r, http.StatusOK, data)
}

func (s *Server) kioskReason(w http.ResponseWriter, r *http.Request) {
	unit, counter, ok := s.kioskCounter(w, r)
	if !ok {
		return
	}
	path := counterPath(unit, counter)
	if r.PostFormValue("skip") == "" {
		err := s.store.ExplainKioskRating(r.Context(), unit, counter, r.PostFormValue("code"),
			r.PostFormValue("reason"), r.PostFormValue("comment"))
		// Too late, twice, or nothing said: the rating stands as it is; thank the citizen anyway.
		if err != nil && kioskErrKey(err) == "" {
			s.log.Error("kiosk reason", "err", err)
		}
	}
	http.Redirect(w, r, path+"/cam-on", http.StatusSeeOther)
}

func (s *Server) kioskThanks(w http.ResponseWriter, r *http.Request) {
	unit, counter, ok := s.kioskCounter(w, r)
	if !ok {
		return
	}
	data := kioskData{Screen: "thanks", UnitCode: unit, Path: counterPath(unit, counter), Counter: counter, Refresh: kioskRefreshThanks}
	if r.URL.Query().Get("da-danh-gia") != "" {
		data.Screen = "already"
	}
	s.kioskRender(w, r, http.StatusOK, data)
}

// kioskErrKey is the key of an application error, or "".
func kioskErrKey(err error) string {
	var e *motcua.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

// kioskKeys are the texts the kiosk shows in both languages at once.
var kioskKeys = []string{"kiosk.title", "kiosk.officer", "kiosk.dossier", "kiosk.ask", "kiosk.very", "kiosk.good",
	"kiosk.bad", "kiosk.wait", "kiosk.closed", "kiosk.closed.lead", "kiosk.nokey", "kiosk.nokey.lead",
	"kiosk.why", "kiosk.comment", "kiosk.send", "kiosk.skip", "kiosk.thanks", "kiosk.thanks.lead",
	"kiosk.already", "kiosk.reason.waiting", "kiosk.reason.attitude", "kiosk.reason.guidance",
	"kiosk.reason.papers", "kiosk.reason.other"}

func init() {
	addMessages(map[string][2]string{
		"kiosk.title":           {"Đánh giá mức độ hài lòng", "Rate our service"},
		"kiosk.officer":         {"Cán bộ tiếp nhận", "Officer"},
		"kiosk.dossier":         {"Hồ sơ", "Dossier"},
		"kiosk.ask":             {"Ông/bà có hài lòng với việc giải quyết hồ sơ?", "Are you satisfied with how your dossier was handled?"},
		"kiosk.very":            {"Rất hài lòng", "Very satisfied"},
		"kiosk.good":            {"Hài lòng", "Satisfied"},
		"kiosk.bad":             {"Không hài lòng", "Not satisfied"},
		"kiosk.wait":            {"Mời ông/bà đánh giá sau khi được phục vụ.", "Please rate us once you have been served."},
		"kiosk.closed":          {"Quầy tạm nghỉ", "Counter closed"},
		"kiosk.closed.lead":     {"Mời ông/bà sang quầy bên cạnh.", "Please go to the next counter."},
		"kiosk.nokey":           {"Thiết bị chưa được cấp quyền", "This device is not set up"},
		"kiosk.nokey.lead":      {"Quản lý trung tâm tạo khóa cho quầy tại trang Máy đánh giá tại quầy và mở địa chỉ có khóa trên máy này.", "A centre manager makes a key for the counter on the rating tablets page and opens the address with the key on this device."},
		"kiosk.why":             {"Ông/bà chưa hài lòng vì điều gì?", "What were you not satisfied with?"},
		"kiosk.comment":         {"Ý kiến khác (không bắt buộc)", "Anything else (optional)"},
		"kiosk.send":            {"Gửi ý kiến", "Send"},
		"kiosk.skip":            {"Bỏ qua", "Skip"},
		"kiosk.thanks":          {"Cảm ơn ông/bà!", "Thank you!"},
		"kiosk.thanks.lead":     {"Ý kiến của ông/bà giúp chúng tôi phục vụ tốt hơn.", "Your opinion helps us serve you better."},
		"kiosk.already":         {"Hồ sơ này đã được đánh giá. Cảm ơn ông/bà!", "This dossier has already been rated. Thank you!"},
		"kiosk.reason.waiting":  {"Chờ đợi lâu", "Long wait"},
		"kiosk.reason.attitude": {"Thái độ cán bộ", "Officer's attitude"},
		"kiosk.reason.guidance": {"Hướng dẫn chưa rõ", "Unclear guidance"},
		"kiosk.reason.papers":   {"Yêu cầu nhiều giấy tờ", "Too many papers"},
		"kiosk.reason.other":    {"Lý do khác", "Another reason"},
	})
}
