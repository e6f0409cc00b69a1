package web

import (
	"fmt"
	"net/http"
	"net/mail"
	"path"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Online submission, one question per page (GOV.UK pattern): the case, the applicant, the
// receiving unit, the documents, then a check-your-answers page and the confirmation. Every step
// saves the draft on the server, so a citizen who stops continues later from "my dossiers";
// each step's page after saving is the first one still unanswered, which also brings a citizen
// who changed one answer from the check page straight back to it.

const (
	stepCase      = "truong-hop"
	stepApplicant = "nguoi-nop"
	stepUnit      = "don-vi"
	stepDocuments = "giay-to"
	stepCheck     = "kiem-tra"
)

var draftSteps = []string{stepCase, stepApplicant, stepUnit, stepDocuments, stepCheck}

func stepIndex(st string) int {
	for i, x := range draftSteps {
		if x == st {
			return i
		}
	}
	return -1
}

// draftView is what every step's page gets.
type draftView struct {
	Draft     store.Draft
	P         *catalog.Procedure
	Case      *catalog.Case
	Units     []org.Unit // the implementing units in service
	UnitName  string
	Step      string
	Back      string
	Docs      []draftDoc
	ManyCases bool
	ManyUnits bool
	TotalSize string
	MaxFileMB int
	MaxAllMB  int
	Flash     string // a message key, after an upload or a removal
	Uploaded  int
	Reuse     reuseView // documents of the citizen's store (digitisation.go)
}

type draftDoc struct {
	Field string // the file input's id and name
	Doc   catalog.Document
	Files []fileView
}

type fileView struct {
	store.File
	SizeText string
}

func sizeText(lang Lang, n int64) string {
	if n < 1<<20 {
		return text(lang, "citizen.kb", (n+1023)/1024)
	}
	return text(lang, "citizen.mb", float64(n)/(1<<20))
}

// nextStep is the first step still unanswered, or the check page.
func (v *draftView) nextStep() string {
	a := v.Draft.Answers
	switch {
	case v.Case == nil:
		return stepCase
	case !a.ApplicantDone:
		return stepApplicant
	case v.UnitName == "":
		return stepUnit
	case !a.DocumentsDone || len(store.MissingDocuments(v.Case, v.Draft.Files)) > 0:
		return stepDocuments
	}
	return stepCheck
}

// prevStep is the page before st that asks something (a case or unit the procedure leaves no
// choice about is never asked), or the procedure's start page.
func (v *draftView) prevStep(st string) string {
	for i := stepIndex(st) - 1; i >= 0; i-- {
		switch draftSteps[i] {
		case stepCase:
			if !v.ManyCases {
				continue
			}
		case stepUnit:
			if !v.ManyUnits {
				continue
			}
		}
		return v.url(draftSteps[i])
	}
	return "/nop-ho-so/" + v.Draft.ProcedureCode
}

func (v *draftView) url(st string) string { return fmt.Sprintf("/ho-so-nhap/%d/%s", v.Draft.ID, st) }

// loadDraft reads the draft named in the path (only the signed-in citizen's own) with the current
// version of its procedure.
func (s *Server) loadDraft(w http.ResponseWriter, r *http.Request, u user.User) (*draftView, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "citizen.draft.notfound")
		return nil, false
	}
	v, err := s.draftView(r, u, id)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "citizen.draft.notfound")
		return nil, false
	}
	if err != nil {
		s.log.Error("draft", "id", id, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return nil, false
	}
	return v, true
}

