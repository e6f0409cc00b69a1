package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/workflow"
)

// paymentsSection cuts the fee section out of an officer's dossier page ("" when there is none).
func paymentsSection(body string) string {
	start := strings.Index(body, `<section class="payments"`)
	if start < 0 {
		return ""
	}
	end := strings.Index(body[start:], "</section>")
	return body[start : start+end]
}

// officerAwaitingPayment makes a received counter dossier whose fee of amount đồng has been
// requested, and returns it with its order.
func officerAwaitingPayment(t *testing.T, s *site, name string, amount int64) (dossier.Dossier, payment.Order) {
	t.Helper()
	ctx := context.Background()
	st, in := s.F.Store, s.F.Users["intake"]
	d := officerCounterDossier(t, s, name)
	var err error
	if d.Status == workflow.Submitted {
		if d, err = st.Act(ctx, in, d.Code, dossier.Request{Action: workflow.Receive, Version: d.Version}); err != nil {
			t.Fatal(err)
		}
	}
	if d, err = st.Act(ctx, in, d.Code, dossier.Request{Action: workflow.RequestPayment, Version: d.Version, Amount: amount}); err != nil {
		t.Fatal(err)
	}
	o, ok, err := st.PendingPayment(ctx, in, d.Code)
	if err != nil || !ok {
		t.Fatalf("no pending order: %v", err)
	}
	return d, o
}

func TestOfficerDossierPageShowsThePayments(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		st := s.F.Store
		intake := s.officerAs(t, "intake")

		// No fee requested: no section.
		plain := officerCounterDossier(t, s, "Không Phí")
		if body, _ := intake.officerPage(t, plain.Code); paymentsSection(body) != "" || strings.Contains(body, "Phí, lệ phí") {
			t.Fatal("a dossier without fee orders shows the fee section")
		}

		// The gateway first reports a wrong amount, then the payment.
		d, o := officerAwaitingPayment(t, s, "Trần Thị Phí", 150000)
		params := url.Values{"vnp_TxnRef": {o.Ref}}
		s.SetNow(testdb.At(9, 20))
		wrong := payment.Callback{Provider: "vnpay", Ref: o.Ref, Amount: 1500, Success: true, TxnNo: "14000009", Code: "00"}
		if out, err := st.PaymentCallback(ctx, wrong, "203.0.113.9", params); err != nil || out != payment.WrongAmount {
			t.Fatalf("wrong amount: %q %v", out, err)
		}
		body, _ := intake.officerPage(t, d.Code)
		sec := paymentsSection(body)
		for _, w := range []string{">Phí, lệ phí<", o.Ref, "150.000 đ", ">Chờ thanh toán<", "09:00 02/03/2026", ">Cần kiểm tra<",
			"09:20 02/03/2026 · vnpay", "không khớp với số tiền yêu cầu"} {
			if !strings.Contains(sec, w) {
				t.Errorf("waiting, after a wrong amount: the section lacks %q\n%s", w, sec)
			}
		}
		if !strings.Contains(body, "Có 1 thông báo của cổng thanh toán cần kiểm tra") {
			t.Error("the page has no alert at the top")
		}

		s.SetNow(testdb.At(9, 30))
		paid := payment.Callback{Provider: "vnpay", Ref: o.Ref, Amount: 150000, Success: true, TxnNo: "14000010", Code: "00"}
		if out, err := st.PaymentCallback(ctx, paid, "203.0.113.9", params); err != nil || out != payment.Confirmed {
			t.Fatalf("payment: %q %v", out, err)
		}
		// A retry of the same notice is routine, not a warning.
		if out, err := st.PaymentCallback(ctx, paid, "203.0.113.9", params); err != nil || out != payment.Duplicate {
			t.Fatalf("retry: %q %v", out, err)
		}
		body, _ = intake.officerPage(t, d.Code)
		sec = paymentsSection(body)
		for _, w := range []string{o.Ref, "150.000 đ", ">Đã thanh toán<", ">VNPAY trực tuyến<", ">14000010<",
			"09:00 02/03/2026", "09:30 02/03/2026", "Cần kiểm tra giao dịch " + o.Ref, "không khớp với số tiền yêu cầu"} {
			if !strings.Contains(sec, w) {
				t.Errorf("paid: the section lacks %q\n%s", w, sec)
			}
		}
		if n := strings.Count(sec, "<li>"); n != 1 {
			t.Errorf("paid: %d warnings, want only the wrong amount\n%s", n, sec)
		}

		// English.
		intake.get(t, "/ngon-ngu/en?next=/")
		body, _ = intake.officerPage(t, d.Code)
		sec = paymentsSection(body)
		for _, w := range []string{">Fees and charges<", "150.000 đ", ">Paid<", ">VNPAY online<", ">14000010<", "Check order " + o.Ref,
			"does not match the order"} {
			if !strings.Contains(sec, w) {
				t.Errorf("English: the section lacks %q\n%s", w, sec)
			}
		}
		if !strings.Contains(body, "Payment-gateway notices to check: 1.") {
			t.Error("English: the page has no alert at the top")
		}
		intake.get(t, "/ngon-ngu/vi?next=/")

		// Money reported for an order cancelled when the dossier was withdrawn: a refund to make.
		wd, wo := officerAwaitingPayment(t, s, "Lê Văn Rút", 80000)
		if _, err := st.Act(ctx, s.F.Users["intake"], wd.Code, dossier.Request{Action: workflow.Withdraw, Version: wd.Version, Reason: "Công dân xin rút"}); err != nil {
			t.Fatal(err)
		}
		late := payment.Callback{Provider: "vnpay", Ref: wo.Ref, Amount: 80000, Success: true, TxnNo: "14000011", Code: "00"}
		if out, err := st.PaymentCallback(ctx, late, "203.0.113.9", url.Values{"vnp_TxnRef": {wo.Ref}}); err != nil || out != payment.NotPayable {
			t.Fatalf("late payment: %q %v", out, err)
		}
		body, _ = intake.officerPage(t, wd.Code)
		sec = paymentsSection(body)
		for _, w := range []string{wo.Ref, "80.000 đ", ">Đã hủy<", "giao dịch đã hủy", "cần hoàn tiền"} {
			if !strings.Contains(sec, w) {
				t.Errorf("cancelled: the section lacks %q\n%s", w, sec)
			}
		}

		// The fee orders are on the page only for who may see the dossier.
		other := s.officerAs(t, "other.intake")
		if code, body := other.get(t, "/can-bo/ho-so/"+d.Code); code != 404 || strings.Contains(body, o.Ref) {
			t.Fatalf("another unit's officer: %d", code)
		}
	})
}
