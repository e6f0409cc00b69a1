package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// TestResultSignedThroughThePages: the appraising officer uploads the result on the dossier page
// (a wrong file gets its message next to the field), the stamp step signs it, the applicant sees
// only the signed result, and anyone verifies it at /xac-thuc.
func TestResultSignedThroughThePages(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		st := s.F.Store
		k, _ := pki.DeriveMasterKey([]byte("web test key secret, long enough"))
		st.SetMasterKey(k)
		if _, err := st.IssueLocal(ctx, pki.Organisation, testdb.Dept, 0, 3); err != nil {
			t.Fatal(err)
		}
		d := submitted(t, s)
		forward := func(who string) {
			t.Helper()
			var err error
			if d.Status == workflow.Submitted {
				if d, err = st.Act(ctx, s.F.Users["intake"], d.Code, dossier.Request{Action: workflow.Receive, Version: d.Version}); err != nil {
					t.Fatal(err)
				}
			}
			if d, err = st.Act(ctx, s.F.Users[who], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
				t.Fatalf("forward by %s: %v", who, err)
			}
		}
		forward("intake")

		office := s.officerAs(t, "officer")
		page := "/can-bo/ho-so/" + d.Code
		body, _ := office.officerPage(t, page[len("/can-bo/ho-so/"):])
		if !strings.Contains(body, `action="`+page+`/ket-qua"`) || !strings.Contains(body, "Đóng dấu, ký số") {
			t.Fatalf("the appraising officer is not offered the result upload:\n%s", body)
		}
		resp, body := office.uploadTo(t, page+"/ket-qua", url.Values{}, []upFile{{"result-file", "ket-qua.png", testPNG}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(citizenFieldError(body, "result-file"), "“ket-qua.png” không phải PDF") {
			t.Fatalf("a PNG result: %d %q", resp.StatusCode, citizenFieldError(body, "result-file"))
		}
		result := testdb.PDF("Quyet dinh so 12")
		resp, _ = office.uploadTo(t, page+"/ket-qua", url.Values{}, []upFile{{"result-file", "quyet-dinh.pdf", result}})
		if loc := location(t, resp, http.StatusSeeOther); !strings.HasPrefix(loc, page+"?ket-qua=1") {
			t.Fatalf("upload went to %q", loc)
		}
		if body, _ := office.officerPage(t, d.Code); !strings.Contains(body, "quyet-dinh.pdf") || !strings.Contains(body, "Chưa ký số") {
			t.Fatal("the page does not show the unsigned result")
		}
		leader := s.officerAs(t, "leader")
		if body, _ := leader.officerPage(t, d.Code); strings.Contains(body, `action="`+page+`/ket-qua"`) {
			t.Fatal("the leader, not at the current step, is offered the upload")
		}
		forward("officer")
		forward("leader")
		forward("clerk") // stamps: signs with the unit's seal
		body, _ = office.officerPage(t, d.Code)
		if !strings.Contains(body, "quyet-dinh (đã ký).pdf") || !strings.Contains(body, "Đã ký số") {
			t.Fatalf("the page does not show the signed result:\n%s", body)
		}

		// The applicant sees the signed result only.
		signIn(t, s, "an", "mat-khau-an", "/cong-dan/ho-so")
		_, body = s.get(t, "/cong-dan/ho-so/"+d.Code)
		links := regexp.MustCompile(`<a href="/tep/(\d+)">([^<]*)</a>`).FindAllStringSubmatch(body, -1)
		var signedID, names string
		for _, l := range links {
			names += l[2] + ";"
			if strings.Contains(l[2], "đã ký") {
				signedID = l[1]
			}
		}
		if signedID == "" || strings.Contains(names, "quyet-dinh.pdf;") {
			t.Fatalf("the applicant's files: %s", names)
		}
		files, _ := st.DossierFiles(ctx, s.F.Users["intake"], d.Code)
		for _, f := range files {
			if f.Purpose == store.PurposeResult {
				if code, _ := s.get(t, "/tep/"+itoa(f.ID)); code != http.StatusNotFound {
					t.Fatalf("the applicant downloaded the unsigned result: %d", code)
				}
			}
		}
		resp, err := s.Client.Get(s.URL + "/tep/" + signedID)
		if err != nil {
			t.Fatal(err)
		}
		var signed bytes.Buffer
		signed.ReadFrom(resp.Body)
		resp.Body.Close()
		if !bytes.HasPrefix(signed.Bytes(), result) {
			t.Fatal("the signed result is not the uploaded one, signed")
		}

		// Public verification, by anyone.
		anyone := &site{URL: s.URL, F: s.F, Client: newClient()}
		code, body := anyone.get(t, "/xac-thuc")
		if code != 200 || !strings.Contains(body, `name="file"`) {
			t.Fatalf("verification page: %d", code)
		}
		resp, body = anyone.uploadTo(t, "/xac-thuc", url.Values{}, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "file") == "" {
			t.Fatalf("no file: %d", resp.StatusCode)
		}
		resp, body = anyone.uploadTo(t, "/xac-thuc", url.Values{}, []upFile{{"file", "kq.pdf", signed.Bytes()}})
		if resp.StatusCode != 200 || !strings.Contains(body, "HỢP LỆ: chữ ký số hợp lệ") || strings.Contains(body, "KHÔNG HỢP LỆ") || !strings.Contains(body, d.Code) || !strings.Contains(body, testdb.Dept) {
			t.Fatalf("verify the signed result: %d\n%s", resp.StatusCode, body)
		}
		// The QR code on the stamp leads to the verdict on the document as the system keeps it.
		after, _ := st.Dossier(ctx, s.F.Users["intake"], d.Code)
		vcode, _ := after.History[len(after.History)-1].Payload["verify_code"].(string)
		if code, body := anyone.get(t, "/xac-thuc/"+vcode); vcode == "" || code != 200 || !strings.Contains(body, "HỢP LỆ: chữ ký số hợp lệ") || !strings.Contains(body, d.Code) {
			t.Fatalf("verify by the stamp's code %q: %d\n%s", vcode, code, body)
		}
		if code, _ := anyone.get(t, "/xac-thuc/AAAAAAAAAAAA"); code != http.StatusNotFound {
			t.Fatalf("unknown code: %d", code)
		}
		tampered := bytes.Clone(signed.Bytes())
		tampered[bytes.Index(tampered, []byte("Quyet"))] = 'X'
		resp, body = anyone.uploadTo(t, "/xac-thuc", url.Values{}, []upFile{{"file", "kq.pdf", tampered}})
		if resp.StatusCode != 200 || !strings.Contains(body, "KHÔNG HỢP LỆ") || !strings.Contains(body, "thay đổi sau khi ký") {
			t.Fatalf("verify a tampered result: %d\n%s", resp.StatusCode, body)
		}
	})
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
