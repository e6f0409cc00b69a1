package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/pki"
	"github.com/motcua/motcua/store"
)

// The certificate registry at /quan-tri/chung-thu: units' seals and leaders' signatures, issued
// by the built-in authority or imported from a CA's PKCS#12 file, and revoked (docs/signing.md).

const maxP12Upload = 256 << 10 // a PKCS#12 file with its chain is a few kilobytes

func (s *Server) routesCertificates() {
	get := func(p string, h adminHandler) { s.mux.HandleFunc("GET "+p, s.admin(false, h)) }
	post := func(p string, max int64, h adminHandler) { s.mux.HandleFunc("POST "+p, s.form(max, s.admin(true, h))) }
	get("/quan-tri/chung-thu", s.adminCertificates)
	post("/quan-tri/chung-thu/cap", MaxForm, s.adminCertificateIssue)
	post("/quan-tri/chung-thu/nhap", maxP12Upload+MaxForm, s.adminCertificateImport)
	post("/quan-tri/chung-thu/thu-hoi", MaxForm, s.adminCertificateRevoke)
}

type certForm struct {
	Kind, Unit, User, Years, Serial, Reason string
}

type certificatesData struct {
	adminPage
	List  []store.Certificate
	Units []org.Unit
	Form  certForm
	Open  string // the form to show open after an error: issue, import, revoke
}

func (s *Server) certificatesPage(w http.ResponseWriter, r *http.Request, a *adminReq, status int, d *certificatesData, errs FieldErrors) {
	var err error
	if d.List, err = s.store.Certificates(r.Context()); err != nil {
		s.fail(w, r, "certificates", err)
		return
	}
	if d.Units, err = s.store.Units(r.Context()); err != nil {
		s.fail(w, r, "units", err)
		return
	}
	if d.Form.Years == "" {
		d.Form.Years = "3"
	}
	s.render(w, r, status, "admin_certificates", "admin.certificates", errs, d)
}

func (s *Server) adminCertificates(w http.ResponseWriter, r *http.Request, a *adminReq) {
	s.certificatesPage(w, r, a, http.StatusOK, &certificatesData{adminPage: a.page("certificates", r)}, nil)
}

// certTarget reads the kind, unit and user of an issue or import form, with the errors next to
// the fields.
func (s *Server) certTarget(r *http.Request, a *adminReq, f *certForm, form string) (pki.Kind, int64, FieldErrors) {
	f.Kind, f.Unit, f.User = r.PostFormValue("kind"), strings.TrimSpace(r.PostFormValue("unit")), strings.TrimSpace(r.PostFormValue("user"))
	var errs FieldErrors
	kind := pki.Kind(f.Kind)
	if kind != pki.Organisation && kind != pki.Personal {
		errs = append(errs, FieldError{form + "-kind", a.t("admin.cert.err.kind")})
	}
	if kind == pki.Organisation && f.Unit == "" {
		errs = append(errs, FieldError{form + "-unit", a.t("admin.cert.err.unit")})
	}
	var userID int64
	if kind == pki.Personal {
		u, err := s.store.UserByUsername(r.Context(), f.User)
		if f.User == "" || err != nil {
			errs = append(errs, FieldError{form + "-user", a.t("admin.cert.err.user")})
		} else {
			userID = u.ID
		}
	}
	return kind, userID, errs
}

func (s *Server) adminCertificateIssue(w http.ResponseWriter, r *http.Request, a *adminReq) {
	d := &certificatesData{adminPage: a.page("certificates", r), Open: "issue"}
	kind, userID, errs := s.certTarget(r, a, &d.Form, "issue")
	d.Form.Years = r.PostFormValue("years")
	years, err := strconv.Atoi(d.Form.Years)
	if err != nil || years < 1 || years > 10 {
		errs = append(errs, FieldError{"issue-years", a.t("admin.cert.err.years")})
	}
	if len(errs) == 0 {
		if _, err := s.store.IssueLocal(r.Context(), kind, d.Form.Unit, userID, years); err != nil {
			errs = s.certError(w, r, a, err, "issue")
			if errs == nil {
				return
			}
		}
	}
	if len(errs) > 0 {
		s.certificatesPage(w, r, a, http.StatusUnprocessableEntity, d, errs)
		return
	}
	http.Redirect(w, r, "/quan-tri/chung-thu?ok=saved", http.StatusSeeOther)
}

