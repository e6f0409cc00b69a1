package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// The result document on the officer's dossier page: the current step's officer uploads it
// (a PDF) while the dossier is processed; the step that signs (the stamp step) signs it.

func (s *Server) routesResult() {
	s.mux.HandleFunc("POST /can-bo/ho-so/{code}/ket-qua", s.officer(s.resultUpload))
}

// resultView is what the page says of the result.
type resultView struct {
	Latest   *fileRow // the newest result file, signed or not
	Signed   bool
	CanAdd   bool
	SignStep string // the name of the step that signs, "" when no step signs
	SignKind string // organisation or personal
}

func resultOf(d *dossier.Dossier, steps []catalog.Step, files []fileRow, u user.User) resultView {
	var v resultView
	for i := range files {
		if files[i].Purpose == store.PurposeResult || files[i].Purpose == store.PurposeResultSigned {
			v.Latest = &files[i]
		}
	}
	v.Signed = v.Latest != nil && v.Latest.Purpose == store.PurposeResultSigned
	v.CanAdd = d.Status == workflow.Processing && has(u.RolesAt(d.StepUnit), d.StepRole)
	for _, st := range steps {
		if st.Sign != "" {
			v.SignStep, v.SignKind = st.Name, st.Sign
		}
	}
	return v
}

