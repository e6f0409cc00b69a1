package api

import (
	"net/http"
	"strconv"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
)

// procedures lists the catalog, paged like the dossier lists: limit ≤ 500 (default 100) and
// the next_cursor of the previous page. A province has a few thousand procedures at most, so the
// matching set is read whole and cut here.
func (s *Server) procedures(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, offset := 100, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.writeError(w, r, motcua.FieldError("limit", "invalid_limit", "limit must be 1–500"))
			return
		}
		limit = n
	}
	if v := q.Get("cursor"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			s.writeError(w, r, motcua.FieldError("cursor", "invalid_cursor", "invalid cursor"))
			return
		}
		offset = n
	}
	all, err := s.store.SearchProcedures(r.Context(), q.Get("q"), q.Get("unit"), 0)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page := []catalog.Procedure{}
	if offset < len(all) {
		page = all[offset:min(len(all), offset+limit)]
	}
	next := ""
	if offset+limit < len(all) {
		next = strconv.Itoa(offset + limit)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": page, "total": len(all), "next_cursor": next})
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
