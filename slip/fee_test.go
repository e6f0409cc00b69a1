package slip_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/slip"
	"github.com/motcua/motcua/workflow"
)

// renderFee draws the fee receipt of order o on the sample dossier and returns its text.
func renderFee(t *testing.T, src slip.Source, o payment.Order) string {
	t.Helper()
	s, err := slip.BuildFee(src, o)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	var buf bytes.Buffer
	if err := slip.Write(&buf, s); err != nil {
		t.Fatalf("write: %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	if n := bytes.Count(buf.Bytes(), []byte("/Type /Page\n")); n != 1 {
		t.Errorf("%d pages, want one", n)
	}
	if dir := os.Getenv("MOTCUA_SLIP_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "-")+".pdf"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return pdfText(t, buf.Bytes())
}

func TestFeeReceipt(t *testing.T) {
	src := sample()
	d := *src.Dossier
	d.History = append(d.History,
		dossier.Event{At: vn(5, 9, 0), Actor: "Lê Thị Thẩm", Action: workflow.RequestPayment, Payload: map[string]any{"amount": 150000.0, "payment_ref": "a1b2c3d4e5f60718"}},
		dossier.Event{At: vn(5, 10, 15), Actor: "Trần Văn Tiếp", Action: workflow.ConfirmPayment})
	src.Dossier = &d
	common := []string{slip.Fee.Title(), "(Bản thể hiện của biên lai điện tử)", d.Code, "Nguyễn Thị Hường", "026190000123",
		"Số 5, đường Ngô Quyền, phường Ngô Quyền, Vĩnh Yên", "Sở Tư pháp tỉnh Vĩnh Phúc", "Cấp phiếu lý lịch tư pháp (1.001234)",
		"Phí, lệ phí giải quyết thủ tục hành chính", "150.000", "Số tiền bằng chữ: Một trăm năm mươi nghìn đồng.",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "NGƯỜI NỘP TIỀN", "K7Q2M9"}
	for _, c := range []struct {
		name string
		o    payment.Order
		want []string
		not  []string
	}{
		{"counter", payment.Order{Ref: "a1b2c3d4e5f60718", DossierCode: d.Code, Amount: 150000, Status: payment.Paid,
			PaidAt: ptr(vn(5, 10, 15)), Provider: "counter"},
			[]string{"Số: a1b2c3d4e5f60718", "Ngày 05 tháng 03 năm 2026", "Tiền mặt, nộp trực tiếp tại Bộ phận Một cửa",
				"10 giờ 15 phút, ngày 05/03/2026", "NGƯỜI THU TIỀN", "Trần Văn Tiếp"},
			[]string{"VNPAY"}},
		{"vnpay", payment.Order{Ref: "0f1e2d3c4b5a6978", DossierCode: d.Code, Amount: 150000, Status: payment.Paid,
			PaidAt: ptr(vn(6, 21, 40)), Provider: "vnpay", ProviderTxn: "14000077"},
			[]string{"Số: 0f1e2d3c4b5a6978", "Ngày 06 tháng 03 năm 2026", "Thanh toán trực tuyến qua cổng thanh toán VNPAY",
				"Mã giao dịch VNPAY:", "14000077", "21 giờ 40 phút, ngày 06/03/2026", "ĐƠN VỊ THU TIỀN"},
			[]string{"Tiền mặt"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := renderFee(t, src, c.o)
			for _, w := range append(common, c.want...) {
				if !contains(text, w) {
					t.Errorf("the text lacks %q\n%s", w, text)
				}
			}
			for _, w := range c.not {
				if contains(text, w) {
					t.Errorf("the text has %q\n%s", w, text)
				}
			}
		})
	}
}

func TestFeeReceiptOnlyForAPaidOrderOfTheDossier(t *testing.T) {
	src := sample()
	for _, c := range []struct {
		o         payment.Order
		code, key string
	}{
		{payment.Order{Ref: "1", DossierCode: src.Dossier.Code, Amount: 1000, Status: payment.Pending}, motcua.ECONFLICT, slip.ErrNotPaid},
		{payment.Order{Ref: "2", DossierCode: src.Dossier.Code, Amount: 1000, Status: payment.Cancelled}, motcua.ECONFLICT, slip.ErrNotPaid},
		{payment.Order{Ref: "3", DossierCode: "000.00.00.H00-260101-0001", Amount: 1000, Status: payment.Paid, PaidAt: ptr(vn(2, 9, 0))},
			motcua.ENOTFOUND, "payment_not_found"},
	} {
		_, err := slip.BuildFee(src, c.o)
		var e *motcua.Error
		if !errors.As(err, &e) || e.Code != c.code || e.Key != c.key {
			t.Errorf("order %s (%s): %v, want %s %s", c.o.Ref, c.o.Status, err, c.code, c.key)
		}
	}
	if err := slip.Write(&bytes.Buffer{}, &slip.Slip{Kind: slip.Fee, Code: "x"}); err == nil {
		t.Error("a fee receipt without its payment was written")
	}
	if slip.Fee.Valid() {
		t.Error("the fee receipt is one per order, not one of the dossier's slips")
	}
}
