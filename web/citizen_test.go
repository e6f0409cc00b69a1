package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/web"
	"github.com/motcua/motcua/workflow"
)

var (
	testPDF = append([]byte("%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\n"), bytes.Repeat([]byte("x"), 2000)...)
	testPNG = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 500)...)
)

type upFile struct {
	field, name string
	data        []byte
}

// uploadTo posts a multipart form with files, adding the CSRF token.
func (s *site) uploadTo(t *testing.T, path string, values url.Values, files []upFile) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if values.Get("csrf") == "" {
		values.Set("csrf", s.csrf(t))
	}
	for k, vs := range values {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(f.data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := s.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// citizenFieldError returns the message shown next to a field (the layout's summary aside).
func citizenFieldError(body, field string) string {
	m := regexp.MustCompile(`<p class="field-error" id="` + regexp.QuoteMeta(field) + `-error">([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func location(t *testing.T, resp *http.Response, want int) string {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("status %d, want %d (%s)", resp.StatusCode, want, resp.Request.URL)
	}
	return resp.Header.Get("Location")
}

var draftURL = regexp.MustCompile(`^/ho-so-nhap/(\d+)/([a-z-]+)$`)

// startDraft signs the fixture citizen in and starts an online submission; it returns the draft's
// base path and the first step's path.
func startDraft(t *testing.T, s *site) (base, first string) {
	t.Helper()
	signIn(t, s, "an", "mat-khau-an", "/nop-ho-so/"+testdb.ProcCode)
	code, body := s.get(t, "/nop-ho-so/"+testdb.ProcCode)
	if code != 200 || !strings.Contains(body, "Bắt đầu") {
		t.Fatalf("start page: %d\n%s", code, body)
	}
	resp, _ := s.post(t, "/nop-ho-so/"+testdb.ProcCode, url.Values{})
	first = location(t, resp, http.StatusSeeOther)
	m := draftURL.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("start: went to %q", first)
	}
	return "/ho-so-nhap/" + m[1], first
}

func TestOnlineSubmissionWithTwoFiles(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		base, first := startDraft(t, s)
		// One case only: straight to the applicant, prefilled from the account.
		if first != base+"/nguoi-nop" {
			t.Fatalf("first step %s", first)
		}
		_, body := s.get(t, first)
		if !strings.Contains(body, `value="citizen"`) || !strings.Contains(body, "0010citizen") {
			t.Fatalf("applicant not prefilled:\n%s", body)
		}
		// Errors next to the fields, the input kept.
		resp, body := s.post(t, base+"/nguoi-nop", url.Values{"name": {"Nguyễn Văn An"}, "phone": {"12ab"}, "email": {"khong-phai-email"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(citizenFieldError(body, "phone"), "số điện thoại") ||
			citizenFieldError(body, "email") == "" || citizenFieldError(body, "address") == "" || citizenFieldError(body, "name") != "" ||
			!strings.Contains(body, `value="Nguyễn Văn An"`) || !strings.Contains(body, `href="#phone"`) {
			t.Fatalf("applicant errors: %d\n%s", resp.StatusCode, body)
		}
		resp, _ = s.post(t, base+"/nguoi-nop", url.Values{"name": {"Nguyễn Văn An"}, "phone": {"0912 345 678"},
			"address": {"Số 1, đường Hùng Vương, phường Liên Bảo"}, "summary": {"Cấp 01 phiếu số 1"}})
		// Two implementing units: the citizen chooses.
		if loc := location(t, resp, http.StatusSeeOther); loc != base+"/don-vi" {
			t.Fatalf("after applicant: %s", loc)
		}
		resp, body = s.post(t, base+"/don-vi", url.Values{})
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "unit") == "" {
			t.Fatalf("no unit chosen: %d", resp.StatusCode)
		}
		resp, _ = s.post(t, base+"/don-vi", url.Values{"unit": {testdb.Dept}})
		if loc := location(t, resp, http.StatusSeeOther); loc != base+"/giay-to" {
			t.Fatalf("after unit: %s", loc)
		}
		// Wrong type, too large: refused, named next to the field, nothing stored.
		big := append(append([]byte{}, testPDF...), make([]byte, store.MaxFileSize)...)
		for _, c := range []struct {
			name string
			file upFile
			want string
		}{
			{"a Word file", upFile{"doc-0", "don.docx", []byte("PK\x03\x04 word")}, "“don.docx” không phải PDF, JPG hoặc PNG"},
			{"a page named .pdf", upFile{"doc-0", "trang.pdf", []byte("<html><script>")}, "“trang.pdf” không phải PDF"},
			{"11 MB", upFile{"doc-0", "to-khai-lon.pdf", big}, "“to-khai-lon.pdf” lớn hơn 10 MB"},
		} {
			resp, body := s.uploadTo(t, base+"/giay-to", url.Values{"action": {"upload"}}, []upFile{c.file})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(citizenFieldError(body, "doc-0"), c.want) {
				t.Errorf("%s: %d, error %q", c.name, resp.StatusCode, citizenFieldError(body, "doc-0"))
			}
		}
		// Continue without the required document.
		resp, body = s.uploadTo(t, base+"/giay-to", url.Values{"action": {"continue"}}, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(citizenFieldError(body, "doc-0"), "Tờ khai") {
			t.Fatalf("continue without files: %d %q", resp.StatusCode, citizenFieldError(body, "doc-0"))
		}
		// Two files for the one document, then continue to the check page.
		resp, _ = s.uploadTo(t, base+"/giay-to", url.Values{"action": {"continue"}}, []upFile{
			{"doc-0", "to-khai.pdf", testPDF}, {"doc-0", "trang-2.png", testPNG}})
		if loc := location(t, resp, http.StatusSeeOther); loc != base+"/kiem-tra" {
			t.Fatalf("after documents: %s", loc)
		}
		code, body := s.get(t, base+"/kiem-tra")
		for _, want := range []string{"Nguyễn Văn An", "0912 345 678", "Sở Tư pháp", "to-khai.pdf", "trang-2.png",
			`href="` + base + `/don-vi"`, `href="` + base + `/nguoi-nop#phone"`, "Cấp 01 phiếu số 1"} {
			if !strings.Contains(body, want) {
				t.Errorf("check page lacks %q", want)
			}
		}
		if code != 200 {
			t.Fatalf("check page: %d", code)
		}
		// A change from the check page comes back to it.
		resp, _ = s.post(t, base+"/nguoi-nop", url.Values{"name": {"Nguyễn Văn An"}, "phone": {"0912 345 679"},
			"address": {"Số 1, đường Hùng Vương, phường Liên Bảo"}, "summary": {"Cấp 01 phiếu số 1"}})
		if loc := location(t, resp, http.StatusSeeOther); loc != base+"/kiem-tra" {
			t.Fatalf("after a change: %s", loc)
		}
		resp, _ = s.post(t, base+"/nop", url.Values{})
		done := location(t, resp, http.StatusSeeOther)
		m := regexp.MustCompile(`^/cong-dan/ho-so/([^/]+)/da-nop$`).FindStringSubmatch(done)
		if m == nil {
			t.Fatalf("after submit: %s", done)
		}
		dos, err := s.F.Store.Dossier(ctx, s.F.Users["citizen"], m[1])
		if err != nil {
			t.Fatal(err)
		}
		if dos.Status != workflow.Submitted || dos.Channel != "online" || dos.UnitCode != testdb.Dept ||
			dos.Applicant.Phone != "0912 345 679" || dos.Applicant.IDNumber != "0010citizen" || dos.OwnerID != s.F.Users["citizen"].ID {
			t.Fatalf("dossier: %+v", dos)
		}
		files, err := s.F.Store.DossierFiles(ctx, s.F.Users["intake"], dos.Code)
		if err != nil || len(files) != 2 || files[0].Name != "to-khai.pdf" || files[1].ContentType != "image/png" {
			t.Fatalf("files: %+v %v", files, err)
		}
		code, body = s.get(t, done)
		if code != 200 || !strings.Contains(body, dos.Code) || !strings.Contains(body, dos.TrackingSecret) ||
			!strings.Contains(body, "/tra-cuu?code="+dos.Code+"&amp;secret="+dos.TrackingSecret) {
			t.Fatalf("confirmation: %d\n%s", code, body)
		}
		// The draft is gone; the dossier is listed.
		if code, _ := s.get(t, base+"/kiem-tra"); code != http.StatusNotFound {
			t.Fatalf("the draft outlived its submission: %d", code)
		}
		if _, body := s.get(t, "/cong-dan/ho-so"); !strings.Contains(body, dos.Code) {
			t.Fatal("my dossiers does not list the new dossier")
		}
		// The citizen opens a file; an officer of the unit too, and that is logged for the citizen.
		o := &site{URL: s.URL, Client: newClient(), F: s.F}
		o.get(t, "/dang-nhap")
		if resp, _ := o.post(t, "/dang-nhap", url.Values{"username": {"intake"}, "password": {"password-intake"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("officer sign-in: %d", resp.StatusCode)
		}
		for _, who := range []*site{s, o} {
			resp, err := who.Client.Get(s.URL + fmt.Sprintf("/tep/%d", files[0].ID))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.Equal(b, testPDF) {
				t.Fatalf("download: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
		}
		log, err := s.F.Store.CitizenAccessLog(ctx, s.F.Users["citizen"], 10)
		if err != nil || len(log) != 1 || log[0].Username != "intake" || log[0].Screen != web.ScreenFile {
			t.Fatalf("access log after the officer opened the file: %+v %v", log, err)
		}
	})
}

func TestDraftResumesWhereTheCitizenStopped(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		base, _ := startDraft(t, s)
		resp, _ := s.post(t, base+"/nguoi-nop", url.Values{"name": {"Nguyễn Văn An"}, "phone": {"0912345678"},
			"address": {"Vĩnh Yên"}})
		location(t, resp, http.StatusSeeOther)
		// Another browser later: sign in again, find the draft in "my dossiers", continue.
		s2 := &site{URL: s.URL, Client: newClient(), F: s.F}
		signIn(t, s2, "an", "mat-khau-an", "/cong-dan/ho-so")
		code, body := s2.get(t, "/cong-dan/ho-so")
		if code != 200 || !strings.Contains(body, `href="`+base+`"`) || !strings.Contains(body, "Cấp Phiếu lý lịch tư pháp") {
			t.Fatalf("my dossiers: %d\n%s", code, body)
		}
		resp, err := s2.Client.Get(s.URL + base)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := location(t, resp, http.StatusSeeOther); loc != base+"/don-vi" {
			t.Fatalf("resume at %s", loc)
		}
		// A later step than the first unanswered one is not shown yet.
		resp, err = s2.Client.Get(s.URL + base + "/kiem-tra")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := location(t, resp, http.StatusSeeOther); loc != base+"/don-vi" {
			t.Fatalf("check page before the unit: %s", loc)
		}
		// The answers are kept.
		if _, body := s2.get(t, base+"/nguoi-nop"); !strings.Contains(body, `value="Vĩnh Yên"`) {
			t.Fatal("the address was not kept")
		}
		// Deleting the draft.
		resp, _ = s2.post(t, base+"/xoa", url.Values{})
		location(t, resp, http.StatusSeeOther)
		if code, _ := s2.get(t, base+"/nguoi-nop"); code != http.StatusNotFound {
			t.Fatalf("deleted draft: %d", code)
		}
	})
}

// submitted makes an online dossier of the fixture citizen with one file, through the store.
func submitted(t *testing.T, s *site) dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	st, cit := s.F.Store, s.F.Users["citizen"]
	d, err := st.CreateDraft(ctx, cit, testdb.ProcCode)
	if err != nil {
		t.Fatal(err)
	}
	a := d.Answers
	a.UnitCode, a.ApplicantDone, a.DocumentsDone = testdb.Dept, true, true
	a.Applicant.Phone, a.Applicant.Address = "0912345678", "Vĩnh Yên"
	if err := st.SaveDraft(ctx, cit, d.ID, a); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddDraftFiles(ctx, cit, d.ID, []store.NewFile{{Document: "Tờ khai", Name: "to-khai.pdf", Data: testPDF}}); err != nil {
		t.Fatal(err)
	}
	dos, err := st.SubmitDraft(ctx, cit, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return dos
}

func TestSupplementAnswerAndWithdrawThroughThePages(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		st := s.F.Store
		dos := submitted(t, s)
		dos, err := st.Act(ctx, s.F.Users["intake"], dos.Code, dossier.Request{Action: workflow.RequestSupplement,
			Version: dos.Version, Reason: "Thiếu trang 2 của tờ khai"})
		if err != nil {
			t.Fatal(err)
		}
		signIn(t, s, "an", "mat-khau-an", "/cong-dan/ho-so")
		_, body := s.get(t, "/cong-dan/ho-so")
		if !strings.Contains(body, "Cần bổ sung giấy tờ") {
			t.Fatal("my dossiers does not say a supplement is needed")
		}
		page := "/cong-dan/ho-so/" + dos.Code
		code, body := s.get(t, page)
		if code != 200 || !strings.Contains(body, "Thiếu trang 2 của tờ khai") || !strings.Contains(body, `action="`+page+`/bo-sung"`) {
			t.Fatalf("dossier page: %d\n%s", code, body)
		}
		version := url.Values{"version": {fmt.Sprint(dos.Version)}}
		resp, body := s.uploadTo(t, page+"/bo-sung", version, []upFile{{"files", "trang-2.exe", []byte("MZ")}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(citizenFieldError(body, "files"), "“trang-2.exe”") {
			t.Fatalf("wrong file: %d %q", resp.StatusCode, citizenFieldError(body, "files"))
		}
		resp, body = s.uploadTo(t, page+"/bo-sung", url.Values{"version": {fmt.Sprint(dos.Version)}, "note": {"Gửi trang 2"}}, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "files") == "" {
			t.Fatalf("no file: %d", resp.StatusCode)
		}
		resp, _ = s.uploadTo(t, page+"/bo-sung", url.Values{"version": {fmt.Sprint(dos.Version)}, "note": {"Gửi trang 2"}},
			[]upFile{{"files", "trang-2.png", testPNG}})
		if loc := location(t, resp, http.StatusSeeOther); loc != page+"?da-bo-sung=1" {
			t.Fatalf("after supplement: %s", loc)
		}
		after, err := st.Dossier(ctx, s.F.Users["citizen"], dos.Code)
		if err != nil || after.Status != workflow.Submitted {
			t.Fatalf("status after the answer: %d %v", after.Status, err)
		}
		files, _ := st.DossierFiles(ctx, s.F.Users["citizen"], dos.Code)
		if len(files) != 2 || files[1].Name != "trang-2.png" || files[1].Purpose != store.PurposeSupplement {
			t.Fatalf("files: %+v", files)
		}
		if _, body := s.get(t, page+"?da-bo-sung=1"); !strings.Contains(body, "Đã gửi giấy tờ bổ sung") || !strings.Contains(body, "Gửi trang 2") {
			t.Fatal("no confirmation or note on the dossier page")
		}
		// Withdraw: a reason is needed; a stale form is told so.
		code, body = s.get(t, page+"/rut")
		if code != 200 || !strings.Contains(body, `name="reason"`) {
			t.Fatalf("withdraw page: %d", code)
		}
		resp, body = s.post(t, page+"/rut", url.Values{"version": {fmt.Sprint(after.Version)}})
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "reason") == "" {
			t.Fatalf("withdraw without reason: %d", resp.StatusCode)
		}
		resp, body = s.post(t, page+"/rut", url.Values{"version": {fmt.Sprint(after.Version - 1)}, "reason": {"Nộp nhầm"}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(citizenFieldError(body, "reason"), "vừa được cán bộ cập nhật") {
			t.Fatalf("stale withdraw: %d %q", resp.StatusCode, citizenFieldError(body, "reason"))
		}
		resp, _ = s.post(t, page+"/rut", url.Values{"version": {fmt.Sprint(after.Version)}, "reason": {"Nộp nhầm"}})
		if loc := location(t, resp, http.StatusSeeOther); loc != page+"?da-rut=1" {
			t.Fatalf("after withdraw: %s", loc)
		}
		if d, _ := st.Dossier(ctx, s.F.Users["citizen"], dos.Code); d.Status != workflow.Withdrawn {
			t.Fatalf("status after withdraw: %d", d.Status)
		}
		if code, body := s.get(t, page); code != 200 || strings.Contains(body, "/rut\"") {
			t.Fatal("a withdrawn dossier still offers withdrawal")
		}
		if code, _ := s.get(t, page+"/rut"); code != http.StatusConflict {
			t.Fatalf("withdraw page of a withdrawn dossier: %d", code)
		}
	})
}

func TestRatingAndAccessLogOnline(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		st := s.F.Store
		d := submitted(t, s)
		var err error
		for _, step := range []struct {
			who    string
			action workflow.Action
		}{{"intake", workflow.Receive}, {"intake", workflow.Forward}, {"officer", workflow.Forward},
			{"leader", workflow.Forward}, {"clerk", workflow.Forward}, {"intake", workflow.ReturnResult}} {
			if d, err = st.Act(ctx, s.F.Users[step.who], d.Code, dossier.Request{Action: step.action, Version: d.Version, How: "counter"}); err != nil {
				t.Fatalf("%s: %v", step.action, err)
			}
		}
		if err := st.LogAccess(ctx, s.F.Users["officer"], d.Code, store.ScreenDossier); err != nil {
			t.Fatal(err)
		}
		signIn(t, s, "an", "mat-khau-an", "/cong-dan/ho-so")
		page := "/cong-dan/ho-so/" + d.Code
		code, body := s.get(t, page)
		if code != 200 || !strings.Contains(body, `action="`+page+`/danh-gia"`) || !strings.Contains(body, "Trang hồ sơ") {
			t.Fatalf("returned dossier page: %d\n%s", code, body)
		}
		resp, body := s.post(t, page+"/danh-gia", url.Values{})
		if resp.StatusCode != http.StatusUnprocessableEntity || citizenFieldError(body, "value") == "" {
			t.Fatalf("rating without a value: %d", resp.StatusCode)
		}
		resp, _ = s.post(t, page+"/danh-gia", url.Values{"value": {"1"}, "reason": {"waiting"}, "comment": {"Chờ lâu"}})
		if loc := location(t, resp, http.StatusSeeOther); loc != page+"?da-danh-gia=1" {
			t.Fatalf("after rating: %s", loc)
		}
		rs, err := st.Ratings(ctx, s.F.Users["citizen"], d.Code)
		if err != nil || len(rs) != 1 || rs[0].Value != 1 || rs[0].Reason != "waiting" || rs[0].Channel != store.RatingOnline {
			t.Fatalf("ratings: %+v %v", rs, err)
		}
		if _, body := s.get(t, page); strings.Contains(body, `/danh-gia"`) || !strings.Contains(body, "Không hài lòng") {
			t.Fatal("the rating form is still offered")
		}
		code, body = s.get(t, "/cong-dan/truy-cap")
		if code != 200 || !strings.Contains(body, d.Code) || !strings.Contains(body, ">officer<") {
			t.Fatalf("access log: %d\n%s", code, body)
		}
	})
}

