package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/payment"
	pdfslip "github.com/motcua/motcua/slip"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// Fee receipts (biên lai thu phí, lệ phí) as PDF, one per paid order, drawn by the slip package as
// the API's /api/v1/dossiers/{code}/payments/{ref}/receipt.pdf is: for officers next to each paid
// order on the dossier page, for the applicant on their own dossier's page. An officer's download
// is written to the personal-data access log.

func (s *Server) routesFeeReceipt() {
	s.mux.HandleFunc("GET /can-bo/ho-so/{code}/thanh-toan/{ref}/bien-lai.pdf", s.officer(s.officerFeeReceipt))
	s.mux.HandleFunc("GET /cong-dan/ho-so/{code}/thanh-toan/{ref}/bien-lai.pdf", s.citizen(s.myFeeReceipt))
}

// officerReceiptURL and myReceiptURL are where an order's receipt is downloaded.
func officerReceiptURL(o payment.Order) string {
	return "/can-bo/ho-so/" + url.PathEscape(o.DossierCode) + "/thanh-toan/" + url.PathEscape(o.Ref) + "/bien-lai.pdf"
}

func myReceiptURL(o payment.Order) string {
	return "/cong-dan/ho-so/" + url.PathEscape(o.DossierCode) + "/thanh-toan/" + url.PathEscape(o.Ref) + "/bien-lai.pdf"
}

func (s *Server) officerFeeReceipt(w http.ResponseWriter, r *http.Request, u user.User) {
	o, err := s.store.DossierForOfficer(r.Context(), u, r.PathValue("code"))
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "officer.dossier.notfound")
		return
	}
	if err != nil {
		s.counterInternal(w, r, "fee receipt", err)
		return
	}
	s.feeReceipt(w, r, u, &o.Dossier, o.Dossier.OwnerID != u.ID)
}

// myFeeReceipt is the applicant's download of a receipt of their own dossier; it is not an
// access to log.
func (s *Server) myFeeReceipt(w http.ResponseWriter, r *http.Request, u user.User) {
	o, err := s.store.DossierForOfficer(r.Context(), u, r.PathValue("code"))
	if motcua.ErrorCode(err) == motcua.ENOTFOUND || (err == nil && o.Dossier.OwnerID != u.ID) {
		s.errorPage(w, r, http.StatusNotFound, "citizen.my.notfound")
		return
	}
	if err != nil {
		s.counterInternal(w, r, "my fee receipt", err)
		return
	}
	s.feeReceipt(w, r, u, &o.Dossier, false)
}

// feeReceipt serves the receipt of the order {ref} of d, which u may see: 404 for an order d
// does not have, 409 for one not paid.
func (s *Server) feeReceipt(w http.ResponseWriter, r *http.Request, u user.User, d *dossier.Dossier, logAccess bool) {
	ctx := r.Context()
	ref := r.PathValue("ref")
	orders, err := s.store.PaymentOrders(ctx, u, d.Code)
	if err != nil {
		s.counterInternal(w, r, "fee receipt orders", err)
		return
	}
	var order *payment.Order
	for i := range orders {
		if orders[i].Ref == ref {
			order = &orders[i]
		}
	}
	if order == nil {
		s.errorPage(w, r, http.StatusNotFound, "fee.receipt.notfound")
		return
	}
	units, err := s.counterUnitNames(r)
	if err != nil {
		s.counterInternal(w, r, "fee receipt units", err)
		return
	}
	sl, err := pdfslip.BuildFee(pdfslip.Source{Dossier: d, Units: units, Now: s.store.Now(), SiteURL: siteURL(r)}, *order)
	if motcua.ErrorCode(err) == motcua.ECONFLICT {
		s.errorPage(w, r, http.StatusConflict, "fee.receipt.notpaid")
		return
	}
	if err != nil {
		s.counterInternal(w, r, "fee receipt build", err)
		return
	}
	var buf bytes.Buffer
	if err := pdfslip.Write(&buf, sl); err != nil {
		s.counterInternal(w, r, "fee receipt write", err)
		return
	}
	if logAccess {
		if err := s.store.LogAccess(ctx, u, d.Code, store.ScreenFeePDF); err != nil {
			s.counterInternal(w, r, "fee receipt access log", err)
			return
		}
	}
	writePDF(w, "bien-lai-"+d.Code+"-"+order.Ref+".pdf", &buf)
}

// paidFee is a paid order on the citizen's dossier page, with its receipt.
type paidFee struct {
	payment.Order
	ProviderName string // as printed: "VNPAY"
	ReceiptURL   string
}

// paidFees are the dossier's paid orders, oldest first.
func paidFees(orders []payment.Order) []paidFee {
	var out []paidFee
	for _, o := range orders {
		if o.Status == payment.Paid {
			out = append(out, paidFee{o, strings.ToUpper(o.Provider), myReceiptURL(o)})
		}
	}
	return out
}

func init() {
	addMessages(map[string][2]string{
		"officer.payments.receipt":          {"Biên lai (PDF)", "Receipt (PDF)"},
		"officer.screen.fee_receipt":        {"Tải biên lai thu phí, lệ phí", "Downloaded a fee receipt"},
		"citizen.access.screen.fee_receipt": {"Tải biên lai thu phí (PDF)", "Downloaded a fee receipt (PDF)"},
		"citizen.fees.title":                {"Phí, lệ phí đã nộp", "Fees paid"},
		"citizen.fees.paid":                 {"%s, nộp lúc %s", "%s, paid at %s"},
		"citizen.fees.online":               {"trực tuyến qua %s", "online through %s"},
		"citizen.fees.counter":              {"tại Bộ phận Một cửa", "at the one-stop desk"},
		"citizen.fees.receipt":              {"Biên lai", "Receipt"},
		"citizen.fees.receipt.of":           {"Biên lai thu phí, lệ phí %s (PDF)", "Fee receipt %s (PDF)"},
		"fee.receipt.notfound":              {"Hồ sơ không có giao dịch thanh toán này.", "The dossier has no such payment order."},
		"fee.receipt.notpaid":               {"Giao dịch chưa được thanh toán (hoặc đã hủy): chưa có biên lai.", "The order is not paid (or was cancelled): there is no receipt yet."},
	})
}