func (s *Server) adminCertificateImport(w http.ResponseWriter, r *http.Request, a *adminReq) {
	d := &certificatesData{adminPage: a.page("certificates", r), Open: "import"}
	kind, userID, errs := s.certTarget(r, a, &d.Form, "import")
	var data []byte
	if f, _, err := r.FormFile("file"); err == nil {
		data, _ = io.ReadAll(io.LimitReader(f, maxP12Upload))
		f.Close()
	}
	if len(data) == 0 {
		errs = append(errs, FieldError{"import-file", a.t("admin.cert.err.file")})
	}
	if len(errs) == 0 {
		is, err := pki.ParsePKCS12(data, r.PostFormValue("password"))
		if err != nil {
			errs = append(errs, FieldError{"import-file", a.t("admin.cert.err.p12")})
		} else if _, err := s.store.AddCertificate(r.Context(), kind, d.Form.Unit, userID, is); err != nil {
			if errs = s.certError(w, r, a, err, "import"); errs == nil {
				return
			}
		} else {
			// The file's root authority is trusted for verification from now on.
			for _, ca := range is.Chain {
				if ca.IsCA && ca.CheckSignatureFrom(ca) == nil {
					if _, err := s.store.AddCertificate(r.Context(), pki.Authority, "", 0, pki.Issued{Cert: ca}); err != nil && motcua.ErrorCode(err) != motcua.ECONFLICT {
						s.fail(w, r, "trust authority", err)
						return
					}
				}
			}
		}
	}
	if len(errs) > 0 {
		s.certificatesPage(w, r, a, http.StatusUnprocessableEntity, d, errs)
		return
	}
	http.Redirect(w, r, "/quan-tri/chung-thu?ok=saved", http.StatusSeeOther)
}

func (s *Server) adminCertificateRevoke(w http.ResponseWriter, r *http.Request, a *adminReq) {
	d := &certificatesData{adminPage: a.page("certificates", r), Open: "revoke",
		Form: certForm{Serial: r.PostFormValue("serial"), Reason: strings.TrimSpace(r.PostFormValue("reason"))}}
	var errs FieldErrors
	if d.Form.Serial == "" {
		errs = append(errs, FieldError{"revoke-serial", a.t("admin.cert.err.serial")})
	}
	if d.Form.Reason == "" {
		errs = append(errs, FieldError{"revoke-reason", a.t("admin.cert.err.reason")})
	}
	if len(errs) == 0 {
		if err := s.store.RevokeCertificate(r.Context(), d.Form.Serial, d.Form.Reason); err != nil {
			if motcua.ErrorCode(err) != motcua.ENOTFOUND {
				s.fail(w, r, "revoke", err)
				return
			}
			errs = append(errs, FieldError{"revoke-serial", a.t("admin.cert.err.serial")})
		}
	}
	if len(errs) > 0 {
		s.certificatesPage(w, r, a, http.StatusUnprocessableEntity, d, errs)
		return
	}
	http.Redirect(w, r, "/quan-tri/chung-thu?ok=saved", http.StatusSeeOther)
}

// certError turns a store refusal into a message next to its field; anything else is a 500
// (already answered: nil).
func (s *Server) certError(w http.ResponseWriter, r *http.Request, a *adminReq, err error, form string) FieldErrors {
	var e *motcua.Error
	if !asError(err, &e) || e.Code == motcua.EINTERNAL {
		s.fail(w, r, "certificate", err)
		return nil
	}
	field := e.Field
	switch field {
	case "unit_code":
		field = "unit"
	case "certificate", "":
		field = "kind"
	}
	msg := a.t("admin.cert.err." + e.Key)
	if msg == "admin.cert.err."+e.Key {
		msg = e.Message
	}
	return FieldErrors{{form + "-" + field, msg}}
}

