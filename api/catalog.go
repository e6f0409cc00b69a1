package api

import (
	"net/http"

	"github.com/motcua/motcua/catalog"
)

func (s *Server) procedures(w http.ResponseWriter, r *http.Request) {
	ps, err := s.store.SearchProcedures(r.Context(), r.URL.Query().Get("q"), r.URL.Query().Get("unit"), 500)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if ps == nil {
		ps = []catalog.Procedure{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ps, "total": len(ps)})
}

func (s *Server) procedure(w http.ResponseWriter, r *http.Request) {
	p, err := s.store.Procedure(r.Context(), r.PathValue("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) units(w http.ResponseWriter, r *http.Request) {
	us, err := s.store.Units(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": us, "total": len(us)})
}
