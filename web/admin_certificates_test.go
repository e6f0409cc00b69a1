package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/pki"
)

// TestCertificatesAdministration: the administrator issues a seal with the built-in CA, imports
// a CA's PKCS#12 file (its authority becomes trusted) and revokes a certificate, each form with
// its errors next to the field; a centre manager only reads; an officer is refused.
func TestCertificatesAdministration(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		k, _ := pki.DeriveMasterKey([]byte("admin test key secret, long enough"))
		s.F.Store.SetMasterKey(k)
		adminAs(t, s, "admin")
		code, body := s.get(t, "/quan-tri/chung-thu")
		if code != 200 || !strings.Contains(body, `action="/quan-tri/chung-thu/cap"`) {
			t.Fatalf("page: %d", code)
		}
		// Errors next to the fields.
		resp, body := s.post(t, "/quan-tri/chung-thu/cap", url.Values{"kind": {"personal"}, "years": {"40"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "issue-user") == "" || citizenFieldError(body, "issue-years") == "" {
			t.Fatalf("issue without a user: %d %q %q", resp.StatusCode, citizenFieldError(body, "issue-user"), citizenFieldError(body, "issue-years"))
		}
		resp, _ = s.post(t, "/quan-tri/chung-thu/cap", url.Values{"kind": {"organisation"}, "unit": {testdb.Dept}, "years": {"3"}})
		if loc := location(t, resp, http.StatusSeeOther); loc != "/quan-tri/chung-thu?ok=saved" {
			t.Fatalf("issue went to %q", loc)
		}
		resp, _ = s.post(t, "/quan-tri/chung-thu/cap", url.Values{"kind": {"personal"}, "user": {"leader"}, "unit": {testdb.Dept}, "years": {"2"}})
		location(t, resp, http.StatusSeeOther)

		now := time.Now()
		ca, _ := pki.NewAuthority("CA công cộng thử", now)
		seal, _ := ca.Issue(pki.Organisation, pki.Holder{Name: "Sở Xây dựng", UnitCode: testdb.Other}, now, 2)
		p12, _ := pki.EncodePKCS12(seal, "bi-mat")
		resp, body = s.uploadTo(t, "/quan-tri/chung-thu/nhap", url.Values{"kind": {"organisation"}, "unit": {testdb.Other}, "password": {"sai"}},
			[]upFile{{"file", "seal.p12", p12}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(citizenFieldError(body, "import-file"), "sai mật khẩu") {
			t.Fatalf("wrong password: %d %q", resp.StatusCode, citizenFieldError(body, "import-file"))
		}
		resp, body = s.uploadTo(t, "/quan-tri/chung-thu/nhap", url.Values{"kind": {"organisation"}, "unit": {testdb.Dept}, "password": {"bi-mat"}},
			[]upFile{{"file", "seal.p12", p12}})
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "import-unit") != "Chứng thư ghi một đơn vị khác." {
			t.Fatalf("another unit's seal: %d %q", resp.StatusCode, citizenFieldError(body, "import-unit"))
		}
		resp, _ = s.uploadTo(t, "/quan-tri/chung-thu/nhap", url.Values{"kind": {"organisation"}, "unit": {testdb.Other}, "password": {"bi-mat"}},
			[]upFile{{"file", "seal.p12", p12}})
		location(t, resp, http.StatusSeeOther)

		_, body = s.get(t, "/quan-tri/chung-thu")
		for _, want := range []string{"Sở Tư pháp", "Sở Xây dựng", "CA công cộng thử", pki.SerialHex(seal.Cert), "Tổ chức chứng thực", "Chữ ký cá nhân"} {
			if !strings.Contains(body, want) {
				t.Fatalf("the list lacks %q", want)
			}
		}
		resp, body = s.post(t, "/quan-tri/chung-thu/thu-hoi", url.Values{"serial": {pki.SerialHex(seal.Cert)}})
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "revoke-reason") == "" {
			t.Fatalf("revoke without a reason: %d", resp.StatusCode)
		}
		resp, _ = s.post(t, "/quan-tri/chung-thu/thu-hoi", url.Values{"serial": {pki.SerialHex(seal.Cert)}, "reason": {"Mất thiết bị ký"}})
		location(t, resp, http.StatusSeeOther)
		if _, body = s.get(t, "/quan-tri/chung-thu"); !strings.Contains(body, "Mất thiết bị ký") {
			t.Fatal("the revocation is not shown")
		}

		manager := &site{URL: s.URL, F: s.F, Client: newClient()}
		adminAs(t, manager, "manager")
		if code, body := manager.get(t, "/quan-tri/chung-thu"); code != 200 || strings.Contains(body, `action="/quan-tri/chung-thu/cap"`) {
			t.Fatalf("a centre manager: %d, forms shown %v", code, strings.Contains(body, "/cap"))
		}
		officer := &site{URL: s.URL, F: s.F, Client: newClient()}
		adminAs(t, officer, "officer")
		if code, _ := officer.get(t, "/quan-tri/chung-thu"); code != http.StatusForbidden {
			t.Fatalf("an officer: %d", code)
		}
	})
}
