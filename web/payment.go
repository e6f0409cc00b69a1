package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/user"
)

// Online fee payment: the citizen's "pay" button sends their browser to the provider with the
// dossier's waiting order; the provider notifies this site server to server (IPN) and sends the
// browser back. Both messages are signed; either one confirms the payment, the other is then a
// duplicate. Paths are fixed so that they can be registered at the provider.
const (
	payReturnPath = "/thanh-toan/ket-qua"
	payIPNPath    = "/thanh-toan/ipn"
)

func (s *Server) routesPayment() {
	s.mux.HandleFunc("POST /cong-dan/ho-so/{code}/thanh-toan", s.form(MaxForm, s.citizen(s.myPay)))
	s.mux.HandleFunc("GET "+payReturnPath, s.payReturn)
	s.mux.HandleFunc("GET "+payIPNPath, s.payIPN)
	s.routesFeeReceipt() // fee_receipt.go: receipts of paid orders
}

// myPay sends the citizen to the provider to pay their dossier's waiting order.
func (s *Server) myPay(w http.ResponseWriter, r *http.Request, u user.User) {
	if s.pay == nil {
		s.errorPage(w, r, http.StatusNotFound, "citizen.pay.off")
		return
	}
	data, ok := s.loadMyDossier(w, r, u)
	if !ok {
		return
	}
	o, found, err := s.store.PendingPayment(r.Context(), u, data.D.Code)
	if err != nil {
		s.log.Error("pay", "code", data.D.Code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	if !found {
		s.errorPage(w, r, http.StatusConflict, "citizen.my.notnow")
		return
	}
	scheme := "http"
	if secure(r) {
		scheme = "https"
	}
	to, err := s.pay.PayURL(o, scheme+"://"+r.Host+payReturnPath, clientAddress(r), s.store.Now())
	if err != nil {
		s.log.Error("pay url", "code", data.D.Code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// payCallback verifies a provider's message and hands it to the store; a message that fails
// verification is logged and changes nothing.
func (s *Server) payCallback(r *http.Request) (payment.Callback, payment.Outcome, error) {
	q := r.URL.Query()
	if len(r.URL.RawQuery) > 8<<10 {
		q = url.Values{} // no gateway sends that much: treat it as unsigned
	}
	remote := clientAddress(r)
	if s.pay == nil {
		return payment.Callback{}, payment.BadSignature, errors.New("no payment provider configured")
	}
	cb, err := s.pay.Callback(q)
	if err != nil {
		s.log.Warn("payment callback refused", "remote", remote, "err", err)
		if lerr := s.store.LogPaymentCallback(r.Context(), s.pay.Name(), q.Get("vnp_TxnRef"), payment.BadSignature, remote, q); lerr != nil {
			return cb, "", lerr
		}
		return cb, payment.BadSignature, nil
	}
	outcome, err := s.store.PaymentCallback(r.Context(), cb, remote, q)
	if err == nil && outcome != payment.Confirmed && outcome != payment.Duplicate {
		s.log.Warn("payment callback changed nothing", "ref", cb.Ref, "outcome", outcome, "remote", remote)
	}
	return cb, outcome, err
}

// payIPN answers the provider's server-to-server notice in the provider's format.
func (s *Server) payIPN(w http.ResponseWriter, r *http.Request) {
	_, outcome, err := s.payCallback(r)
	if err != nil {
		s.log.Error("payment IPN", "err", err)
		outcome = "" // code 99: the provider retries
	}
	code, msg := payment.IPNAnswer(outcome)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]string{"RspCode": code, "Message": msg})
}

type payResultData struct {
	OK, Failed bool
	Code       string // the dossier's code, when the order is known
}

// payReturn is where the provider sends the payer back: it says how the payment went.
func (s *Server) payReturn(w http.ResponseWriter, r *http.Request) {
	cb, outcome, err := s.payCallback(r)
	if err != nil {
		s.log.Error("payment return", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	data := payResultData{OK: outcome == payment.Confirmed || outcome == payment.Duplicate, Failed: outcome == payment.Failed}
	if outcome != payment.BadSignature && outcome != payment.UnknownOrder {
		if o, err := s.store.PaymentOrder(r.Context(), cb.Ref); err == nil {
			data.Code = o.DossierCode
		} else if motcua.ErrorCode(err) != motcua.ENOTFOUND {
			s.log.Error("payment return order", "ref", cb.Ref, "err", err)
		}
	}
	status := http.StatusOK
	if !data.OK && !data.Failed {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "payment_result", "pay.result.title", nil, data)
}

func init() {
	addMessages(map[string][2]string{
		"citizen.pay.off":     {"Chưa có cổng thanh toán trực tuyến: vui lòng nộp phí tại bộ phận một cửa.", "Online payment is not available: please pay at the one-stop desk."},
		"citizen.pay.title":   {"Nộp phí, lệ phí", "Pay the fees"},
		"citizen.pay.amount":  {"Số tiền cần nộp: %s.", "Amount to pay: %s."},
		"citizen.pay.lead":    {"Bạn được chuyển sang cổng thanh toán %s; sau khi thanh toán, hồ sơ tự động được xử lý tiếp.", "You go to the %s payment gateway; once paid, your dossier moves on by itself."},
		"citizen.pay.button":  {"Thanh toán trực tuyến", "Pay online"},
		"citizen.pay.counter": {"Hoặc nộp tiền mặt tại bộ phận một cửa.", "Or pay in cash at the one-stop desk."},
		"pay.result.title":    {"Kết quả thanh toán", "Payment result"},
		"pay.result.ok":       {"Thanh toán thành công. Hồ sơ của bạn được xử lý tiếp.", "Payment received. Your dossier moves on."},
		"pay.result.failed":   {"Giao dịch chưa thành công hoặc đã bị hủy; bạn chưa bị trừ tiền. Bạn có thể thanh toán lại.", "The payment did not go through or was cancelled; nothing was charged. You may try again."},
		"pay.result.invalid":  {"Không xác nhận được kết quả thanh toán (chữ ký không hợp lệ hoặc giao dịch không khớp). Không có thay đổi nào với hồ sơ.", "The payment result could not be verified (invalid signature or mismatched order). Nothing changed on the dossier."},
		"pay.result.dossier":  {"Xem hồ sơ %s", "See dossier %s"},
	})
}
