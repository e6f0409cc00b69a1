// Package api is motcua's JSON API under /api/v1: it translates HTTP to store calls and back,
// with errors as {"error":{"code","message","fields"}} in the caller's language.
package api

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// MaxBody is the largest JSON body the API reads (documented in the OpenAPI document); larger
// bodies get 413.
const MaxBody = 1 << 20

// Server serves the API.
type Server struct {
	store *store.Store
	log   *slog.Logger
	mux   *http.ServeMux
}

// New builds the API handler.
func New(st *store.Store, log *slog.Logger) *Server {
	s := &Server{store: st, log: log, mux: http.NewServeMux()}
	s.routes()
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /api/v1/openapi.json", s.openapi)
	s.mux.HandleFunc("GET /api/v1/track/{code}", s.track)
	s.mux.HandleFunc("GET /api/v1/procedures", s.procedures)
	s.mux.HandleFunc("GET /api/v1/procedures/{code}", s.procedure)
	s.mux.HandleFunc("GET /api/v1/units", s.units)
	s.mux.HandleFunc("POST /api/v1/dossiers", s.auth(s.createDossier))
	s.mux.HandleFunc("GET /api/v1/dossiers", s.auth(s.listDossiers))
	s.mux.HandleFunc("GET /api/v1/dossiers/{code}", s.auth(s.getDossier))
	s.mux.HandleFunc("POST /api/v1/dossiers/{code}/actions", s.auth(s.act))
	s.mux.HandleFunc("GET /api/v1/dossiers/{code}/slips/{file}", s.auth(s.dossierSlip)) // {kind}.pdf
	s.mux.HandleFunc("GET /api/v1/dossiers/{code}/payments", s.auth(s.dossierPayments))
	s.mux.HandleFunc("GET /api/v1/dossiers/{code}/payments/{ref}/receipt.pdf", s.auth(s.feeReceipt))
	s.routesStats()        // stats.go: figures
	s.routesReports()      // reports.go: the figures as Excel and CSV report forms
	s.routesDigitisation() // digitisation.go: the index's digitisation figures
	s.routesSigning()      // signing.go: verification, result documents
	s.mux.HandleFunc("GET /api/v1/inbox", s.auth(s.inbox))
	s.mux.HandleFunc("GET /api/v1/me", s.auth(s.me))
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, motcua.Errorf(motcua.ENOTFOUND, "not_found", "no such endpoint"))
	})
}

type userKey struct{}

// auth requires a bearer token and puts its user in the context.
func (s *Server) auth(next func(http.ResponseWriter, *http.Request, user.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			s.writeError(w, r, motcua.Errorf(motcua.EUNAUTHORIZED, "unauthorized", "missing bearer token"))
			return
		}
		u, err := s.store.UserByToken(r.Context(), token)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), userKey{}, u)), u)
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "database": string(s.store.Dialect())})
}

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openapiDoc)
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, u user.User) {
	writeJSON(w, http.StatusOK, u)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// readJSON decodes a body of at most MaxBody bytes, refusing unknown fields and trailing data.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("trailing data after the JSON value")
	}
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var timeErr *time.ParseError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return motcua.Errorf(motcua.ETOOLARGE, "body_too_large", "body larger than %d bytes", MaxBody)
	case errors.As(err, &timeErr):
		// A date where an instant is due ("2026-12-30"): the value is wrong, the JSON is fine.
		return &motcua.Error{Code: motcua.EINVALID, Key: "invalid_time", Message: err.Error()}
	case errors.As(err, &typeErr):
		return &motcua.Error{Code: motcua.EINVALID, Key: "invalid_field", Field: typeErr.Field, Message: err.Error()}
	}
	return motcua.Errorf(motcua.EBADREQUEST, "bad_json", "%v", err)
}
