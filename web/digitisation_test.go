package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// readyDraft is a draft of who's with every step before the documents answered.
func readyDraft(t *testing.T, s *site, who string) store.Draft {
	t.Helper()
	ctx := context.Background()
	st, u := s.F.Store, s.F.Users[who]
	d, err := st.CreateDraft(ctx, u, testdb.ProcCode)
	if err != nil {
		t.Fatal(err)
	}
	a := d.Answers
	a.UnitCode, a.ApplicantDone = testdb.Dept, true
	a.Applicant.Phone, a.Applicant.Address = "0912345678", "Vĩnh Yên"
	if err := st.SaveDraft(ctx, u, d.ID, a); err != nil {
		t.Fatal(err)
	}
	return d
}

func officerSite(t *testing.T, s *site, username string) *site {
	t.Helper()
	o := &site{URL: s.URL, Client: newClient(), F: s.F}
	o.get(t, "/dang-nhap")
	resp, _ := o.post(t, "/dang-nhap", url.Values{"username": {username}, "password": {"password-" + username}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s signs in: %d", username, resp.StatusCode)
	}
	return o
}

func TestDigitiseAtTheDeskAndReuseOnline(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		st, cit := s.F.Store, s.F.Users["citizen"]
		in := store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: "counter",
			Summary: "Cấp phiếu số 1"}
		in.Applicant.Name, in.Applicant.IDNumber, in.Applicant.Type = "Nguyễn Văn An", cit.IDNumber, 1
		counter, err := st.CreateDossier(ctx, s.F.Users["intake"], in)
		if err != nil {
			t.Fatal(err)
		}
		page := "/can-bo/ho-so/" + counter.Code

		// A processing officer sees the section but no form, and cannot post one.
		off := officerSite(t, s, "officer")
		if code, body := off.get(t, page); code != http.StatusOK || !strings.Contains(body, "Số hóa giấy tờ") || strings.Contains(body, "/so-hoa") {
			t.Fatalf("officer's page: %d", code)
		}
		if resp, _ := off.uploadTo(t, page+"/so-hoa", url.Values{"doc": {"0"}}, []upFile{{"file", "scan.pdf", testPDF}}); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("officer digitises: %d", resp.StatusCode)
		}

		// The intake officer scans the form handed in.
		in1 := officerSite(t, s, "intake")
		code, body := in1.get(t, page)
		if code != http.StatusOK || !strings.Contains(body, `action="`+page+`/so-hoa"`) || !strings.Contains(body, "Tờ khai") {
			t.Fatalf("intake's page: %d\n%s", code, body)
		}
		resp, body := in1.uploadTo(t, page+"/so-hoa", url.Values{"doc": {"0"}}, []upFile{{"file", "note.txt", []byte("not a scan")}})
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "digitise-0") == "" {
			t.Fatalf("a text file: %d", resp.StatusCode)
		}
		resp, _ = in1.uploadTo(t, page+"/so-hoa", url.Values{"doc": {"0"}}, []upFile{{"file", "to-khai-scan.pdf", testPDF}})
		if loc := location(t, resp, http.StatusSeeOther); loc != page+"?so-hoa=1#digitise-h" {
			t.Fatalf("after digitising: %s", loc)
		}
		files, err := st.DossierFiles(ctx, s.F.Users["intake"], counter.Code)
		if err != nil || len(files) != 1 || files[0].Purpose != store.PurposeDigitised || files[0].OwnerID != s.F.Users["intake"].ID ||
			!files[0].UploadedAt.Equal(testdb.At(9, 0)) || files[0].Document != "Tờ khai" {
			t.Fatalf("digitised: %+v %v", files, err)
		}
		scan := files[0]
		if _, body := in1.get(t, page+"?so-hoa=1"); !strings.Contains(body, "Đã lưu bản số hóa") || !strings.Contains(body, "to-khai-scan.pdf") {
			t.Fatal("the page does not show the digitised paper")
		}

		// The citizen finds it in their store and re-uses it in a new application.
		draft := readyDraft(t, s, "citizen")
		signIn(t, s, "an", "mat-khau-an", "/cong-dan/kho-giay-to")
		code, body = s.get(t, "/cong-dan/kho-giay-to")
		if code != http.StatusOK || !strings.Contains(body, counter.Code) || !strings.Contains(body, fmt.Sprintf(`href="/cong-dan/kho-giay-to/%d"`, scan.ID)) {
			t.Fatalf("my store: %d\n%s", code, body)
		}
		if got := s.bytes(t, fmt.Sprintf("/cong-dan/kho-giay-to/%d", scan.ID)); !bytes.Equal(got, testPDF) {
			t.Fatal("the store serves other bytes")
		}
		steps := fmt.Sprintf("/ho-so-nhap/%d/giay-to", draft.ID)
		code, body = s.get(t, steps)
		if code != http.StatusOK || !strings.Contains(body, "Dùng lại giấy tờ đã có") || !strings.Contains(body, fmt.Sprintf(`<option value="%d">`, scan.ID)) {
			t.Fatalf("documents step: %d\n%s", code, body)
		}
		resp, body = s.post(t, fmt.Sprintf("/ho-so-nhap/%d/dung-lai", draft.ID), url.Values{})
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "reuse-doc-0") == "" {
			t.Fatalf("nothing chosen: %d", resp.StatusCode)
		}
		resp, _ = s.post(t, fmt.Sprintf("/ho-so-nhap/%d/dung-lai", draft.ID), url.Values{"reuse-doc-0": {fmt.Sprint(scan.ID)}})
		if loc := location(t, resp, http.StatusSeeOther); loc != steps+"?da-dung-lai=1" {
			t.Fatalf("after re-use: %s", loc)
		}
		if _, body := s.get(t, steps+"?da-dung-lai=1"); !strings.Contains(body, "Đã thêm 1 giấy tờ") || !strings.Contains(body, "dùng lại từ hồ sơ "+counter.Code) {
			t.Fatalf("documents step after re-use:\n%s", body)
		}
		d, err := st.Draft(ctx, cit, draft.ID)
		if err != nil || len(d.Files) != 1 || d.Files[0].SHA256 != scan.SHA256 || d.Files[0].Document != "Tờ khai" {
			t.Fatalf("draft after re-use: %+v %v", d.Files, err)
		}
		if _, data, _, err := st.FileContent(ctx, cit, d.Files[0].ID); err != nil || !bytes.Equal(data, testPDF) {
			t.Fatalf("the copy's bytes: %v", err)
		}
		if r, err := st.DraftReuses(ctx, cit, draft.ID); err != nil || len(r) != 1 || r[0].SourceFileID != scan.ID || r[0].ByUser != cit.ID {
			t.Fatalf("re-use recorded: %+v %v", r, err)
		}

		s.get(t, "/ngon-ngu/en")
		for path, want := range map[string]string{"/cong-dan/kho-giay-to": "Papers digitised at the one-stop desk",
			steps + "?da-dung-lai=1": "re-used from dossier " + counter.Code, "/cong-dan/ho-so": "My document store"} {
			if code, body := s.get(t, path); code != http.StatusOK || len(rawTexts(body)) > 0 || !strings.Contains(body, want) {
				t.Errorf("%s in English: %d %q", path, code, rawTexts(body))
			}
		}
		in1.get(t, "/ngon-ngu/en")
		if _, body := in1.get(t, page); !strings.Contains(body, "Digitise the papers") || strings.Contains(body, "officer.digitise") {
			t.Error("the officer's page in English")
		}

		// Another citizen can neither see nor re-use it.
		other := &site{URL: s.URL, Client: newClient(), F: s.F}
		draft2 := readyDraft(t, other, "citizen2")
		signIn(t, other, "dung", "mat-khau-dung", "/cong-dan/kho-giay-to")
		if code, body := other.get(t, "/cong-dan/kho-giay-to"); code != http.StatusOK || strings.Contains(body, counter.Code) {
			t.Fatalf("citizen2's store: %d", code)
		}
		if code, _ := other.get(t, fmt.Sprintf("/cong-dan/kho-giay-to/%d", scan.ID)); code != http.StatusNotFound {
			t.Fatalf("citizen2 opens the paper: %d", code)
		}
		other.get(t, fmt.Sprintf("/ho-so-nhap/%d/giay-to", draft2.ID))
		resp, _ = other.post(t, fmt.Sprintf("/ho-so-nhap/%d/dung-lai", draft2.ID), url.Values{"reuse-doc-0": {fmt.Sprint(scan.ID)}})
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("citizen2 re-uses the paper: %d", resp.StatusCode)
		}
		resp, _ = other.post(t, fmt.Sprintf("/ho-so-nhap/%d/dung-lai", draft.ID), url.Values{"reuse-doc-0": {fmt.Sprint(scan.ID)}})
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("citizen2 posts to the citizen's draft: %d", resp.StatusCode)
		}
		if d, _ := st.Draft(ctx, s.F.Users["citizen2"], draft2.ID); len(d.Files) != 0 {
			t.Fatal("citizen2's draft got the paper")
		}
	})
}

// bytes fetches a file.
func (s *site) bytes(t *testing.T, path string) []byte {
	t.Helper()
	resp, err := s.Client.Get(s.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	b, _ := io.ReadAll(resp.Body)
	return b
}
