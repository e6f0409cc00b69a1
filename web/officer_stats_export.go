package web

import (
	"bytes"
	"mime"
	"net/http"
	"slices"
	"strconv"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/report"
	"github.com/motcua/motcua/user"
)

// The dashboard's report form as Excel or CSV, with the session: the same figures as the page.

func (s *Server) routesStatsExport() {
	s.mux.HandleFunc("GET /can-bo/thong-ke/bao-cao.xlsx", s.statsViewer(s.statsExport("xlsx")))
	s.mux.HandleFunc("GET /can-bo/thong-ke/bao-cao.csv", s.statsViewer(s.statsExport("csv")))
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) statsExport(ext string) func(http.ResponseWriter, *http.Request, user.User) {
	return func(w http.ResponseWriter, r *http.Request, u user.User) {
		ctx := r.Context()
		ui, err := s.unitInfo(ctx)
		if err != nil {
			s.log.Error("stats export units", "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
		units := statsUnits(u, ui.list)
		p, errs := parsePeriod(r.URL.Query(), langOf(r), calendar.DateOf(s.store.Now()))
		if len(errs) > 0 || !slices.ContainsFunc(units, func(o statsUnitOption) bool { return o.Code == p.Unit }) {
			s.errorPage(w, r, http.StatusBadRequest, "officer.stats.export.bad")
			return
		}
		sum, err := p.summary(ctx, s.store, u)
		if motcua.ErrorCode(err) == motcua.EFORBIDDEN {
			s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
			return
		}
		var rep report.Report
		if err == nil {
			var names report.Names
			if names, err = report.NamesFor(ctx, s.store, sum); err == nil {
				rep, err = report.Build("tong-hop", sum, names)
			}
		}
		var buf bytes.Buffer
		ctype := xlsxType
		if err == nil {
			if ext == "xlsx" {
				err = report.WriteXLSX(&buf, rep)
			} else {
				ctype = "text/csv; charset=utf-8"
				err = report.WriteCSV(&buf, rep.Tables[0])
			}
		}
		if err != nil {
			s.log.Error("stats export", "unit", p.Unit, "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": rep.FileName(ext)}))
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		w.Header().Set("Cache-Control", "private, no-store")
		_, _ = buf.WriteTo(w)
	}
}

func init() {
	addMessages(map[string][2]string{
		"officer.stats.export":      {"Tải báo cáo:", "Download the report:"},
		"officer.stats.export.xlsx": {"Excel (.xlsx)", "Excel (.xlsx)"},
		"officer.stats.export.csv":  {"CSV", "CSV"},
		"officer.stats.export.bad":  {"Đơn vị hoặc kỳ báo cáo không hợp lệ.", "Invalid unit or period."},
	})
}
