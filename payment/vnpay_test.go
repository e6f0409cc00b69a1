package payment_test

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/payment"
)

var gw = &payment.VNPay{Gateway: "http://127.0.0.1:9/paymentv2/vpcpay.html", TmnCode: "TESTTMN", HashSecret: []byte("secret-1")}

func paid() url.Values {
	q := url.Values{
		"vnp_TmnCode": {"TESTTMN"}, "vnp_Amount": {"15000000"}, "vnp_TxnRef": {"00aa11bb22cc33dd"},
		"vnp_ResponseCode": {"00"}, "vnp_TransactionStatus": {"00"}, "vnp_TransactionNo": {"14000001"},
		"vnp_PayDate": {"20260302093000"}, "vnp_OrderInfo": {"Thanh toan phi ho so 000.00.01.H62-260302-0001"},
	}
	q.Set("vnp_SecureHash", payment.SignVNPay(gw.HashSecret, q))
	return q
}

func TestVNPayCallbackReadsASignedNotice(t *testing.T) {
	cb, err := gw.Callback(paid())
	if err != nil {
		t.Fatal(err)
	}
	want := payment.Callback{Provider: "vnpay", Ref: "00aa11bb22cc33dd", Amount: 150000, Success: true, TxnNo: "14000001", Code: "00",
		PaidAt: time.Date(2026, 3, 2, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))}
	if cb.Ref != want.Ref || cb.Amount != want.Amount || !cb.Success || cb.TxnNo != want.TxnNo || !cb.PaidAt.Equal(want.PaidAt) {
		t.Fatalf("callback %+v, want %+v", cb, want)
	}
	// The hex digits' case does not matter.
	q := paid()
	q.Set("vnp_SecureHash", strings.ToUpper(q.Get("vnp_SecureHash")))
	if _, err := gw.Callback(q); err != nil {
		t.Fatalf("upper-case signature: %v", err)
	}
}

func TestVNPayCallbackRefusesWhatIsNotSigned(t *testing.T) {
	tests := []struct {
		name   string
		change func(url.Values)
	}{
		{"unsigned", func(q url.Values) { q.Del("vnp_SecureHash") }},
		{"empty signature", func(q url.Values) { q.Set("vnp_SecureHash", "") }},
		{"not hex", func(q url.Values) { q.Set("vnp_SecureHash", "zz") }},
		{"amount changed", func(q url.Values) { q.Set("vnp_Amount", "15000100") }},
		{"order changed", func(q url.Values) { q.Set("vnp_TxnRef", "00aa11bb22cc33de") }},
		{"failure turned to success", func(q url.Values) { q.Set("vnp_ResponseCode", "24") }},
		{"parameter added", func(q url.Values) { q.Set("vnp_BankCode", "NCB") }},
		{"parameter removed", func(q url.Values) { q.Del("vnp_PayDate") }},
		{"parameter given twice", func(q url.Values) { q.Add("vnp_TxnRef", "ffffffffffffffff") }},
		{"signed with another secret", func(q url.Values) { q.Set("vnp_SecureHash", payment.SignVNPay([]byte("secret-2"), q)) }},
		{"another merchant's terminal", func(q url.Values) {
			q.Set("vnp_TmnCode", "OTHER")
			q.Set("vnp_SecureHash", payment.SignVNPay(gw.HashSecret, q))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := paid()
			tt.change(q)
			if _, err := gw.Callback(q); !errors.Is(err, payment.ErrSignature) {
				t.Fatalf("err %v, want ErrSignature", err)
			}
		})
	}
	// Parameters outside the protocol's are not signed and do not matter.
	q := paid()
	q.Set("utm_source", "x")
	if _, err := gw.Callback(q); err != nil {
		t.Fatalf("extra non-vnp parameter: %v", err)
	}
}

func TestVNPayPayURLIsSignedAndComplete(t *testing.T) {
	now := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	o := payment.Order{Ref: "00aa11bb22cc33dd", Amount: 150000, Info: "Thanh toan phi ho so X"}
	raw, err := gw.PayURL(o, "http://127.0.0.1:8080/thanh-toan/ket-qua", "127.0.0.1", now)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(raw)
	if err != nil || !strings.HasPrefix(raw, gw.Gateway+"?") {
		t.Fatalf("pay URL %q: %v", raw, err)
	}
	q := u.Query()
	if !payment.VerifyVNPay(gw.HashSecret, q) {
		t.Fatal("the pay URL's signature does not verify")
	}
	for k, want := range map[string]string{"vnp_Amount": "15000000", "vnp_TxnRef": o.Ref, "vnp_Command": "pay",
		"vnp_Version": "2.1.0", "vnp_CurrCode": "VND", "vnp_CreateDate": "20260302090000", "vnp_ExpireDate": "20260302091500",
		"vnp_ReturnUrl": "http://127.0.0.1:8080/thanh-toan/ket-qua", "vnp_TmnCode": "TESTTMN"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if _, err := gw.PayURL(payment.Order{Ref: "x"}, "", "", now); err == nil {
		t.Error("an order of 0 đồng got a pay URL")
	}
}

func TestIPNAnswers(t *testing.T) {
	for o, want := range map[payment.Outcome]string{payment.Confirmed: "00", payment.Failed: "00", payment.Duplicate: "02",
		payment.NotPayable: "02", payment.UnknownOrder: "01", payment.WrongAmount: "04", payment.BadSignature: "97", "": "99"} {
		if got, _ := payment.IPNAnswer(o); got != want {
			t.Errorf("%q: %s, want %s", o, got, want)
		}
	}
}
