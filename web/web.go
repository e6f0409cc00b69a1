// Package web serves motcua's HTML pages: the citizen portal at /, the officer workspace at
// /can-bo and the counter kiosk at /kiosk/{counter}. Pages are rendered on the server from
// embedded templates, work without JavaScript (scripts only enhance), and are in Vietnamese with
// an English switch. Every page checks the same authorisation as the API, through the store.
package web

import (
	"embed"
	"github.com/motcua/motcua/payment"
	"log/slog"
	"net"
	"net/http"

	"github.com/motcua/motcua/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// MaxForm bounds a form body without files; uploads have their own, larger limit.
const MaxForm = 64 << 10

// Server serves the pages.
type Server struct {
	store *store.Store
	log   *slog.Logger
	mux   *http.ServeMux
	pages *pages
	oidcc *oidcClient      // citizens' sign-in provider; nil when none is configured
	pay   payment.Provider // online fee payment; nil when none is configured
}

// New builds the web handler.
func New(st *store.Store, log *slog.Logger) (*Server, error) {
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{store: st, log: log, mux: http.NewServeMux(), pages: p}
	s.routes()
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w.Header())
	s.mux.ServeHTTP(w, r)
}

// securityHeaders forbid inline script and framing: the kiosk and every form are only ever
// shown as the top page, and all script comes from /static.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
}

// secure tells whether cookies must be Secure: always, except for plain HTTP to a loopback
// address (the demo, tests), where browsers would drop them. Behind a TLS-terminating proxy the
// proxy sets X-Forwarded-Proto.
func secure(r *http.Request) bool {
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		return true
	}
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	ip := net.ParseIP(host)
	return host != "localhost" && (ip == nil || !ip.IsLoopback())
}

// routes: each part of the site registers its own, in its own file.
func (s *Server) routes() {
	s.mux.Handle("GET /static/", http.FileServerFS(staticFiles))
	s.mux.HandleFunc("GET /ngon-ngu/{lang}", s.switchLanguage)
	s.routesPortal()       // portal.go: search, procedure pages, tracking
	s.routesOfficer()      // officer.go: sign-in, inbox, dossier pages and actions
	s.routesNotices()      // officer_notices.go: notices to applicants, sending a failed one again
	s.routesResult()       // officer_result.go: the result document on the dossier page
	s.routesVerify()       // verify.go: public verification of signed results (/xac-thuc)
	s.routesPayment()      // payment.go: online fee payment and the provider's callbacks
	s.routesCitizen()      // citizen.go: citizen sign-in (OIDC), online submission, my dossiers
	s.routesCounter()      // counter.go: counter intake, slips, kiosk, appointments
	s.routesDigitisation() // digitisation.go: digitising papers, re-use, the citizen's document store
	s.routesAdmin()        // admin.go: units, users, procedures, templates, holidays
	s.routesStats()        // officer_stats.go: the statistics dashboard and the dossier listing behind it
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.errorPage(w, r, http.StatusNotFound, "error.notfound") })
}
