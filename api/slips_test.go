package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// getPDF fetches a slip as who and returns the status, the content type and the body.
func (e *env) getPDF(path, who string) (int, string, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), body
}

// pdfToText is what pdftotext reads from a PDF; without pdftotext the test is skipped, except in
// CI, where poppler-utils must be installed.
func pdfToText(t *testing.T, pdf []byte) string {
	return strings.Join(strings.Fields(testdb.PDFText(t, pdf)), " ")
}

func TestDossierSlipsAsPDF(t *testing.T) {
	eachWithStore(t, func(t *testing.T, e *env, st *store.Store, db testdb.DB) {
		var doc oaDoc
		if err := json.Unmarshal(mustGet(t, e.srv.URL+"/api/v1/openapi.json"), &doc); err != nil {
			t.Fatal(err)
		}
		const route = "/api/v1/dossiers/{code}/slips/{kind}.pdf"
		var at any = map[string]any(doc)
		for _, k := range []string{"paths", route, "get", "responses", "200", "content", "application/pdf"} {
			m, _ := at.(map[string]any)
			at = m[k]
		}
		if _, ok := at.(map[string]any); !ok {
			t.Fatal("the document does not give the slip's 200 as application/pdf")
		}
		status, d := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Phạm Thị Ngọc Ánh"))
		if status != 201 {
			t.Fatalf("create: %d %v", status, d)
		}
		code := d["code"].(string)
		version := d["version"]
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
		// want checks one download: its status, and for a PDF its text; for an error its JSON
		// against the documented schema.
		want := func(dossier, kind, who string, status int, texts ...string) {
			t.Helper()
			path := "/api/v1/dossiers/" + dossier + "/slips/" + kind + ".pdf"
			st, ctype, body := e.getPDF(path, who)
			if st != status {
				t.Fatalf("%s as %q: %d %s, want %d", path, who, st, body, status)
			}
			if status != 200 {
				var v any
				if err := json.Unmarshal(body, &v); err != nil || !strings.HasPrefix(ctype, "application/json") {
					t.Fatalf("%s as %q: %d is not JSON: %s %q", path, who, st, ctype, body)
				}
				s, ok := doc.responseSchema("get", route, st)
				if !ok {
					t.Fatalf("%s: %d is not documented", route, st)
				}
				for _, p := range doc.check(fmt.Sprintf("GET %s %d", route, st), s, v) {
					t.Error(p)
				}
				return
			}
			if ctype != "application/pdf" || !strings.HasPrefix(string(body), "%PDF-") {
				t.Fatalf("%s as %q: %s %q", path, who, ctype, body[:min(len(body), 40)])
			}
			text := pdfToText(t, body)
			for _, w := range append([]string{dossier}, texts...) {
				if !strings.Contains(text, w) {
					t.Errorf("%s as %q: the text lacks %q\n%s", path, who, w, text)
				}
			}
		}
		name := "Phạm Thị Ngọc Ánh"
		want(code, "receipt", "intake", 409)
		want(code, "control", "intake", 200, name, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Chờ tiếp nhận")
		want(code, "control", "citizen", 404) // the administration's record
		want(code, "receipt", "", 401)
		want(code, "nope", "intake", 404)
		want(code, "receipt.txt", "intake", 404)
		want("000.00.00.H00-260101-0001", "receipt", "intake", 404)
		for _, who := range []string{"citizen2", "other.intake", "admin"} {
			want(code, "control", who, 404)
			want(code, "receipt", who, 404)
		}

		act("intake", "receive", nil)
		want(code, "receipt", "citizen", 200, name, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Hồ sơ điện tử nộp qua Cổng dịch vụ công",
			"/tra-cuu?code="+code+"&secret=")
		want(code, "receipt", "intake", 200, name, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
		want(code, "supplement", "citizen", 409)
		want(code, "apology", "intake", 409)
		want(code, "refusal", "intake", 409)
		act("intake", "forward", nil)
		act("officer", "request_supplement", map[string]any{"reason": "Bản sao CCCD bị mờ", "documents": []string{"Bản sao CCCD có chứng thực"}})
		want(code, "supplement", "citizen", 200, name, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Bản sao CCCD có chứng thực", "Bản sao CCCD bị mờ")
		act("citizen", "supplement", nil)
		act("leader", "reschedule", map[string]any{"reason": "Chờ ý kiến của Công an tỉnh", "new_due": "2026-03-20T17:00:00+07:00"})
		want(code, "apology", "citizen", 200, name, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", "Chờ ý kiến của Công an tỉnh",
			"17 giờ 00 phút, ngày 20/03/2026")
		want(code, "control", "manager", 200, name, "Thẩm định, thụ lý", "Yêu cầu bổ sung hồ sơ", "Hẹn lại ngày trả kết quả")

		// A refused dossier has its refusal and no receipt.
		_, r := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Đỗ Văn Hưởng"))
		refused := r["code"].(string)
		if st, m := e.call("POST", "/api/v1/dossiers/"+refused+"/actions", "intake",
			map[string]any{"action": "refuse", "version": r["version"], "reason": "Không thuộc thẩm quyền của Sở"}); st != 200 {
			t.Fatalf("refuse: %d %v", st, m)
		}
		want(refused, "refusal", "citizen", 200, "Đỗ Văn Hưởng", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Không thuộc thẩm quyền của Sở")
		want(refused, "receipt", "intake", 409)

		// Officers' downloads are in the personal-data access log; the applicant's are not.
		log, err := st.AccessLog(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range log {
			got = append(got, a.Username+" "+a.Screen)
		}
		if g := strings.Join(got, ", "); g != "manager slip_pdf, intake slip_pdf, intake slip_pdf" {
			t.Errorf("access log: %s", g)
		}
	})
}

func mustGet(t *testing.T, url string) []byte {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return b
}
