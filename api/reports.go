package api

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/report"
	"github.com/motcua/motcua/user"
)

func (s *Server) routesReports() {
	s.mux.HandleFunc("GET /api/v1/reports/{file}", s.auth(s.reportFile)) // {name}.xlsx, {name}.csv
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// reportFile is GET /api/v1/reports/{name}.xlsx or .csv: a report form of a unit's figures for
// the days from..to, as GET /api/v1/stats/… give them and to the same people — the figures by
// field, channel or level, the index, the ranking, the nine criteria, the ratings, the step
// times, the late causes, the trend. A workbook has all its tables; a CSV, one.
func (s *Server) reportFile(w http.ResponseWriter, r *http.Request, u user.User) {
	file := r.PathValue("file")
	dot := strings.LastIndexByte(file, '.')
	if dot < 0 || !report.Valid(file[:dot]) || (file[dot+1:] != "xlsx" && file[dot+1:] != "csv") {
		s.writeError(w, r, motcua.Errorf(motcua.ENOTFOUND, "not_found", "no report %q", file))
		return
	}
	name, ext := file[:dot], file[dot+1:]
	f, err := statsFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if r.URL.Query().Get("as_of") != "" && !report.OfFigures(name) {
		s.writeError(w, r, motcua.FieldError("as_of", "as_of_figures_only", "only the figure reports (tong-hop, theo-kenh, theo-cap) can be recomputed as of a past day"))
		return
	}
	sum, _, err := s.summaryAsAsked(r, u, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := report.Make(r.Context(), s.store, u, name, f, sum)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, rep, ext); err != nil {
		s.writeError(w, r, err)
		return
	}
	ctype := xlsxType
	if ext == "csv" {
		ctype = "text/csv; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+rep.FileName(ext)+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = buf.WriteTo(w)
}
