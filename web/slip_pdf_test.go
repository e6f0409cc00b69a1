package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
)

// The officer's dossier page links every slip the dossier has as PDF, next to the print pages;
// the PDF is served with the session cookie, says who it is for, and is written to the access log.
func TestDossierPageSlipPDFs(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		d := officerCounterDossier(t, s, "Vũ Thị Ngọc Điệp")
		intake := s.officerAs(t, "intake")
		body, _ := intake.officerPage(t, d.Code) // taken in at the desk: received at once
		base := "/can-bo/ho-so/" + d.Code + "/phieu/"
		if !strings.Contains(body, `href="`+base+`control.pdf"`) || strings.Contains(body, base+"refusal.pdf") {
			t.Fatal("wrong PDF links")
		}
		if !strings.Contains(body, `href="`+base+`receipt.pdf"`) || !strings.Contains(body, `href="/can-bo/ho-so/`+d.Code+`/giay-tiep-nhan"`) {
			t.Fatal("no receipt PDF link next to the print page")
		}
		resp, err := intake.Client.Get(s.URL + base + "receipt.pdf")
		if err != nil {
			t.Fatal(err)
		}
		raw := readAll(t, resp)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("receipt.pdf: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if text := slipText(t, raw); !strings.Contains(text, d.Code) || !strings.Contains(text, "Vũ Thị Ngọc Điệp") ||
			!strings.Contains(text, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") {
			t.Fatalf("receipt.pdf text:\n%s", text)
		}
		for path, want := range map[string]int{base + "refusal.pdf": http.StatusConflict, base + "nope.pdf": http.StatusNotFound,
			"/can-bo/ho-so/000.00.00.H00-260101-0001/phieu/control.pdf": http.StatusNotFound} {
			if st, _ := intake.get(t, path); st != want {
				t.Errorf("%s: %d, want %d", path, st, want)
			}
		}
		if st, _ := s.officerAs(t, "other.intake").get(t, base+"control.pdf"); st != http.StatusNotFound {
			t.Errorf("another unit's officer: %d", st)
		}
		if st, _ := s.get(t, base+"control.pdf"); st != http.StatusSeeOther {
			t.Errorf("signed out: %d", st)
		}
		body, _ = intake.officerPage(t, d.Code)
		if !strings.Contains(body, "Tải phiếu PDF") {
			t.Error("the access log does not name the PDF download")
		}
	})
}

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return []byte(b.String())
}

// slipText is what pdftotext reads; skipped without it, except in CI.
func slipText(t *testing.T, pdf []byte) string {
	return strings.Join(strings.Fields(testdb.PDFText(t, pdf)), " ")
}
