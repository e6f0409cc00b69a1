package api

import (
	"bytes"
	"net/http"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/slip"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// feeReceipt is GET /api/v1/dossiers/{code}/payments/{ref}/receipt.pdf: the fee receipt (biên lai
// thu phí, lệ phí) of one paid order as an A4 PDF, to whoever may see the dossier. A dossier the
// caller may not see, or an order it does not have, is a 404; an order not paid, a 409.
func (s *Server) feeReceipt(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx := r.Context()
	code, ref := r.PathValue("code"), r.PathValue("ref")
	orders, err := s.store.PaymentOrders(ctx, u, code)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	i := -1
	for j, o := range orders {
		if o.Ref == ref {
			i = j
		}
	}
	if i < 0 {
		s.writeError(w, r, motcua.Errorf(motcua.ENOTFOUND, "payment_not_found", "dossier %s has no payment order %s", code, ref))
		return
	}
	o, err := s.store.DossierForOfficer(ctx, u, code)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	units, err := s.store.Units(ctx)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d := &o.Dossier
	sl, err := slip.BuildFee(slip.Source{Dossier: d, Units: unitMap(units), Now: s.store.Now(), SiteURL: siteURL(r)}, orders[i])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := slip.Write(&buf, sl); err != nil {
		s.writeError(w, r, err)
		return
	}
	// The receipt shows the payer's name, ID number and address: an officer's download is
	// recorded first, as for the slips; the applicant's own is not.
	if d.OwnerID == 0 || d.OwnerID != u.ID {
		if err := s.store.LogAccess(ctx, u, d.Code, store.ScreenFeePDF); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	writePDF(w, "bien-lai-"+d.Code+"-"+ref+".pdf", &buf)
}
