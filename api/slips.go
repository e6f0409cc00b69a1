package api

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/slip"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// applicantSlips are the slips an applicant may download for their own dossier; the process
// control slip is the administration's record.
var applicantSlips = map[slip.Kind]bool{slip.Receipt: true, slip.Supplement: true, slip.Refusal: true, slip.Apology: true}

// dossierSlip is GET /api/v1/dossiers/{code}/slips/{kind}.pdf: one official slip as an A4 PDF.
// Officers who may see the dossier get every kind; the applicant gets theirs; anyone else, and
// an unknown kind, 404. A slip the dossier does not have yet is a 409.
func (s *Server) dossierSlip(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx := r.Context()
	code := r.PathValue("code")
	name, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	kind := slip.Kind(name)
	if !ok || !kind.Valid() {
		s.writeError(w, r, motcua.Errorf(motcua.ENOTFOUND, "not_found", "no slip %q", r.PathValue("file")))
		return
	}
	o, err := s.store.DossierForOfficer(ctx, u, code)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d := &o.Dossier
	own := d.OwnerID != 0 && d.OwnerID == u.ID
	if own && !applicantSlips[kind] && !officerOf(u, o.Dossier.UnitCode, d.CompetentUnit, d.StepUnit, d.TransferFromUnit) {
		s.writeError(w, r, motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "no dossier %s visible to you", code))
		return
	}
	in, found, err := s.store.IntakeOf(ctx, u, code)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	units, err := s.store.Units(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	src := slip.Source{Dossier: d, Template: o.Template, Clock: o.Clock, Now: s.store.Now(), SiteURL: siteURL(r),
		Units: unitMap(units)}
	if found {
		src.Intake = slipIntake(in)
	}
	sl, err := slip.Build(kind, src)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := slip.Write(&buf, sl); err != nil {
		s.writeError(w, r, err)
		return
	}
	// Decree 13/2023: the slip shows the applicant's personal data, so an officer's download is
	// recorded first; without the record nothing is sent. The applicant's own is not recorded.
	if !own {
		if err := s.store.LogAccess(ctx, u, d.Code, store.ScreenSlipPDF); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	writePDF(w, string(kind)+"-"+d.Code+".pdf", &buf)
}

// officerOf reports whether u holds an officer's role at one of the units.
func officerOf(u user.User, units ...string) bool {
	for _, code := range units {
		if code != "" && len(u.RolesAt(code)) > 0 {
			return true
		}
	}
	return false
}

// siteURL is the scheme and host the caller used, for the tracking address printed on slips.
func siteURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func unitMap(units []org.Unit) map[string]org.Unit {
	m := make(map[string]org.Unit, len(units))
	for _, u := range units {
		m[u.Code] = u
	}
	return m
}

// slipIntake is the desk's record as the slips print it: the papers it received.
func slipIntake(in store.IntakeRecord) *slip.Intake {
	out := &slip.Intake{Case: in.Case, Sets: in.Sets, Delivery: in.Delivery, Place: in.Place, PlaceAt: in.PlaceAt,
		OfficerID: in.OfficerID, OfficerName: in.OfficerName}
	for _, d := range in.Documents {
		if d.Received {
			out.Documents = append(out.Documents, slip.Document{Name: d.Name, Originals: d.Originals, Copies: d.Copies})
		}
	}
	return out
}

// writePDF sends a generated PDF to be shown in the browser, never cached: it carries personal
// data.
func writePDF(w http.ResponseWriter, name string, buf *bytes.Buffer) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": name}))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = buf.WriteTo(w)
}