func (s *Server) draftView(r *http.Request, u user.User, id int64) (*draftView, error) {
	d, err := s.store.Draft(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	p, err := s.store.Procedure(r.Context(), d.ProcedureCode)
	if err != nil {
		return nil, fmt.Errorf("draft %d procedure %s: %w", id, d.ProcedureCode, err)
	}
	v := &draftView{Draft: d, P: &p, ManyCases: len(p.Cases) > 1, MaxFileMB: store.MaxFileSize >> 20,
		MaxAllMB: store.MaxSubmissionSize >> 20}
	now := s.store.Now()
	for _, code := range p.UnitCodes {
		un, err := s.store.Unit(r.Context(), code)
		if err != nil || !un.ActiveAt(now) {
			continue
		}
		v.Units = append(v.Units, un)
		if code == d.Answers.UnitCode {
			v.UnitName = un.Name
		}
	}
	v.ManyUnits = len(v.Units) > 1
	v.setCase(langOf(r))
	return v, nil
}

// setCase resolves the chosen case and lays out its documents with their files.
func (v *draftView) setCase(lang Lang) {
	v.Case = store.CaseNamed(v.P, v.Draft.Answers.Case)
	v.Docs = nil
	var total int64
	for _, f := range v.Draft.Files {
		total += f.Size
	}
	v.TotalSize = sizeText(lang, total)
	if v.Case == nil {
		return
	}
	for i, doc := range v.Case.Documents {
		dd := draftDoc{Field: fmt.Sprintf("doc-%d", i), Doc: doc}
		for _, f := range v.Draft.Files {
			if f.Document == doc.Name {
				dd.Files = append(dd.Files, fileView{File: f, SizeText: sizeText(lang, f.Size)})
			}
		}
		v.Docs = append(v.Docs, dd)
	}
}

// submitStart is the procedure's "apply online" start page: what the citizen will need, the
// drafts of this procedure they already have, and the button that starts a new one.
func (s *Server) submitStart(w http.ResponseWriter, r *http.Request) {
	r, u, signedIn := s.withUser(r)
	code := r.PathValue("code")
	p, err := s.store.Procedure(r.Context(), code)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND || len(code) > 64 {
		s.errorPage(w, r, http.StatusNotFound, "citizen.start.notfound")
		return
	}
	if err != nil {
		s.log.Error("submit start", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	data := struct {
		P        *catalog.Procedure
		Online   bool
		SignedIn bool
		Citizen  bool
		Drafts   []store.Draft
		Time     string
	}{P: &p, Online: p.AcceptsChannel(catalog.Online) && p.OnlineLevel != catalog.InPersonOnly, SignedIn: signedIn,
		Citizen: signedIn && u.Has(workflow.Citizen)}
	if d, ok := p.TimeFor(catalog.Online); ok {
		data.Time = portalDuration(langOf(r), d)
	}
	if data.Citizen {
		all, err := s.store.Drafts(r.Context(), u)
		if err != nil {
			s.log.Error("drafts", "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
		for _, d := range all {
			if d.ProcedureCode == p.Code {
				data.Drafts = append(data.Drafts, d)
			}
		}
	}
	status := http.StatusOK
	if !data.Online {
		status = http.StatusConflict
	}
	s.render(w, r, status, "citizen_start", "citizen.start.title", nil, data)
}

func (s *Server) draftCreate(w http.ResponseWriter, r *http.Request, u user.User) {
	d, err := s.store.CreateDraft(r.Context(), u, r.PathValue("code"))
	switch {
	case err == nil:
	case motcua.ErrorCode(err) == motcua.EINVALID, motcua.ErrorCode(err) == motcua.ENOTFOUND:
		s.errorPage(w, r, http.StatusNotFound, "citizen.start.notfound")
		return
	case motcua.ErrorCode(err) == motcua.ECONFLICT:
		var me *motcua.Error
		key := "citizen.start.offline"
		if asError(err, &me) && me.Key == "too_many_drafts" {
			key = "citizen.start.toomany"
		}
		s.errorPage(w, r, http.StatusConflict, key)
		return
	default:
		s.log.Error("create draft", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	v, err := s.draftView(r, u, d.ID)
	if err != nil {
		s.log.Error("new draft", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.Redirect(w, r, v.url(v.nextStep()), http.StatusSeeOther)
}

// draftResume continues a draft at its first unanswered step.
func (s *Server) draftResume(w http.ResponseWriter, r *http.Request, u user.User) {
	v, ok := s.loadDraft(w, r, u)
	if !ok {
		return
	}
	http.Redirect(w, r, v.url(v.nextStep()), http.StatusSeeOther)
}

// draftStep shows one step; a step past the first unanswered one sends the citizen back to that.
func (s *Server) draftStep(w http.ResponseWriter, r *http.Request, u user.User) {
	v, ok := s.loadDraft(w, r, u)
	if !ok {
		return
	}
	st := path.Base(r.URL.Path)
	if stepIndex(st) > stepIndex(v.nextStep()) {
		http.Redirect(w, r, v.url(v.nextStep()), http.StatusSeeOther)
		return
	}
	if q := r.URL.Query(); st == stepDocuments {
		if n, err := strconv.Atoi(q.Get("da-tai")); err == nil && n > 0 {
			v.Flash, v.Uploaded = "citizen.docs.flash.uploaded", n
		} else if q.Has("da-xoa") {
			v.Flash = "citizen.docs.flash.removed"
		}
	}
	s.showStep(w, r, http.StatusOK, v, st, nil)
}

func (s *Server) showStep(w http.ResponseWriter, r *http.Request, status int, v *draftView, st string, errs FieldErrors) {
	v.Step, v.Back = st, v.prevStep(st)
	if st == stepDocuments {
		if err := s.fillReuse(r, v); err != nil {
			s.log.Error("documents step: personal store", "draft", v.Draft.ID, "err", err)
		}
	}
	s.render(w, r, status, "citizen_"+stepTemplate[st], "citizen.step."+stepTemplate[st], errs, v)
}

var stepTemplate = map[string]string{stepCase: "case", stepApplicant: "applicant", stepUnit: "unit",
	stepDocuments: "documents", stepCheck: "check"}

// draftSave saves the answer of the case, applicant or unit step.
func (s *Server) draftSave(w http.ResponseWriter, r *http.Request, u user.User) {
	v, ok := s.loadDraft(w, r, u)
	if !ok {
		return
	}
	st := path.Base(r.URL.Path)
	lang := langOf(r)
	a := v.Draft.Answers
	var errs FieldErrors
	var dropFiles []int64
	switch st {
	case stepCase:
		i, err := strconv.Atoi(r.PostFormValue("case"))
		if err != nil || i < 0 || i >= len(v.P.Cases) {
			errs = append(errs, FieldError{"case", text(lang, "citizen.err.case")})
			break
		}
		if a.Case != v.P.Cases[i].Name {
			a.Case, a.DocumentsDone = v.P.Cases[i].Name, false
			// Files for documents the new case does not ask for would go with the dossier unseen.
			for _, f := range v.Draft.Files {
				if !caseAsks(&v.P.Cases[i], f.Document) {
					dropFiles = append(dropFiles, f.ID)
				}
			}
		}
	case stepApplicant:
		f := r.PostForm
		a.Applicant.Name = clip(strings.Join(strings.Fields(f.Get("name")), " "), 200)
		a.Applicant.Phone = clip(strings.TrimSpace(f.Get("phone")), 30)
		a.Applicant.Email = clip(strings.TrimSpace(f.Get("email")), 200)
		a.Applicant.Address = clip(strings.TrimSpace(f.Get("address")), 500)
		a.Summary = clip(strings.TrimSpace(f.Get("summary")), 2000)
		errs = validateApplicant(lang, &a)
		a.ApplicantDone = len(errs) == 0
	case stepUnit:
		code := r.PostFormValue("unit")
		found := false
		for _, un := range v.Units {
			if un.Code == code {
				found = true
			}
		}
		if !found {
			errs = append(errs, FieldError{"unit", text(lang, "citizen.err.unit")})
			break
		}
		a.UnitCode = code
	}
	if len(errs) > 0 {
		v.Draft.Answers = a // the citizen's input stays on the page
		s.showStep(w, r, http.StatusUnprocessableEntity, v, st, errs)
		return
	}
	for _, id := range dropFiles {
		if err := s.store.RemoveDraftFile(r.Context(), u, v.Draft.ID, id); err != nil {
			s.log.Error("drop file", "err", err)
		}
	}
	if err := s.store.SaveDraft(r.Context(), u, v.Draft.ID, a); err != nil {
		s.log.Error("save draft", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	s.toNextStep(w, r, u)
}

// toNextStep reloads the draft and goes to its first unanswered step.
func (s *Server) toNextStep(w http.ResponseWriter, r *http.Request, u user.User) {
	v, ok := s.loadDraft(w, r, u)
	if !ok {
		return
	}
	http.Redirect(w, r, v.url(v.nextStep()), http.StatusSeeOther)
}

func caseAsks(c *catalog.Case, document string) bool {
	for _, d := range c.Documents {
		if d.Name == document {
			return true
		}
	}
	return false
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// validateApplicant checks the applicant step, in the order of its fields.
func validateApplicant(lang Lang, a *store.DraftAnswers) FieldErrors {
	var errs FieldErrors
	if a.Applicant.Name == "" {
		errs = append(errs, FieldError{"name", text(lang, "citizen.err.name")})
	}
	digits := 0
	badPhone := false
	for _, r := range a.Applicant.Phone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+ .-", r):
		default:
			badPhone = true
		}
	}
	if a.Applicant.Phone == "" {
		errs = append(errs, FieldError{"phone", text(lang, "citizen.err.phone.missing")})
	} else if badPhone || digits < 9 || digits > 15 {
		errs = append(errs, FieldError{"phone", text(lang, "citizen.err.phone")})
	}
	if a.Applicant.Email != "" {
		if addr, err := mail.ParseAddress(a.Applicant.Email); err != nil || addr.Address != a.Applicant.Email {
			errs = append(errs, FieldError{"email", text(lang, "citizen.err.email")})
		}
	}
	if a.Applicant.Address == "" {
		errs = append(errs, FieldError{"address", text(lang, "citizen.err.address")})
	}
	return errs
}

// draftSubmit turns the checked draft into a dossier and shows the confirmation.
func (s *Server) draftSubmit(w http.ResponseWriter, r *http.Request, u user.User) {
	v, ok := s.loadDraft(w, r, u)
	if !ok {
		return
	}
	if st := v.nextStep(); st != stepCheck {
		http.Redirect(w, r, v.url(st), http.StatusSeeOther)
		return
	}
	d, err := s.store.SubmitDraft(r.Context(), u, v.Draft.ID)
	if err != nil {
		lang := langOf(r)
		if code := motcua.ErrorCode(err); code == motcua.EINVALID || code == motcua.ECONFLICT || code == motcua.EFORBIDDEN {
			s.log.Warn("submit draft refused", "draft", v.Draft.ID, "err", err)
			s.showStep(w, r, http.StatusUnprocessableEntity, v, stepCheck,
				FieldErrors{{"submit", text(lang, "citizen.err.submit")}})
			return
		}
		s.log.Error("submit draft", "draft", v.Draft.ID, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.Redirect(w, r, "/cong-dan/ho-so/"+d.Code+"/da-nop", http.StatusSeeOther)
}

func (s *Server) draftDelete(w http.ResponseWriter, r *http.Request, u user.User) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	err := s.store.DeleteDraft(r.Context(), u, id)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "citizen.draft.notfound")
		return
	}
	if err != nil {
		s.log.Error("delete draft", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.Redirect(w, r, "/cong-dan/ho-so?da-xoa=1", http.StatusSeeOther)
}

func init() {
	addMessages(map[string][2]string{
		"citizen.start.title":      {"Nộp hồ sơ trực tuyến", "Apply online"},
		"citizen.start.notfound":   {"Không tìm thấy thủ tục này", "This procedure was not found"},
		"citizen.start.offline":    {"Thủ tục này không nhận hồ sơ trực tuyến. Vui lòng nộp tại Bộ phận Một cửa.", "This procedure takes no online applications. Please apply at the one-stop desk."},
		"citizen.start.toomany":    {"Bạn đang có quá nhiều hồ sơ soạn dở. Hãy nộp hoặc xóa bớt trong mục Hồ sơ của tôi.", "You have too many applications in progress. Submit or delete some in My dossiers."},
		"citizen.start.need":       {"Bạn sẽ cần", "What you will need"},
		"citizen.start.need.files": {"bản chụp hoặc bản quét các giấy tờ trong danh sách dưới đây, định dạng PDF, JPG hoặc PNG, mỗi tệp không quá %d MB;", "photos or scans of the documents listed below, as PDF, JPG or PNG, each file at most %d MB;"},
		"citizen.start.need.phone": {"số điện thoại để cơ quan liên hệ khi cần.", "a phone number the office can call you on."},
		"citizen.start.time":       {"Thời hạn giải quyết: %s, tính từ khi hồ sơ được tiếp nhận.", "Processing time: %s from when the dossier is received."},
		"citizen.start.save":       {"Hồ sơ được lưu sau mỗi bước: bạn có thể dừng và tiếp tục sau trong mục Hồ sơ của tôi.", "Your answers are saved after each step: you can stop and continue later from My dossiers."},
		"citizen.start.button":     {"Bắt đầu", "Start now"},
		"citizen.start.signin":     {"Đăng nhập để nộp hồ sơ", "Sign in to apply"},
		"citizen.start.drafts":     {"Hồ sơ bạn đang soạn cho thủ tục này", "Your applications in progress for this procedure"},
		"citizen.start.saved":      {"Lưu lúc %s", "Saved at %s"},
		"citizen.start.resume":     {"Tiếp tục", "Continue"},
		"citizen.start.docs":       {"Giấy tờ theo từng trường hợp", "Documents for each case"},
		"citizen.start.officer":    {"Bạn đang đăng nhập bằng tài khoản cán bộ. Hãy đăng xuất và đăng nhập bằng tài khoản công dân để nộp hồ sơ.", "You are signed in as an officer. Sign out and sign in as a citizen to apply."},
		"citizen.draft.notfound":   {"Không tìm thấy hồ sơ đang soạn này", "This application in progress was not found"},
		"citizen.draft.caption":    {"Nộp hồ sơ trực tuyến", "Apply online"},

		"citizen.step.case":      {"Trường hợp nào đúng với bạn?", "Which case applies to you?"},
		"citizen.step.applicant": {"Thông tin người nộp hồ sơ", "About the applicant"},
		"citizen.step.unit":      {"Bạn muốn nộp hồ sơ tại cơ quan nào?", "Which office do you want to apply to?"},
		"citizen.step.documents": {"Tải lên giấy tờ", "Upload your documents"},
		"citizen.step.check":     {"Kiểm tra thông tin trước khi nộp", "Check your answers before you apply"},

		"citizen.case.hint":         {"Mỗi trường hợp cần các giấy tờ khác nhau.", "Each case needs different documents."},
		"citizen.case.docs":         {"%d giấy tờ", "%d documents"},
		"citizen.applicant.name":    {"Họ và tên", "Full name"},
		"citizen.applicant.id":      {"Số định danh cá nhân (CCCD)", "Personal ID number (CCCD)"},
		"citizen.applicant.id.hint": {"Lấy từ tài khoản định danh điện tử của bạn.", "From your electronic identity account."},
		"citizen.applicant.phone":   {"Số điện thoại", "Phone number"},
		"citizen.applicant.phone.h": {"Cơ quan gọi số này khi cần bổ sung hoặc khi có kết quả.", "The office calls this number if it needs more or when the result is ready."},
		"citizen.applicant.email":   {"Thư điện tử", "Email address"},
		"citizen.applicant.address": {"Địa chỉ liên hệ", "Contact address"},
		"citizen.applicant.addr.h":  {"Số nhà, đường, xã/phường, tỉnh/thành phố.", "House number, street, commune or ward, province or city."},
		"citizen.applicant.summary": {"Nội dung đề nghị", "What you are asking for"},
		"citizen.applicant.sum.h":   {"Ví dụ: Cấp 02 bản Phiếu lý lịch tư pháp số 1 để xin việc.", "For example: two copies of criminal record certificate no. 1, for a job application."},
		"citizen.unit.hint":         {"Các cơ quan dưới đây đều giải quyết thủ tục này.", "Each of these offices handles this procedure."},

		"citizen.err.case":          {"Chọn trường hợp đúng với bạn", "Select the case that applies to you"},
		"citizen.err.name":          {"Nhập họ và tên người nộp hồ sơ", "Enter the applicant's full name"},
		"citizen.err.phone.missing": {"Nhập số điện thoại", "Enter a phone number"},
		"citizen.err.phone":         {"Nhập số điện thoại đúng dạng, ví dụ 0912 345 678", "Enter a phone number in the right format, like 0912 345 678"},
		"citizen.err.email":         {"Nhập thư điện tử đúng dạng, ví dụ ten@example.com", "Enter an email address in the right format, like name@example.com"},
		"citizen.err.address":       {"Nhập địa chỉ liên hệ", "Enter a contact address"},
		"citizen.err.unit":          {"Chọn cơ quan nộp hồ sơ", "Select the office to apply to"},
		"citizen.err.submit":        {"Chưa nộp được hồ sơ: thủ tục hoặc cơ quan vừa thay đổi. Hãy kiểm tra lại các mục bên dưới.", "The application could not be sent: the procedure or office has just changed. Check the answers below."},

		"citizen.docs.lead":           {"Chụp hoặc quét từng giấy tờ. Mỗi tệp là PDF, JPG hoặc PNG, không quá %d MB; cả hồ sơ không quá %d MB. Mỗi giấy tờ có thể gồm nhiều tệp.", "Photograph or scan each document. Each file is a PDF, JPG or PNG of at most %d MB; the whole application at most %d MB. A document may have several files."},
		"citizen.docs.total":          {"Đã tải lên: %s", "Uploaded so far: %s"},
		"citizen.docs.form":           {"Tải mẫu đơn, tờ khai", "Download the form"},
		"citizen.docs.uploaded":       {"Tệp đã tải lên", "Files uploaded"},
		"citizen.docs.remove":         {"Xóa", "Remove"},
		"citizen.docs.progress":       {"Đang tải lên", "Uploading"},
		"citizen.docs.upload":         {"Tải lên tệp đã chọn", "Upload the selected files"},
		"citizen.docs.flash.uploaded": {"Đã tải lên %d tệp.", "%d files uploaded."},
		"citizen.docs.flash.removed":  {"Đã xóa tệp.", "The file was removed."},
		"citizen.docs.neterror":       {"Mất kết nối khi tải lên. Hãy thử lại.", "The connection was lost during the upload. Please try again."},
		"citizen.check.case":          {"Trường hợp", "Case"},
		"citizen.check.unit":          {"Cơ quan nộp hồ sơ", "Office"},
		"citizen.check.documents":     {"Giấy tờ đã tải lên", "Documents uploaded"},
		"citizen.check.nofile":        {"Chưa có tệp", "No file"},
		"citizen.check.change":        {"Thay đổi", "Change"},
		"citizen.check.pledge":        {"Gửi hồ sơ", "Now send your application"},
		"citizen.check.pledge.t":      {"Bằng việc nộp hồ sơ, tôi cam đoan các thông tin và giấy tờ trên là đúng sự thật.", "By sending this application, I confirm that the information and documents are true."},
		"citizen.check.submit":        {"Nộp hồ sơ", "Send application"},
		"citizen.check.delete":        {"Xóa hồ sơ đang soạn", "Delete this application"},
	})
}
