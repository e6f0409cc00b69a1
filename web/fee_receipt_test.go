package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/workflow"
)

// fetchPDF downloads a PDF with the site's session and returns its status and, for a PDF, its text.
func fetchPDF(t *testing.T, s *site, path string) (int, string) {
	t.Helper()
	resp, err := s.Client.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	raw := readAll(t, resp)
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, ""
	}
	if resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(raw), "%PDF-") {
		t.Fatalf("%s: %s %q", path, resp.Header.Get("Content-Type"), raw[:min(len(raw), 40)])
	}
	return resp.StatusCode, slipText(t, raw)
}

// The officer's dossier page links the receipt of each paid order, and only of paid orders; the
// receipt is served with the session and its download is written to the access log.
func TestOfficerPageLinksFeeReceipts(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		st, in := s.F.Store, s.F.Users["intake"]
		intake := s.officerAs(t, "intake")
		d, o := officerAwaitingPayment(t, s, "Đặng Thị Biên Lai", 150000)
		receipt := "/can-bo/ho-so/" + d.Code + "/thanh-toan/" + o.Ref + "/bien-lai.pdf"

		body, _ := intake.officerPage(t, d.Code)
		if sec := paymentsSection(body); !strings.Contains(sec, o.Ref) || strings.Contains(sec, "bien-lai.pdf") {
			t.Fatalf("a waiting order: a receipt link, or no order\n%s", sec)
		}
		if code, _ := fetchPDF(t, intake, receipt); code != http.StatusConflict {
			t.Fatalf("the receipt of a waiting order: %d", code)
		}

		s.SetNow(testdb.At(9, 30))
		cb := payment.Callback{Provider: "vnpay", Ref: o.Ref, Amount: 150000, Success: true, TxnNo: "14000042", Code: "00"}
		if out, err := st.PaymentCallback(ctx, cb, "203.0.113.9", url.Values{"vnp_TxnRef": {o.Ref}}); err != nil || out != payment.Confirmed {
			t.Fatalf("payment: %q %v", out, err)
		}
		// A second fee, still waiting: its row has no link.
		cur, err := st.Dossier(ctx, in, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Act(ctx, in, d.Code, dossier.Request{Action: workflow.RequestPayment, Version: cur.Version, Amount: 21000}); err != nil {
			t.Fatal(err)
		}
		second, _, err := st.PendingPayment(ctx, in, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		body, _ = intake.officerPage(t, d.Code)
		sec := paymentsSection(body)
		if !strings.Contains(sec, `href="`+receipt+`"`) || !strings.Contains(sec, ">Biên lai (PDF)<") {
			t.Fatalf("a paid order without its receipt link\n%s", sec)
		}
		if n := strings.Count(sec, "bien-lai.pdf"); n != 1 {
			t.Errorf("%d receipt links for one paid order\n%s", n, sec)
		}

		code, text := fetchPDF(t, intake, receipt)
		if code != http.StatusOK {
			t.Fatalf("receipt: %d", code)
		}
		for _, w := range []string{"BIÊN LAI THU PHÍ, LỆ PHÍ", d.Code, "Đặng Thị Biên Lai", "Một trăm năm mươi nghìn đồng", "14000042",
			"09 giờ 30 phút, ngày 02/03/2026"} {
			if !strings.Contains(text, w) {
				t.Errorf("the receipt lacks %q\n%s", w, text)
			}
		}
		base := "/can-bo/ho-so/" + d.Code + "/thanh-toan/"
		for path, want := range map[string]int{base + second.Ref + "/bien-lai.pdf": http.StatusConflict,
			base + "0000000000000000/bien-lai.pdf":                                                http.StatusNotFound,
			"/can-bo/ho-so/" + testdb.Dept + "-260302-9999/thanh-toan/" + o.Ref + "/bien-lai.pdf": http.StatusNotFound} {
			if code, _ := fetchPDF(t, intake, path); code != want {
				t.Errorf("%s: %d, want %d", path, code, want)
			}
		}
		if code, _ := fetchPDF(t, s.officerAs(t, "other.intake"), receipt); code != http.StatusNotFound {
			t.Errorf("another unit's officer: %d", code)
		}
		if code, _ := s.get(t, receipt); code != http.StatusSeeOther {
			t.Errorf("signed out: %d", code)
		}
		body, _ = intake.officerPage(t, d.Code)
		if !strings.Contains(body, "Tải biên lai thu phí, lệ phí") {
			t.Error("the access log does not name the receipt download")
		}
	})
}