func TestCitizenPagesAreTheCitizensOwn(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		dos := submitted(t, s)
		files, err := s.F.Store.DossierFiles(ctx, s.F.Users["citizen"], dos.Code)
		if err != nil || len(files) != 1 {
			t.Fatal(err)
		}
		draft, err := s.F.Store.CreateDraft(ctx, s.F.Users["citizen"], testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		df, err := s.F.Store.AddDraftFiles(ctx, s.F.Users["citizen"], draft.ID, []store.NewFile{{Document: "Tờ khai", Name: "a.pdf", Data: testPDF}})
		if err != nil {
			t.Fatal(err)
		}
		// Not signed in: sent to sign in, and back.
		code, _ := s.get(t, "/cong-dan/ho-so/"+dos.Code)
		if code != http.StatusSeeOther {
			t.Fatalf("anonymous: %d", code)
		}
		// citizen2 ("dung" at the provider) sees none of it.
		signIn(t, s, "dung", "mat-khau-dung", "/cong-dan/ho-so")
		base := fmt.Sprintf("/ho-so-nhap/%d", draft.ID)
		for _, path := range []string{"/cong-dan/ho-so/" + dos.Code, "/cong-dan/ho-so/" + dos.Code + "/da-nop",
			"/cong-dan/ho-so/" + dos.Code + "/rut", base, base + "/nguoi-nop", base + "/kiem-tra",
			fmt.Sprintf("/tep/%d", files[0].ID), fmt.Sprintf("/tep/%d", df[0].ID)} {
			if code, body := s.get(t, path); code != http.StatusNotFound || strings.Contains(body, "0912345678") {
				t.Errorf("citizen2 GET %s: %d", path, code)
			}
		}
		for _, path := range []string{base + "/nguoi-nop", base + "/nop", base + "/xoa",
			fmt.Sprintf("%s/tep/%d/xoa", base, df[0].ID), "/cong-dan/ho-so/" + dos.Code + "/rut"} {
			if resp, _ := s.post(t, path, url.Values{"name": {"x"}, "reason": {"x"}, "version": {"1"}}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("citizen2 POST %s: %d", path, resp.StatusCode)
			}
		}
		if resp, _ := s.uploadTo(t, base+"/giay-to", url.Values{"action": {"upload"}}, []upFile{{"doc-0", "x.pdf", testPDF}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("citizen2 uploads to the draft: %d", resp.StatusCode)
		}
		if _, body := s.get(t, "/cong-dan/ho-so"); strings.Contains(body, dos.Code) || strings.Contains(body, base) {
			t.Error("citizen2's list shows the citizen's dossier or draft")
		}
		if d, _ := s.F.Store.Draft(ctx, s.F.Users["citizen"], draft.ID); len(d.Files) != 1 {
			t.Fatalf("the draft changed: %d files", len(d.Files))
		}
		// An officer of another unit cannot open the file; the citizen pages are not for officers.
		o := &site{URL: s.URL, Client: newClient(), F: s.F}
		o.get(t, "/dang-nhap")
		resp, _ := o.post(t, "/dang-nhap", url.Values{"username": {"other.officer"}, "password": {"password-other.officer"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("officer sign-in: %d", resp.StatusCode)
		}
		if code, _ := o.get(t, fmt.Sprintf("/tep/%d", files[0].ID)); code != http.StatusNotFound {
			t.Errorf("officer of another unit opens the file: %d", code)
		}
		if code, _ := o.get(t, "/cong-dan/ho-so"); code != http.StatusForbidden {
			t.Errorf("officer on my dossiers: %d", code)
		}
	})
}

// rawText finds a message key shown instead of its text, or a formatting slip.
var rawText = regexp.MustCompile(`\b(citizen|portal\.action)\.[a-z0-9_.]+\b|%!|%[sd]\b`)

func rawTexts(body string) []string {
	var out []string
	for _, m := range rawText.FindAllString(body, -1) {
		if m != "citizen.js" {
			out = append(out, m)
		}
	}
	return out
}

func TestCitizenPagesShowEveryTextInBothLanguages(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		st, cit := s.F.Store, s.F.Users["citizen"]
		sup := submitted(t, s)
		if _, err := st.Act(ctx, s.F.Users["intake"], sup.Code, dossier.Request{Action: workflow.RequestSupplement,
			Version: sup.Version, Reason: "Thiếu trang 2"}); err != nil {
			t.Fatal(err)
		}
		ret := submitted(t, s)
		for _, step := range []struct {
			who    string
			action workflow.Action
		}{{"intake", workflow.Receive}, {"intake", workflow.Forward}, {"officer", workflow.Forward},
			{"leader", workflow.Forward}, {"clerk", workflow.Forward}, {"intake", workflow.ReturnResult}} {
			var err error
			if ret, err = st.Act(ctx, s.F.Users[step.who], ret.Code, dossier.Request{Action: step.action, Version: ret.Version, How: "counter"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.LogAccess(ctx, s.F.Users["officer"], ret.Code, web.ScreenFile); err != nil {
			t.Fatal(err)
		}
		draft, err := st.CreateDraft(ctx, cit, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddDraftFiles(ctx, cit, draft.ID, []store.NewFile{{Document: "Tờ khai", Name: "a.pdf", Data: testPDF}}); err != nil {
			t.Fatal(err)
		}
		a := draft.Answers
		a.UnitCode, a.ApplicantDone = testdb.Dept, true
		a.Applicant.Phone, a.Applicant.Address, a.Applicant.Email = "0912345678", "Vĩnh Yên", "an@example.com"
		if err := st.SaveDraft(ctx, cit, draft.ID, a); err != nil {
			t.Fatal(err)
		}
		base := fmt.Sprintf("/ho-so-nhap/%d", draft.ID)
		pages := []string{"/nop-ho-so/" + testdb.ProcCode, "/cong-dan/ho-so", "/cong-dan/truy-cap",
			"/cong-dan/ho-so/" + sup.Code, "/cong-dan/ho-so/" + sup.Code + "/rut", "/cong-dan/ho-so/" + ret.Code,
			"/cong-dan/ho-so/" + ret.Code + "/da-nop", base + "/nguoi-nop", base + "/don-vi", base + "/giay-to?da-tai=1",
			base + "/giay-to?da-xoa=1"}
		anon := &site{URL: s.URL, Client: newClient(), F: s.F}
		signIn(t, s, "an", "mat-khau-an", "/cong-dan/ho-so")
		for _, lang := range []string{"en", "vi"} {
			s.get(t, "/ngon-ngu/"+lang)
			anon.get(t, "/ngon-ngu/"+lang)
			for _, c := range []struct {
				who  *site
				path string
			}{{anon, "/dang-nhap/cong-dan"}, {anon, "/nop-ho-so/" + testdb.ProcCode}} {
				if code, body := c.who.get(t, c.path); code != 200 || len(rawTexts(body)) > 0 {
					t.Errorf("%s %s: %d %q", lang, c.path, code, rawTexts(body))
				}
			}
			for _, path := range pages {
				code, body := s.get(t, path)
				if code != 200 || len(rawTexts(body)) > 0 {
					t.Errorf("%s %s: %d %q", lang, path, code, rawTexts(body))
				}
				if lang == "en" && strings.Contains(body, "Hồ sơ của tôi") {
					t.Errorf("%s in English shows Vietnamese", path)
				}
			}
		}
		// The check page, once everything is answered.
		a.DocumentsDone = true
		if err := st.SaveDraft(ctx, cit, draft.ID, a); err != nil {
			t.Fatal(err)
		}
		if code, body := s.get(t, base+"/kiem-tra"); code != 200 || len(rawTexts(body)) > 0 {
			t.Errorf("check page: %d %q", code, rawTexts(body))
		}
	})
}

func TestCitizenSignInOffWithoutAProvider(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		if code, body := s.get(t, "/dang-nhap/cong-dan"); code != http.StatusServiceUnavailable || !strings.Contains(body, "chưa được cấu hình") {
			t.Fatalf("sign-in page without a provider: %d", code)
		}
		if code, _ := s.get(t, "/dang-nhap/cong-dan/bat-dau?next=/"); code != http.StatusServiceUnavailable {
			t.Fatalf("sign-in start without a provider: %d", code)
		}
		code, body := s.get(t, "/nop-ho-so/"+testdb.ProcCode)
		if code != 200 || !strings.Contains(body, "/dang-nhap/cong-dan?next=/nop-ho-so/"+testdb.ProcCode) {
			t.Fatalf("start page: %d", code)
		}
		if code, _ := s.get(t, "/nop-ho-so/0.000000"); code != http.StatusNotFound {
			t.Fatalf("unknown procedure: %d", code)
		}
	})
}
