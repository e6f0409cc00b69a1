package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/payment"
)

// TestFeeReceiptOverHTTP follows a dossier's fee receipts: none while an order waits, one per
// paid order (online through the gateway, cash at the counter), none for a cancelled order; who
// may download them, and the access log of the officers' downloads.
func TestFeeReceiptOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		var doc oaDoc
		if err := json.Unmarshal(mustGet(t, e.srv.URL+"/api/v1/openapi.json"), &doc); err != nil {
			t.Fatal(err)
		}
		const route = "/api/v1/dossiers/{code}/payments/{ref}/receipt.pdf"
		const name = "Hoàng Thị Nguyệt Ánh"
		st, d := e.call("POST", "/api/v1/dossiers", "citizen", newOnline(name))
		if st != 201 {
			t.Fatalf("create: %d %v", st, d)
		}
		code, version := d["code"].(string), d["version"]
		act := func(who, action string, extra map[string]any) {
			t.Helper()
			body := map[string]any{"action": action, "version": version}
			for k, v := range extra {
				body[k] = v
			}
			st, d := e.call("POST", "/api/v1/dossiers/"+code+"/actions", who, body)
			if st != 200 {
				t.Fatalf("%s by %s: %d %v", action, who, st, d)
			}
			version = d["version"]
		}
		// pending is the ref of the order the dossier waits for.
		pending := func() string {
			t.Helper()
			_, m := e.call("GET", "/api/v1/dossiers/"+code+"/payments", "officer", nil)
			items, _ := m["items"].([]any)
			for _, it := range items {
				if o := it.(map[string]any); o["status"] == "pending" {
					return o["ref"].(string)
				}
			}
			t.Fatalf("no pending order: %v", m)
			return ""
		}
		// want checks one download: its status, and for a PDF its text; for an error its code
		// and its JSON against the documented schema.
		want := func(dossier, ref, who string, status int, texts ...string) {
			t.Helper()
			path := "/api/v1/dossiers/" + dossier + "/payments/" + ref + "/receipt.pdf"
			st, ctype, body := e.getPDF(path, who)
			if st != status {
				t.Fatalf("%s as %q: %d %s, want %d", path, who, st, body, status)
			}
			if status != 200 {
				var v map[string]any
				if err := json.Unmarshal(body, &v); err != nil || !strings.HasPrefix(ctype, "application/json") {
					t.Fatalf("%s as %q: %d is not JSON: %s %q", path, who, st, ctype, body)
				}
				if len(texts) > 0 && errCode(v) != texts[0] {
					t.Errorf("%s as %q: error %q, want %q", path, who, errCode(v), texts[0])
				}
				s, ok := doc.responseSchema("get", route, st)
				if !ok {
					t.Fatalf("%s: %d is not documented", route, st)
				}
				for _, p := range doc.check(fmt.Sprintf("GET %s %d", route, st), s, any(v)) {
					t.Error(p)
				}
				return
			}
			if ctype != "application/pdf" || !strings.HasPrefix(string(body), "%PDF-") {
				t.Fatalf("%s as %q: %s %q", path, who, ctype, body[:min(len(body), 40)])
			}
			text := pdfToText(t, body)
			for _, w := range append([]string{"BIÊN LAI THU PHÍ, LỆ PHÍ", dossier, name, "Số: " + ref,
				"Phí, lệ phí giải quyết thủ tục hành chính", "/tra-cuu?code=" + dossier + "&secret="}, texts...) {
				if !strings.Contains(text, w) {
					t.Errorf("%s as %q: the text lacks %q\n%s", path, who, w, text)
				}
			}
		}

		act("intake", "receive", nil)
		act("intake", "forward", nil)
		act("officer", "request_payment", map[string]any{"amount": 150000})
		online := pending()
		want(code, online, "citizen", 409, "payment_not_paid")
		want(code, online, "intake", 409, "payment_not_paid")

		e.st.SetClock(func() time.Time { return testdb.At(9, 45) })
		cb := payment.Callback{Provider: "vnpay", Ref: online, Amount: 150000, Success: true, TxnNo: "14000123", Code: "00"}
		if out, err := e.st.PaymentCallback(ctx, cb, "127.0.0.1", url.Values{"vnp_TxnRef": {online}}); err != nil || out != payment.Confirmed {
			t.Fatalf("gateway callback: %q %v", out, err)
		}
		_, cur := e.call("GET", "/api/v1/dossiers/"+code, "intake", nil)
		version = cur["version"] // the gateway confirmed the payment on the dossier
		paidOnline := []string{"150.000", "Một trăm năm mươi nghìn đồng", "Thanh toán trực tuyến qua cổng thanh toán VNPAY",
			"14000123", "09 giờ 45 phút, ngày 02/03/2026"}
		want(code, online, "citizen", 200, paidOnline...)
		want(code, online, "intake", 200, paidOnline...)
		want(code, online, "officer", 200, paidOnline...)

		e.st.SetClock(func() time.Time { return testdb.At(10, 0) })
		act("officer", "request_payment", map[string]any{"amount": 21000})
		counter := pending()
		e.st.SetClock(func() time.Time { return testdb.At(10, 30) })
		act("intake", "confirm_payment", nil)
		want(code, counter, "citizen", 200, "21.000", "Hai mươi mốt nghìn đồng", "Tiền mặt, nộp trực tiếp tại Bộ phận Một cửa",
			"10 giờ 30 phút, ngày 02/03/2026", "NGƯỜI THU TIỀN", name+" intake") // the payer and the officer who took the cash sign

		e.st.SetClock(func() time.Time { return testdb.At(11, 0) })
		act("officer", "request_payment", map[string]any{"amount": 1005000})
		cancelled := pending()
		act("citizen", "withdraw", map[string]any{"reason": "Không cần nữa"})
		want(code, cancelled, "citizen", 409, "payment_not_paid")

		// Whoever may not see the dossier, or an order it does not have.
		other := testdb.Dept + "-260302-9999"
		for _, who := range []string{"citizen2", "other.officer", "other.intake"} {
			want(code, online, who, 404, "dossier_not_found")
		}
		want(code, "0000000000000000", "citizen", 404, "payment_not_found")
		want(code, "../payments", "intake", 404)
		want(other, online, "intake", 404, "dossier_not_found")
		want(code, online, "", 401, "unauthorized")

		// Another dossier's paid order is not this dossier's.
		st, d2 := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Lê Văn Khác"))
		if st != 201 {
			t.Fatalf("create: %d %v", st, d2)
		}
		want(d2["code"].(string), online, "citizen", 404, "payment_not_found")

		// Officers' downloads are in the personal-data access log; the applicant's are not.
		log, err := e.st.AccessLog(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range log {
			if a.Screen == "fee_receipt" {
				got = append(got, a.Username)
			}
		}
		if g := strings.Join(got, ", "); g != "officer, intake" && g != "intake, officer" {
			t.Errorf("access log of the receipts: %q", g)
		}
	})
}
