package web

import (
	"bytes"
	"html/template"
	"net/http"
	"slices"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/org"
	pdfslip "github.com/motcua/motcua/slip"
	"github.com/motcua/motcua/user"
)

// The dashboard's service-quality index as the printable A4 sheet, with the session: the same
// unit, period and figures as the page.

func (s *Server) routesStatsPDF() {
	s.mux.HandleFunc("GET /can-bo/thong-ke/chi-so.pdf", s.statsViewer(s.statsIndexPDF))
}

// IndexPDF is the address of the sheet of the index the dashboard shows.
func (d statsData) IndexPDF() template.URL {
	// The query is built by url.Values: safe as a URL, and escaping it again would break it.
	return template.URL("/can-bo/thong-ke/chi-so.pdf?" + d.P.query().Encode())
}

func (s *Server) statsIndexPDF(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx := r.Context()
	ui, err := s.unitInfo(ctx)
	if err != nil {
		s.log.Error("stats index sheet units", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	p, errs := parsePeriod(r.URL.Query(), langOf(r), calendar.DateOf(s.store.Now()))
	if len(errs) > 0 || !slices.ContainsFunc(statsUnits(u, ui.list), func(o statsUnitOption) bool { return o.Code == p.Unit }) {
		s.errorPage(w, r, http.StatusBadRequest, "officer.stats.export.bad")
		return
	}
	res, err := s.store.QualityIndex(ctx, u, p.filter())
	if motcua.ErrorCode(err) == motcua.EFORBIDDEN {
		s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
		return
	}
	var buf bytes.Buffer
	if err == nil {
		sheet := &pdfslip.IndexSheet{Unit: ui.name(p.Unit), WithChildren: p.Children, From: p.From.Time(), To: p.To.Time(),
			Result: res, PrintedAt: s.store.Now()}
		if i := slices.IndexFunc(ui.list, func(x org.Unit) bool { return x.Code == p.Unit }); i >= 0 && ui.list[i].ParentCode != "" {
			sheet.Agency = ui.name(ui.list[i].ParentCode)
		}
		err = pdfslip.WriteIndexSheet(&buf, sheet)
	}
	if err != nil {
		s.log.Error("stats index sheet", "unit", p.Unit, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	writeInline(w, "application/pdf", "chi-so-"+p.Unit+"-"+p.From.String()+"-"+p.To.String()+".pdf", buf.Bytes())
}

func init() {
	addMessages(map[string][2]string{
		"officer.stats.index.pdf": {"Tải phiếu chỉ số (PDF)", "Download the index sheet (PDF)"},
	})
}