// The citizen's dossier page lists the paid fees with their receipts, which only the owner gets,
// without an entry in the access log.
func TestCitizenPageLinksFeeReceipts(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		st, in := s.F.Store, s.F.Users["intake"]
		dos := submitted(t, s)
		dos, err := st.Act(ctx, in, dos.Code, dossier.Request{Action: workflow.Receive, Version: dos.Version})
		if err != nil {
			t.Fatal(err)
		}
		dos, err = st.Act(ctx, in, dos.Code, dossier.Request{Action: workflow.RequestPayment, Version: dos.Version, Amount: 200000})
		if err != nil {
			t.Fatal(err)
		}
		o, _, err := st.PendingPayment(ctx, in, dos.Code)
		if err != nil {
			t.Fatal(err)
		}
		page := "/cong-dan/ho-so/" + dos.Code
		receipt := page + "/thanh-toan/" + o.Ref + "/bien-lai.pdf"
		signIn(t, s, "an", "mat-khau-an", "/cong-dan/ho-so")
		if _, body := s.get(t, page); strings.Contains(body, "Phí, lệ phí đã nộp") || strings.Contains(body, "bien-lai.pdf") {
			t.Fatal("a waiting fee is shown as paid")
		}
		if code, _ := fetchPDF(t, s, receipt); code != http.StatusConflict {
			t.Fatalf("the receipt of a waiting order: %d", code)
		}

		s.SetNow(testdb.At(10, 15))
		if _, err := st.Act(ctx, in, dos.Code, dossier.Request{Action: workflow.ConfirmPayment, Version: dos.Version}); err != nil {
			t.Fatal(err)
		}
		code, body := s.get(t, page)
		if code != http.StatusOK {
			t.Fatalf("dossier page: %d", code)
		}
		for _, w := range []string{">Phí, lệ phí đã nộp<", "200.000 đ, nộp lúc 10:15 02/03/2026 tại Bộ phận Một cửa",
			`href="` + receipt + `"`, ">Biên lai<"} {
			if !strings.Contains(body, w) {
				t.Errorf("the page lacks %q", w)
			}
		}
		if raw := rawTexts(body); len(raw) > 0 {
			t.Errorf("raw message keys: %v", raw)
		}
		code, text := fetchPDF(t, s, receipt)
		if code != http.StatusOK {
			t.Fatalf("receipt: %d", code)
		}
		for _, w := range []string{"BIÊN LAI THU PHÍ, LỆ PHÍ", dos.Code, dos.Applicant.Name, "Hai trăm nghìn đồng",
			"Tiền mặt, nộp trực tiếp tại Bộ phận Một cửa", "10 giờ 15 phút, ngày 02/03/2026"} {
			if !strings.Contains(text, w) {
				t.Errorf("the receipt lacks %q\n%s", w, text)
			}
		}
		if code, _ := fetchPDF(t, s, page+"/thanh-toan/0000000000000000/bien-lai.pdf"); code != http.StatusNotFound {
			t.Errorf("an unknown order: %d", code)
		}
		log, err := st.AccessLog(ctx, dos.Code)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range log {
			if a.Screen == "fee_receipt" {
				t.Errorf("the owner's download is in the access log: %+v", a)
			}
		}

		// English.
		s.get(t, "/ngon-ngu/en?next=/")
		if _, body := s.get(t, page); !strings.Contains(body, ">Fees paid<") || !strings.Contains(body, "200.000 đ, paid at 10:15 02/03/2026 at the one-stop desk") {
			t.Error("English: no paid fee")
		}

		// Another citizen, an officer, nobody.
		other := &site{URL: s.URL, Client: newClient(), F: s.F}
		signIn(t, other, "dung", "mat-khau-dung", "/cong-dan/ho-so")
		if code, _ := fetchPDF(t, other, receipt); code != http.StatusNotFound {
			t.Errorf("another citizen: %d", code)
		}
		if code, _ := fetchPDF(t, s.officerAs(t, "intake"), receipt); code != http.StatusForbidden {
			t.Errorf("an officer on the citizen's address: %d", code)
		}
		if code, _ := (&site{URL: s.URL, Client: newClient(), F: s.F}).get(t, receipt); code != http.StatusSeeOther {
			t.Errorf("signed out: %d", code)
		}
	})
}
