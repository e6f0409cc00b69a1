package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	pdfslip "github.com/motcua/motcua/slip"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// The official slips as PDF for the officer's dossier page: /can-bo/ho-so/{code}/phieu/{kind}.pdf,
// drawn by the slip package as the API's /api/v1/dossiers/{code}/slips/{kind}.pdf is (the API
// takes bearer tokens only, the workspace its session cookie). Each download is written to the
// personal-data access log.

func (s *Server) slipPDF(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx := r.Context()
	code := r.PathValue("code")
	name, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	kind := pdfslip.Kind(name)
	if !ok || !kind.Valid() {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return
	}
	o, err := s.store.DossierForOfficer(ctx, u, code)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "officer.dossier.notfound")
		return
	}
	if err != nil {
		s.counterInternal(w, r, "slip pdf", err)
		return
	}
	in, found, err := s.store.IntakeOf(ctx, u, code)
	if err != nil {
		s.counterInternal(w, r, "slip pdf intake", err)
		return
	}
	units, err := s.counterUnitNames(r)
	if err != nil {
		s.counterInternal(w, r, "slip pdf units", err)
		return
	}
	src := pdfslip.Source{Dossier: &o.Dossier, Units: units, Template: o.Template, Clock: o.Clock,
		Now: s.store.Now(), SiteURL: siteURL(r)}
	if found {
		src.Intake = slipIntake(in)
	}
	sl, err := pdfslip.Build(kind, src)
	if motcua.ErrorCode(err) == motcua.ECONFLICT {
		s.errorPage(w, r, http.StatusConflict, "officer.slip.pdf.notyet")
		return
	}
	if err != nil {
		s.counterInternal(w, r, "slip pdf build", err)
		return
	}
	var buf bytes.Buffer
	if err := pdfslip.Write(&buf, sl); err != nil {
		s.counterInternal(w, r, "slip pdf write", err)
		return
	}
	if o.Dossier.OwnerID != u.ID {
		if err := s.store.LogAccess(ctx, u, code, store.ScreenSlipPDF); err != nil {
			s.counterInternal(w, r, "slip pdf access log", err)
			return
		}
	}
	writePDF(w, string(kind)+"-"+o.Dossier.Code+".pdf", &buf)
}

// slipIntake is the desk's record as the slips print it: the papers it received.
func slipIntake(in store.IntakeRecord) *pdfslip.Intake {
	out := &pdfslip.Intake{Case: in.Case, Sets: in.Sets, Delivery: in.Delivery, Place: in.Place, PlaceAt: in.PlaceAt,
		OfficerID: in.OfficerID, OfficerName: in.OfficerName}
	for _, d := range in.Documents {
		if d.Received {
			out.Documents = append(out.Documents, pdfslip.Document{Name: d.Name, Originals: d.Originals, Copies: d.Copies})
		}
	}
	return out
}

// slipLink is one printable slip on the dossier page: the print page (if there is one) and the PDF.
type slipLink struct {
	Print, PDF, Label string
}

// pdfSlipLinks are the PDF slips the dossier has, next to the print pages of printableSlips:
// every slip the slip package says it has, in its order.
func pdfSlipLinks(d *dossier.Dossier, printable []option) []slipLink {
	base := "/can-bo/ho-so/" + url.PathEscape(d.Code)
	print := map[pdfslip.Kind]option{}
	for _, o := range printable {
		for _, k := range pdfslip.Kinds {
			if o.Label == "officer.print."+string(k) {
				print[k] = o
			}
		}
	}
	var out []slipLink
	for _, k := range pdfslip.Kinds {
		if !pdfslip.Available(k, d) {
			continue
		}
		l := slipLink{PDF: base + "/phieu/" + string(k) + ".pdf", Label: "officer.print." + string(k), Print: print[k].Value}
		out = append(out, l)
	}
	return out
}

func init() {
	addMessages(map[string][2]string{
		"officer.print.control":   {"Phiếu kiểm soát quá trình giải quyết hồ sơ", "Process control slip"},
		"officer.print.apology":   {"Phiếu xin lỗi và hẹn lại ngày trả kết quả", "Apology and new appointment"},
		"officer.print.pdf":       {"PDF", "PDF"},
		"officer.print.pdf.of":    {"%s (PDF)", "%s (PDF)"},
		"officer.slip.pdf.notyet": {"Hồ sơ chưa có phiếu này.", "The dossier has no such slip yet."},
	})
}

// writePDF sends a generated PDF to be shown in the browser.
func writePDF(w http.ResponseWriter, name string, buf *bytes.Buffer) {
	writeInline(w, "application/pdf", name, buf.Bytes())
}
