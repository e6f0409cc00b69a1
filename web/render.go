package web

import (
	"bytes"
	"errors"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// pages holds each page template parsed together with the layout and the shared partials
// (files starting with "_").
type pages struct{ byName map[string]*template.Template }

var funcs = template.FuncMap{
	// when formats an instant in Vietnam time, as on the paper slips: 14:05 02/03/2026.
	"when": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return v.In(calendar.Zone).Format("15:04 02/01/2006")
		case *time.Time:
			if v == nil {
				return ""
			}
			return v.In(calendar.Zone).Format("15:04 02/01/2006")
		}
		return ""
	},
	"day": func(t time.Time) string { return t.In(calendar.Zone).Format("02/01/2006") },
	"add": func(a, b int) int { return a + b },
	"vnd": formatVND,
}

func parsePages() (*pages, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var shared []string
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), "_") {
			shared = append(shared, n)
		}
	}
	p := &pages{byName: map[string]*template.Template{}}
	for _, n := range names {
		base := path.Base(n)
		if strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFiles, append([]string{n}, shared...)...)
		if err != nil {
			return nil, err
		}
		p.byName[strings.TrimSuffix(base, ".html")] = t
	}
	return p, nil
}

// view is what every page template gets: the language and its texts, the signed-in user, the
// CSRF token for its forms, field errors, and the page's own data.
type view struct {
	Lang   Lang
	Title  string
	Path   string
	User   *user.User
	CSRF   string
	Errors FieldErrors
	Data   any
}

// T translates a key into the page's language: {{.T "home.title"}} or, inside range, {{$.T …}}.
func (v *view) T(key string, args ...any) string { return text(v.Lang, key, args...) }

// Status names a status in the page's language.
func (v *view) Status(s workflow.Status) string {
	if v.Lang == English {
		return s.NameEN()
	}
	return s.Name()
}

// Home is where the signed-in user's name in the header leads: their own workspace.
func (v *view) Home() string {
	switch {
	case v.User == nil:
		return "/"
	case v.User.Has(workflow.Citizen) && len(v.User.Roles) == 1:
		return "/cong-dan/ho-so"
	case v.User.Has(workflow.Administrator) && len(v.User.Roles) == 1:
		return "/quan-tri"
	}
	return "/can-bo"
}

// OtherLang is the language the switch in the header offers.
func (v *view) OtherLang() Lang {
	if v.Lang == English {
		return Vietnamese
	}
	return English
}

// FieldErrors are the messages shown next to fields and in the summary at the top of a form,
// in the order of the form's fields.
type FieldErrors []FieldError

// FieldError is one of them; Field is the input's id, so the summary links to it.
type FieldError struct {
	Field   string
	Message string
}

// For returns the message for a field, or "".
func (fe FieldErrors) For(field string) string {
	for _, e := range fe {
		if e.Field == field {
			return e.Message
		}
	}
	return ""
}

// render writes a page; titleKey is a message key.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page, titleKey string, errs FieldErrors, data any) {
	t, ok := s.pages.byName[page]
	if !ok {
		s.log.Error("no such page template", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	v := &view{Lang: langOf(r), Path: r.URL.RequestURI(), CSRF: s.csrfToken(w, r), Errors: errs, Data: data}
	if u, ok := s.currentUser(r); ok {
		v.User = &u
	}
	v.Title = v.T(titleKey)
	if len(errs) > 0 {
		v.Title = v.T("error.summary") + ": " + v.Title // announced first by screen readers
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage shows a message page with the status.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, key string) {
	s.render(w, r, status, "error", key, nil, nil)
}

func asMaxBytes(err error, target **http.MaxBytesError) bool { return errors.As(err, target) }