func init() {
	addMessages(map[string][2]string{
		"admin.certificates":                {"Chứng thư số", "Certificates"},
		"admin.certificates.lead":           {"Con dấu số của đơn vị, chữ ký số của lãnh đạo, tổ chức chứng thực được tin cậy; cấp, nhập, thu hồi.", "Units' seals, leaders' signatures, trusted authorities; issue, import, revoke."},
		"admin.cert.kind":                   {"Loại", "Kind"},
		"admin.cert.kind.organisation":      {"Con dấu của đơn vị", "Unit's seal"},
		"admin.cert.kind.personal":          {"Chữ ký cá nhân", "Personal signature"},
		"admin.cert.kind.authority":         {"Tổ chức chứng thực", "Certification authority"},
		"admin.cert.unit":                   {"Đơn vị", "Unit"},
		"admin.cert.subject":                {"Chủ thể", "Subject"},
		"admin.cert.serial":                 {"Số hiệu", "Serial"},
		"admin.cert.valid":                  {"Hiệu lực đến", "Valid until"},
		"admin.cert.state":                  {"Trạng thái", "State"},
		"admin.cert.active":                 {"Đang hiệu lực", "Active"},
		"admin.cert.revoked":                {"Đã thu hồi %s: %s", "Revoked %s: %s"},
		"admin.cert.key":                    {"Hệ thống giữ khóa", "Key held"},
		"admin.cert.issue":                  {"Cấp chứng thư bằng CA nội bộ", "Issue with the built-in CA"},
		"admin.cert.issue.hint":             {"CA nội bộ dùng cho thử nghiệm và nội bộ; khi vận hành chính thức, nhập chứng thư do tổ chức cung cấp dịch vụ chứng thực cấp.", "The built-in CA is for trials and internal use; in production, import certificates from a certification service provider."},
		"admin.cert.user":                   {"Tên đăng nhập của người ký (chữ ký cá nhân)", "Signer's user name (personal signature)"},
		"admin.cert.years":                  {"Số năm hiệu lực", "Years of validity"},
		"admin.cert.import":                 {"Nhập chứng thư từ tệp PKCS#12 (.p12, .pfx)", "Import from a PKCS#12 file (.p12, .pfx)"},
		"admin.cert.file":                   {"Tệp .p12 / .pfx", ".p12 / .pfx file"},
		"admin.cert.password":               {"Mật khẩu của tệp", "The file's password"},
		"admin.cert.revoke":                 {"Thu hồi chứng thư", "Revoke a certificate"},
		"admin.cert.revoke.hint":            {"Chữ ký tạo sau thời điểm thu hồi không còn giá trị; hệ thống không ký thêm bằng chứng thư này.", "Signatures made after the revocation are void; the system signs nothing more with it."},
		"admin.cert.reason":                 {"Lý do thu hồi", "Reason"},
		"admin.cert.submit.issue":           {"Cấp chứng thư", "Issue"},
		"admin.cert.submit.import":          {"Nhập chứng thư", "Import"},
		"admin.cert.submit.revoke":          {"Thu hồi", "Revoke"},
		"admin.cert.err.kind":               {"Chọn loại chứng thư.", "Choose the kind of certificate."},
		"admin.cert.err.unit":               {"Chọn đơn vị.", "Choose the unit."},
		"admin.cert.err.user":               {"Nhập tên đăng nhập của một người dùng có trong hệ thống.", "Enter the user name of an existing user."},
		"admin.cert.err.years":              {"Số năm từ 1 đến 10.", "Between 1 and 10 years."},
		"admin.cert.err.file":               {"Chọn tệp .p12 hoặc .pfx.", "Choose a .p12 or .pfx file."},
		"admin.cert.err.p12":                {"Không mở được tệp: sai mật khẩu hoặc tệp không phải PKCS#12.", "The file cannot be opened: a wrong password, or not a PKCS#12 file."},
		"admin.cert.err.serial":             {"Chọn một chứng thư đang hiệu lực.", "Choose an active certificate."},
		"admin.cert.err.reason":             {"Nhập lý do thu hồi.", "Enter the reason."},
		"admin.cert.err.unknown_unit":       {"Đơn vị không tồn tại.", "Unknown unit."},
		"admin.cert.err.unit_mismatch":      {"Chứng thư ghi một đơn vị khác.", "The certificate names another unit."},
		"admin.cert.err.certificate_exists": {"Chứng thư này đã có trong hệ thống.", "This certificate is already registered."},
		"admin.cert.err.no_key_secret":      {"Máy chủ chưa cấu hình khóa bảo vệ (MOTCUA_KEY_SECRET): chưa lưu được khóa bí mật.", "The server has no key secret (MOTCUA_KEY_SECRET): private keys cannot be stored."},
		"admin.cert.err.expired":            {"Chứng thư đã hết hạn.", "The certificate has expired."},
		"admin.cert.err.key_usage":          {"Chứng thư không được phép ký tài liệu.", "The certificate may not sign documents."},
	})
}
