package web

import (
	"bytes"
	"html/template"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/report"
	"github.com/motcua/motcua/user"
)

// The dashboard's tables as Excel or CSV, with the session: the same figures as the page.
// /can-bo/thong-ke/bao-cao.xlsx is the report form (by field, channel and level); every other
// table is /can-bo/thong-ke/bao-cao/{name}.xlsx or .csv, named as in the API.

func (s *Server) routesStatsExport() {
	s.mux.HandleFunc("GET /can-bo/thong-ke/bao-cao.xlsx", s.statsViewer(s.statsExport(report.Summary, "xlsx")))
	s.mux.HandleFunc("GET /can-bo/thong-ke/bao-cao.csv", s.statsViewer(s.statsExport(report.Summary, "csv")))
	s.mux.HandleFunc("GET /can-bo/thong-ke/bao-cao/{file}", s.statsViewer(func(w http.ResponseWriter, r *http.Request, u user.User) {
		file := r.PathValue("file")
		name, ext, ok := strings.Cut(file, ".")
		if !ok || !report.Valid(name) || (ext != "xlsx" && ext != "csv") {
			s.errorPage(w, r, http.StatusNotFound, "error.notfound")
			return
		}
		s.statsExport(name, ext)(w, r, u)
	}))
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) statsExport(name, ext string) func(http.ResponseWriter, *http.Request, user.User) {
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
		if p.AsOf != nil && !report.OfFigures(name) { // before the slow recomputation
			s.errorPage(w, r, http.StatusBadRequest, "officer.stats.export.bad")
			return
		}
		sum, err := p.summary(ctx, s.store, u)
		var rep report.Report
		var buf bytes.Buffer
		if err == nil {
			if rep, err = report.Make(ctx, s.store, u, name, p.filter(), sum); err == nil {
				err = report.Write(&buf, rep, ext)
			}
		}
		switch motcua.ErrorCode(err) {
		case motcua.EFORBIDDEN:
			s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
			return
		case motcua.EINVALID:
			s.errorPage(w, r, http.StatusBadRequest, "officer.stats.export.bad")
			return
		}
		if err != nil {
			s.log.Error("stats export", "unit", p.Unit, "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
		ctype := xlsxType
		if ext == "csv" {
			ctype = "text/csv; charset=utf-8"
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
		"officer.stats.export":          {"Tải báo cáo:", "Download the report:"},
		"officer.stats.export.xlsx":     {"Excel (.xlsx)", "Excel (.xlsx)"},
		"officer.stats.export.csv":      {"CSV", "CSV"},
		"officer.stats.export.table":    {"Tải bảng:", "Download the table:"},
		"officer.stats.export.book":     {"Tải bảng (Excel gồm các bảng theo cán bộ, quầy, đơn vị, thủ tục, kênh và ý kiến):", "Download (the workbook has the tables by officer, counter, unit, procedure, channel and the comments):"},
		"officer.stats.export.comments": {"Ý kiến trong kỳ (50 ý kiến mới nhất):", "The period's comments (the latest 50):"},
		"officer.stats.export.bad":      {"Đơn vị hoặc kỳ báo cáo không hợp lệ.", "Invalid unit or period."},
	})
}

// Export is the address of a table of the dashboard as a workbook (ext "xlsx") or CSV.
func (d statsData) Export(name, ext string) template.URL {
	// The query is built by url.Values: safe as a URL, and escaping it again would break it.
	return template.URL("/can-bo/thong-ke/bao-cao/" + name + "." + ext + "?" + d.P.query().Encode())
}
