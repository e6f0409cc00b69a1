package web

import (
	"errors"
	"github.com/motcua/motcua"
	"io"
	"net/http"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/store"
)

// Public verification of a signed result (/xac-thuc): anyone uploads a PDF and learns whether
// its digital signatures are valid, who signed for which unit, when, and for which dossier.

func (s *Server) routesVerify() {
	s.mux.HandleFunc("GET /xac-thuc", s.verifyPage)
	s.mux.HandleFunc("POST /xac-thuc", s.verifyUpload)
	s.mux.HandleFunc("GET /xac-thuc/{code}", s.verifyCode)
}

// verifyCode is where the QR code on a signed result's stamp leads: the verdict on the document
// as the system keeps it.
func (s *Server) verifyCode(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	v, err := s.store.VerifyByCode(r.Context(), code)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "verify.code.notfound")
		return
	}
	if err != nil {
		s.log.Error("verify by code", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	s.render(w, r, http.StatusOK, "verify", "verify.title", nil, verifyData{Result: &v, Name: text(langOf(r), "verify.code.name", code)})
}

type verifyData struct {
	Result *store.Verification
	Name   string
}

func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "verify", "verify.title", nil, verifyData{})
}

func (s *Server) verifyUpload(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	fail := func(status int, key string, args ...any) {
		s.render(w, r, status, "verify", "verify.title", FieldErrors{{"file", text(lang, key, args...)}}, verifyData{})
	}
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadTimeout))
	r.Body = http.MaxBytesReader(w, r.Body, signing.MaxPDF+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(http.StatusRequestEntityTooLarge, "verify.err.toolarge", signing.MaxPDF>>20)
			return
		}
		fail(http.StatusBadRequest, "verify.err.none")
		return
	}
	if !validCSRF(r) {
		s.errorPage(w, r, http.StatusForbidden, "error.csrf")
		return
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		fail(http.StatusUnprocessableEntity, "verify.err.none")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, signing.MaxPDF+1))
	if err != nil || len(data) == 0 {
		fail(http.StatusUnprocessableEntity, "verify.err.none")
		return
	}
	if len(data) > signing.MaxPDF {
		fail(http.StatusRequestEntityTooLarge, "verify.err.toolarge", signing.MaxPDF>>20)
		return
	}
	if store.SniffFileType(data) != "application/pdf" {
		fail(http.StatusUnprocessableEntity, "verify.err.notpdf", store.CleanFileName(h.Filename))
		return
	}
	v, err := s.store.VerifyDocument(r.Context(), data)
	if err != nil {
		s.log.Error("verify", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	s.render(w, r, http.StatusOK, "verify", "verify.title", nil, verifyData{Result: &v, Name: store.CleanFileName(h.Filename)})
}

func init() {
	addMessages(map[string][2]string{
		"nav.verify":                {"Xác thực văn bản", "Verify a document"},
		"verify.title":              {"Xác thực văn bản điện tử", "Verify an electronic document"},
		"verify.lead":               {"Kiểm tra chữ ký số trên kết quả giải quyết thủ tục hành chính: tài liệu có còn nguyên vẹn, do cơ quan nào ký, khi nào, cho hồ sơ nào. Tệp chỉ được dùng để kiểm tra, không được lưu lại.", "Check the digital signatures on an administrative result: is the document intact, which agency signed it, when, for which dossier. The file is only checked, not kept."},
		"verify.file":               {"Tệp PDF cần xác thực", "PDF file to verify"},
		"verify.file.hint":          {"Tệp PDF kết quả đã ký số, tối đa %d MB.", "The signed PDF result, at most %d MB."},
		"verify.button":             {"Xác thực", "Verify"},
		"verify.err.none":           {"Chọn tệp PDF cần xác thực.", "Choose the PDF file to verify."},
		"verify.err.notpdf":         {"Tệp “%s” không phải PDF.", "The file “%s” is not a PDF."},
		"verify.err.toolarge":       {"Tệp lớn hơn %d MB.", "The file is larger than %d MB."},
		"verify.result":             {"Kết quả xác thực tệp “%s”", "Verification of “%s”"},
		"verify.valid":              {"HỢP LỆ: chữ ký số hợp lệ và tài liệu không bị thay đổi sau khi ký.", "VALID: the digital signatures are valid and the document has not changed since signing."},
		"verify.revoked":            {"KHÔNG CÒN GIÁ TRỊ: chứng thư số đã bị thu hồi trước khi ký.", "VOID: the certificate was revoked before it signed."},
		"verify.invalid":            {"KHÔNG HỢP LỆ", "INVALID"},
		"verify.problem.not_signed": {"Tài liệu không có chữ ký số.", "The document carries no digital signature."},
		"verify.problem.modified":   {"Tài liệu đã bị thay đổi sau khi ký.", "The document was changed after signing."},
		"verify.problem.untrusted":  {"Chứng thư số không do tổ chức chứng thực được tin cậy cấp, hoặc đã hết hạn khi ký.", "The certificate is not from a trusted authority, or was not valid when it signed."},
		"verify.problem.unreadable": {"Không đọc được tệp PDF.", "The PDF file cannot be read."},
		"verify.problem.revoked":    {"Chứng thư số đã bị thu hồi.", "The certificate was revoked."},
		"verify.dossier":            {"Hồ sơ", "Dossier"},
		"verify.sha":                {"Mã băm SHA-256 của tệp", "SHA-256 of the file"},
		"verify.signatures":         {"Chữ ký số", "Digital signatures"},
		"verify.signer":             {"Người ký / cơ quan", "Signer / agency"},
		"verify.unit":               {"Đơn vị", "Unit"},
		"verify.at":                 {"Thời điểm ký", "Signed at"},
		"verify.at.recorded":        {"(theo nhật ký của hệ thống)", "(as the system recorded it)"},
		"verify.at.claimed":         {"(theo tài liệu)", "(as the document claims)"},
		"verify.state":              {"Trạng thái", "State"},
		"verify.serial":             {"Số hiệu chứng thư", "Certificate serial"},
		"verify.kind.organisation":  {"Con dấu của cơ quan", "Agency seal"},
		"verify.kind.personal":      {"Chữ ký cá nhân", "Personal signature"},
		"verify.revoked.since":      {"Chứng thư bị thu hồi lúc %s (sau khi ký).", "Certificate revoked at %s (after signing)."},
		"verify.ok":                 {"Hợp lệ", "Valid"},
		"verify.code.notfound":      {"Không có văn bản nào mang mã xác thực này. Hãy kiểm tra lại mã, hoặc tải tệp lên để xác thực.", "No document carries this verification code. Check the code, or upload the file to verify it."},
		"verify.code.name":          {"mã xác thực %s", "verification code %s"},
		"verify.another":            {"Xác thực tệp khác", "Verify another file"},
	})
}
