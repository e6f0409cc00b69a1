package slip

import (
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/workflow"
)

// Payment is the paid order a fee receipt records, worded.
type Payment struct {
	Ref       string // the order's reference: the receipt's number
	Amount    int64  // đồng
	Content   string // what was paid for
	Method    string // how, in words
	Online    bool   // paid through a provider, not at the desk
	Provider  string // the provider's name as printed ("VNPAY"); "" at the desk
	TxnNo     string // the provider's transaction number
	PaidAt    time.Time
	Collector string // the officer who took the money at the desk; "" online
}

// ErrNotPaid is the key of the conflict BuildFee returns for an order that is not paid (yet).
const ErrNotPaid = "payment_not_paid"

// FeeContent is what a fee receipt says was paid for.
const FeeContent = "Phí, lệ phí giải quyết thủ tục hành chính"

// BuildFee words the fee receipt (biên lai thu phí, lệ phí) of the dossier's paid order o. An
// order of another dossier is ENOTFOUND; one that is pending or cancelled is ECONFLICT with key
// ErrNotPaid.
func BuildFee(src Source, o payment.Order) (*Slip, error) {
	d := src.Dossier
	if o.DossierCode != d.Code {
		return nil, motcua.Errorf(motcua.ENOTFOUND, "payment_not_found", "no payment order %s on dossier %s", o.Ref, d.Code)
	}
	if o.Status != payment.Paid || o.PaidAt == nil {
		return nil, motcua.Errorf(motcua.ECONFLICT, ErrNotPaid, "payment order %s of %s is %s, not paid", o.Ref, d.Code, o.Status)
	}
	s := newSlip(Fee, src)
	s.Date, s.Number = *o.PaidAt, o.Ref
	pay := &Payment{Ref: o.Ref, Amount: o.Amount, Content: FeeContent, PaidAt: *o.PaidAt, TxnNo: o.ProviderTxn}
	switch o.Provider {
	case "counter":
		pay.Method = "Tiền mặt, nộp trực tiếp tại Bộ phận Một cửa"
		pay.Collector = collector(d, o)
	case "vnpay":
		pay.Online, pay.Provider = true, "VNPAY"
		pay.Method = "Thanh toán trực tuyến qua cổng thanh toán VNPAY"
	default:
		pay.Online, pay.Provider = true, strings.ToUpper(o.Provider)
		pay.Method = "Thanh toán trực tuyến qua " + pay.Provider
	}
	s.Payment = pay
	return s, nil
}

// collector is the officer who confirmed a payment at the desk: the confirm_payment event that
// names the order, or else the one recorded when the order was paid (the same transaction).
func collector(d *dossier.Dossier, o payment.Order) string {
	for i := len(d.History) - 1; i >= 0; i-- {
		ev := d.History[i]
		if ev.Action != workflow.ConfirmPayment {
			continue
		}
		if ref, ok := ev.Payload["payment_ref"].(string); ok {
			if ref == o.Ref {
				return ev.Actor
			}
			continue
		}
		if diff := ev.At.Sub(*o.PaidAt); diff > -time.Second && diff < time.Second {
			return ev.Actor
		}
	}
	return ""
}

// fee is the Biên lai thu phí, lệ phí (e-receipt for fees and charges): the collecting unit, the
// payer, the dossier and its procedure, the amount in figures and in words, how and when it was
// paid, the tracking box and the signatures.
func (p *page) fee(s *Slip) {
	pay := s.Payment
	p.heading(s)
	unit := s.Unit
	if s.Agency != "" {
		unit += " — " + s.Agency
	}
	a := s.Applicant
	p.facts([]fact{{label: "Đơn vị thu phí, lệ phí", value: unit}, {label: "Điện thoại", value: s.UnitPhone},
		{label: "Người nộp tiền", value: a.Name, strong: true}, {label: "Số CCCD / mã số", value: a.IDNumber},
		{label: "Địa chỉ", value: a.Address}, {label: "Thủ tục hành chính", value: s.Procedure}})
	p.pdf.Ln(2)
	amount := strings.TrimSuffix(vnd(pay.Amount), " đ")
	const num, money = 12.0, 40.0
	p.table([]column{{"STT", num, "C"}, {"Nội dung thu", p.width - num - money, "L"}, {"Số tiền (đồng)", money, "R"}},
		[][]string{{"1", pay.Content + "\nHồ sơ " + s.Code, amount}, {"", "Tổng cộng", amount}}, 10)
	p.rich("L", []span{{"", "Số tiền bằng chữ: "}, {"B", AmountInWords(pay.Amount) + "."}})
	p.pdf.Ln(2)
	p.facts([]fact{{label: "Hình thức thanh toán", value: pay.Method},
		{label: "Mã giao dịch " + pay.Provider, value: pay.TxnNo},
		{label: "Mã thanh toán", value: pay.Ref},
		{label: "Thời gian thanh toán", value: clock(pay.PaidAt), strong: true}})
	p.pdf.Ln(2)
	p.track(s)
	collector := signer{"NGƯỜI THU TIỀN", "(Ký, ghi rõ họ tên)", pay.Collector}
	if pay.Online {
		collector = signer{"ĐƠN VỊ THU TIỀN", "(Đã thu qua cổng thanh toán " + pay.Provider + ")", s.Unit}
	}
	p.signatures(signer{"NGƯỜI NỘP TIỀN", "(Ký, ghi rõ họ tên)", a.Name}, collector)
}
