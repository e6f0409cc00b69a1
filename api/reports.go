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
// the days from..to, as GET /api/v1/stats/summary gives them and to the same people.
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
	sum, _, err := s.summaryAsAsked(r, u, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names, err := report.NamesFor(r.Context(), s.store, sum)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := report.Build(name, sum, names)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var buf bytes.Buffer
	ctype := xlsxType
	if ext == "xlsx" {
		err = report.WriteXLSX(&buf, rep)
	} else {
		ctype = "text/csv; charset=utf-8"
		err = report.WriteCSV(&buf, rep.Tables[0])
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+rep.FileName(ext)+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = buf.WriteTo(w)
}
