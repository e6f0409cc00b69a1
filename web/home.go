package web

import (
	"net/http"
	"strings"

	"github.com/motcua/motcua/catalog"
)

// home is the portal's front page: the procedure search and the way to tracking.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	data := struct {
		Query   string
		Results []catalog.Procedure
		Search  bool
	}{Query: q, Search: q != ""}
	if q != "" {
		var err error
		if data.Results, err = s.store.SearchProcedures(r.Context(), q, "", 50); err != nil {
			s.log.Error("search", "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
	}
	s.render(w, r, http.StatusOK, "home", "home.title", nil, data)
}
