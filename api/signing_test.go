package api_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/signing"
)

// raw makes a request and returns the status, Content-Type and body as they are.
func (e *env) raw(method, path, who, contentType string, body []byte) (int, string, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(body))
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), b
}

func TestResultSignedAndVerifiedOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		k, _ := pki.DeriveMasterKey([]byte("api test key secret, long enough"))
		e.st.SetMasterKey(k)
		if _, err := e.st.IssueLocal(context.Background(), pki.Organisation, testdb.Dept, 0, 3); err != nil {
			t.Fatal(err)
		}
		st, d := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Đỗ Thị Kết"))
		if st != 201 {
			t.Fatalf("create: %d %v", st, d)
		}
		code := d["code"].(string)
		act := func(who, action string) {
			t.Helper()
			_, cur := e.call("GET", "/api/v1/dossiers/"+code, who, nil)
			if st, m := e.call("POST", "/api/v1/dossiers/"+code+"/actions", who, map[string]any{"action": action, "version": cur["version"]}); st != 200 {
				t.Fatalf("%s by %s: %d %v", action, who, st, m)
			}
		}
		act("intake", "receive")
		act("intake", "forward")

		result := testdb.PDF("Quyet dinh cap phieu")
		base := "/api/v1/dossiers/" + code
		// Not a PDF, not the step's officer, too early for the citizen.
		if st, m := e.call("POST", base+"/result?name=kq.pdf", "officer", "hello", "Content-Type", "application/pdf"); st != 422 || errCode(m) != "not_pdf" {
			t.Fatalf("not a PDF: %d %v", st, m)
		}
		if st, m := e.call("POST", base+"/result", "leader", string(result), "Content-Type", "application/pdf"); st != 403 {
			t.Fatalf("another step's role: %d %v", st, m)
		}
		if st, m := e.call("POST", base+"/result", "other.officer", string(result), "Content-Type", "application/pdf"); st != 404 {
			t.Fatalf("another unit: %d %v", st, m)
		}
		if st, m := e.call("GET", base+"/result.pdf", "citizen", nil); st != 404 || errCode(m) != "result_not_found" {
			t.Fatalf("no result yet: %d %v", st, m)
		}
		// As a multipart form, the way a browser sends it.
		var form bytes.Buffer
		mw := multipart.NewWriter(&form)
		fw, _ := mw.CreateFormFile("file", "quyet-dinh.pdf")
		fw.Write(result)
		mw.Close()
		st, m := e.call("POST", base+"/result", "officer", form.String(), "Content-Type", mw.FormDataContentType())
		if st != 201 || m["name"] != "quyet-dinh.pdf" || m["purpose"] != "result" {
			t.Fatalf("add result: %d %v", st, m)
		}
		if st, m := e.call("GET", base+"/result.pdf", "citizen", nil); st != 404 {
			t.Fatalf("the applicant got the result before it was signed: %d %v", st, m)
		}
		act("officer", "forward")
		act("leader", "forward")
		act("clerk", "forward") // the stamp step signs

		st, ctype, signed := e.raw("GET", base+"/result.pdf", "citizen", "", nil)
		if st != 200 || ctype != "application/pdf" || !bytes.HasPrefix(signed, result) || len(signed) <= len(result) {
			t.Fatalf("signed result for the applicant: %d %s %d bytes", st, ctype, len(signed))
		}
		if st, _, _ := e.raw("GET", base+"/result.pdf", "citizen2", "", nil); st != 404 {
			t.Fatalf("another citizen got the result: %d", st)
		}

		// Public verification, no sign-in, in both languages.
		st, m = e.call("POST", "/api/v1/verify", "", string(signed), "Content-Type", "application/pdf")
		sigs, _ := m["signatures"].([]any)
		if st != 200 || m["status"] != "valid" || m["dossier_code"] != code || len(sigs) != 1 || !strings.Contains(m["message"].(string), "hợp lệ") {
			t.Fatalf("verify signed: %d %v", st, m)
		}
		sig := sigs[0].(map[string]any)
		if sig["unit_code"] != testdb.Dept || sig["kind"] != "organisation" || sig["time_recorded"] != true || !strings.HasSuffix(sig["signed_at"].(string), "+07:00") {
			t.Fatalf("signature %v", sig)
		}
		// The code on the stamp (its QR code) verifies the very document.
		_, cur := e.call("GET", base, "intake", nil)
		hist, _ := cur["history"].([]any)
		var code12 string
		for _, h := range hist {
			if p, _ := h.(map[string]any)["payload"].(map[string]any); p != nil && p["verify_code"] != nil {
				code12 = p["verify_code"].(string)
			}
		}
		if st, m := e.call("GET", "/api/v1/verify/"+code12, "", nil); code12 == "" || st != 200 || m["status"] != "valid" || m["dossier_code"] != code {
			t.Fatalf("verify by code %q: %d %v", code12, st, m)
		}
		if st, m := e.call("GET", "/api/v1/verify/AAAAAAAAAAAA", "", nil); st != 404 || errCode(m) != "verify_code_not_found" {
			t.Fatalf("unknown code: %d %v", st, m)
		}
		if !bytes.Contains(signed, []byte("/Subtype /Widget")) {
			t.Fatal("the signed result has no visible stamp")
		}
		tampered := bytes.Clone(signed)
		tampered[bytes.Index(tampered, []byte("Quyet"))] = 'X'
		for _, c := range []struct {
			name    string
			body    []byte
			status  string
			problem string
		}{
			{"tampered", tampered, "invalid", "modified"},
			{"unsigned", result, "invalid", "not_signed"},
		} {
			st, m := e.call("POST", "/api/v1/verify", "", string(c.body), "Content-Type", "application/pdf", "Accept-Language", "en")
			if st != 200 || m["status"] != c.status || m["problem"] != c.problem || strings.Contains(m["message"].(string), "ký") {
				t.Errorf("%s: %d %v", c.name, st, m)
			}
		}
		if st, m := e.call("POST", "/api/v1/verify", "", "", "Content-Type", "application/pdf"); st != 422 || errCode(m) != "required" {
			t.Errorf("empty: %d %v", st, m)
		}
		big := append([]byte("%PDF-"), bytes.Repeat([]byte("x"), signing.MaxPDF)...)
		if st, _, b := e.raw("POST", "/api/v1/verify", "", "application/pdf", big); st != 413 {
			t.Errorf("too large: %d %s", st, b[:min(len(b), 200)])
		}

		// Revoked afterwards: still valid, the time being the system's own record.
		var serial string
		certs, _ := e.st.Certificates(context.Background())
		for _, c := range certs {
			if c.Kind == pki.Organisation {
				serial = c.Serial
			}
		}
		e.st.SetClock(func() time.Time { return testdb.At(11, 0) })
		if err := e.st.RevokeCertificate(context.Background(), serial, "Thay con dấu"); err != nil {
			t.Fatal(err)
		}
		if st, m := e.call("POST", "/api/v1/verify", "", string(signed), "Content-Type", "application/pdf"); st != 200 || m["status"] != "valid" {
			t.Fatalf("signed before the revocation: %d %v", st, m)
		}
	})
}