func has(rs []workflow.Role, r workflow.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func (s *Server) resultUpload(w http.ResponseWriter, r *http.Request, u user.User) {
	lang := langOf(r)
	code := r.PathValue("code")
	again := func(status int, msg string) {
		s.showDossier(w, r, u, status, &dossierPageData{}, nil, FieldErrors{{"result-file", msg}})
	}
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadTimeout))
	r.Body = http.MaxBytesReader(w, r.Body, store.MaxFileSize+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			again(http.StatusRequestEntityTooLarge, text(lang, "officer.result.err.toolarge", store.MaxFileSize>>20))
			return
		}
		again(http.StatusBadRequest, text(lang, "officer.result.err.none"))
		return
	}
	if !validCSRF(r) {
		s.errorPage(w, r, http.StatusForbidden, "error.csrf")
		return
	}
	f, h, err := r.FormFile("result-file")
	if err != nil {
		again(http.StatusUnprocessableEntity, text(lang, "officer.result.err.none"))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil || len(data) == 0 {
		again(http.StatusUnprocessableEntity, text(lang, "officer.result.err.none"))
		return
	}
	_, err = s.store.AddResult(r.Context(), u, code, store.NewFile{Name: h.Filename, Data: data})
	var me *motcua.Error
	switch {
	case err == nil:
		http.Redirect(w, r, "/can-bo/ho-so/"+url.PathEscape(code)+"?ket-qua=1#result-h", http.StatusSeeOther)
	case motcua.ErrorCode(err) == motcua.ENOTFOUND:
		s.errorPage(w, r, http.StatusNotFound, "officer.dossier.notfound")
	case motcua.ErrorCode(err) == motcua.EFORBIDDEN || motcua.ErrorCode(err) == motcua.ECONFLICT:
		again(http.StatusConflict, text(lang, "officer.result.err.notnow"))
	case errors.As(err, &me) && me.Key == "file_too_large":
		again(http.StatusRequestEntityTooLarge, text(lang, "officer.result.err.toolarge", store.MaxFileSize>>20))
	case errors.As(err, &me) && me.Key == "dossier_too_large":
		again(http.StatusRequestEntityTooLarge, text(lang, "officer.result.err.dossierfull", store.MaxDossierSize>>20))
	case motcua.ErrorCode(err) == motcua.EINVALID:
		again(http.StatusUnprocessableEntity, text(lang, "officer.result.err.notpdf", store.CleanFileName(h.Filename)))
	default:
		s.log.Error("result upload", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
	}
}

func init() {
	addMessages(map[string][2]string{
		"officer.files.purpose.result":           {"Kết quả (chưa ký)", "Result (unsigned)"},
		"officer.files.purpose.result_signed":    {"Kết quả đã ký số", "Signed result"},
		"officer.result.title":                   {"Kết quả giải quyết", "Result"},
		"officer.result.none":                    {"Chưa có kết quả điện tử. Kết quả giấy được đóng dấu tay.", "No electronic result yet. A paper result is stamped by hand."},
		"officer.result.latest":                  {"Kết quả hiện tại:", "Current result:"},
		"officer.result.signed":                  {"Đã ký số", "Digitally signed"},
		"officer.result.unsigned":                {"Chưa ký số", "Not signed yet"},
		"officer.result.signs.organisation":      {"Khi hoàn thành bước “%s”, kết quả mới nhất được ký số bằng con dấu (chứng thư số) của đơn vị.", "Completing the step “%s” signs the newest result with the unit's seal (its certificate)."},
		"officer.result.signs.personal":          {"Khi hoàn thành bước “%s”, kết quả mới nhất được ký số bằng chứng thư cá nhân của người thực hiện.", "Completing the step “%s” signs the newest result with the actor's personal certificate."},
		"officer.result.file":                    {"Tệp kết quả (PDF)", "Result file (PDF)"},
		"officer.result.file.hint":               {"Văn bản kết quả giải quyết dạng PDF, tối đa %d MB. Tải lên lần nữa để thay bằng bản mới.", "The result document as a PDF, at most %d MB. Upload again to replace it with a newer one."},
		"officer.result.upload":                  {"Tải lên kết quả", "Upload the result"},
		"officer.result.flash":                   {"Đã tải lên kết quả.", "The result was uploaded."},
		"officer.result.verify":                  {"Xác thực chữ ký", "Verify the signature"},
		"officer.result.err.none":                {"Chọn tệp PDF kết quả.", "Choose the result PDF."},
		"officer.result.err.notpdf":              {"Tệp “%s” không phải PDF.", "The file “%s” is not a PDF."},
		"officer.result.err.toolarge":            {"Tệp lớn hơn %d MB.", "The file is larger than %d MB."},
		"officer.result.err.dossierfull":         {"Các tệp của hồ sơ sẽ vượt quá %d MB: hãy tải lên bản kết quả nhỏ hơn.", "The dossier's files would exceed %d MB: upload a smaller result."},
		"officer.field.postal_tracking":          {"Số hiệu bưu gửi (khi trả qua bưu điện)", "Postal tracking number (when returned by post)"},
		"officer.field.postal_tracking.hint":     {"Ví dụ EB123456789VN. Bắt buộc khi trả kết quả qua dịch vụ bưu chính.", "E.g. EB123456789VN. Required when the result goes by post."},
		"officer.field.postal_tracking.required": {"Nhập số hiệu bưu gửi.", "Enter the postal tracking number."},
		"officer.field.postal_tracking.invalid":  {"Số hiệu bưu gửi gồm 4–40 chữ cái, chữ số hoặc dấu gạch ngang.", "A tracking number is 4–40 letters, digits or dashes."},
		"officer.field.how.noresult":             {"Hồ sơ chưa có kết quả điện tử đã ký số: không trả trực tuyến được. Chọn trả tại quầy hoặc qua bưu điện.", "The dossier has no signed electronic result to return online. Choose the counter or the post."},
		"officer.conflict.no_certificate":        {"Không ký số được kết quả: đơn vị (hoặc người ký) chưa có chứng thư số còn hiệu lực. Liên hệ quản trị để cấp hoặc nhập chứng thư.", "The result cannot be signed: the unit (or the signer) has no valid certificate. Ask the administrator to issue or import one."},
		"officer.conflict.no_key_secret":         {"Máy chủ chưa cấu hình khóa bảo vệ chứng thư: chưa ký số được. Liên hệ quản trị.", "The server has no key secret configured: nothing can be signed. Ask the administrator."},
		"officer.conflict.no_private_key":        {"Hệ thống không giữ khóa bí mật của chứng thư này: không ký số được.", "The system holds no private key for this certificate: it cannot sign."},
		"officer.result.err.notnow":              {"Chỉ người thực hiện bước hiện tại được tải kết quả, khi hồ sơ đang được giải quyết.", "Only the current step's officer adds the result, while the dossier is being processed."},
	})
}
