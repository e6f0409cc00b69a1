package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Administration at /quan-tri: an administrator edits everything; a centre manager sees the
// lists read-only and edits the counters of the units they manage. Everyone else gets 403.
func (s *Server) routesAdmin() {
	get := func(p string, adminOnly bool, h adminHandler) { s.mux.HandleFunc("GET "+p, s.admin(adminOnly, h)) }
	post := func(p string, adminOnly bool, max int64, h adminHandler) {
		s.mux.HandleFunc("POST "+p, s.form(max, s.admin(adminOnly, h)))
	}
	get("/quan-tri", false, s.adminHome)

	get("/quan-tri/don-vi", false, s.adminUnits)
	get("/quan-tri/don-vi/moi", true, s.adminUnitNew)
	post("/quan-tri/don-vi/moi", true, MaxForm, s.adminUnitCreate)
	get("/quan-tri/don-vi/{code}", false, s.adminUnit)
	post("/quan-tri/don-vi/{code}", true, MaxForm, s.adminUnitUpdate)
	post("/quan-tri/don-vi/{code}/quay", false, MaxForm, s.adminUnitCounters)
	post("/quan-tri/don-vi/{code}/chuyen", true, MaxForm, s.adminUnitReparent)
	post("/quan-tri/don-vi/{code}/giai-the", true, MaxForm, s.adminUnitDissolve)

	get("/quan-tri/nguoi-dung", false, s.adminUsers)
	get("/quan-tri/nguoi-dung/moi", true, s.adminUserNew)
	post("/quan-tri/nguoi-dung/moi", true, MaxForm, s.adminUserCreate)
	get("/quan-tri/nguoi-dung/{id}", true, s.adminUser)
	post("/quan-tri/nguoi-dung/{id}", true, MaxForm, s.adminUserUpdate)
	post("/quan-tri/nguoi-dung/{id}/mat-khau", true, MaxForm, s.adminUserPassword)

	get("/quan-tri/thu-tuc", false, s.adminProcedures)
	get("/quan-tri/thu-tuc/moi", true, s.adminProcedureNew)
	post("/quan-tri/thu-tuc/moi", true, MaxForm, s.adminProcedureCreate)
	get("/quan-tri/thu-tuc/nhap", true, s.adminImportForm)
	post("/quan-tri/thu-tuc/nhap", true, maxCatalogUpload, s.adminImport)
	get("/quan-tri/thu-tuc/{code}", false, s.adminProcedure)
	post("/quan-tri/thu-tuc/{code}", true, MaxForm, s.adminProcedureUpdate)
	get("/quan-tri/thu-tuc/{code}/phien-ban/{version}", false, s.adminProcedureVersion)
	get("/quan-tri/thu-tuc/{code}/quy-trinh", false, s.adminTemplate)
	post("/quan-tri/thu-tuc/{code}/quy-trinh", true, MaxForm, s.adminTemplateSave)

	get("/quan-tri/ngay-nghi", false, s.adminHolidays)
	post("/quan-tri/ngay-nghi", true, maxScheduleUpload, s.adminHolidaysLoad)
	get("/quan-tri/chinh-sach", false, s.adminPolicies)
	post("/quan-tri/chinh-sach", true, MaxForm, s.adminPolicySet)
	s.routesCertificates() // admin_certificates.go
}

// adminReq is what an administration handler knows about the request.
type adminReq struct {
	User    user.User
	Admin   bool            // may edit everything
	Manages map[string]bool // units the user is centre manager at
	lang    Lang
}

type adminHandler func(w http.ResponseWriter, r *http.Request, a *adminReq)

// admin signs the request in or sends it to the sign-in page, and refuses (403) anyone who is
// neither administrator nor centre manager, and a centre manager where adminOnly.
func (s *Server) admin(adminOnly bool, h adminHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, u, ok := s.withUser(r)
		if !ok {
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet {
				next = r.URL.Path
			}
			http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		a := &adminReq{User: u, Admin: u.Has(workflow.Administrator), Manages: map[string]bool{}, lang: langOf(r)}
		for _, x := range u.Roles {
			if x.Role == workflow.CentreManager && x.Unit != "" {
				a.Manages[x.Unit] = true
			}
		}
		if !a.Admin && (adminOnly || len(a.Manages) == 0) {
			s.errorPage(w, r, http.StatusForbidden, "error.forbidden")
			return
		}
		h(w, r, a)
	}
}

// adminPage is embedded in every administration page's data.
type adminPage struct {
	Admin   bool
	Section string // units, users, procedures, holidays, policies: the breadcrumb
	Notice  string // a translated confirmation after a redirect
}

func (a *adminReq) page(section string, r *http.Request) adminPage {
	p := adminPage{Admin: a.Admin, Section: section}
	if k := r.URL.Query().Get("ok"); k != "" && strings.HasPrefix(k, "saved") {
		p.Notice = text(a.lang, "admin.notice."+k)
		if p.Notice == "admin.notice."+k {
			p.Notice = ""
		}
	}
	return p
}

// t translates a key into the request's language.
func (a *adminReq) t(key string, args ...any) string { return text(a.lang, key, args...) }

// errText turns a store or validation error into a message in the request's language: the
// message of the error's key when one is registered, else its English detail.
func (a *adminReq) errText(err error) string {
	var e *motcua.Error
	if errors.As(err, &e) {
		k := "admin.err." + e.Key
		if hasMessage(k) {
			return a.t(k)
		}
		return e.Message
	}
	return err.Error()
}

func hasMessage(key string) bool {
	messagesMu.RLock()
	defer messagesMu.RUnlock()
	_, ok := messages[key]
	return ok
}

// fail renders a 500 page and logs err.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.log.Error("admin: "+what, "err", err)
	s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
}

// isInvalid reports whether err is a user's mistake to show next to a field.
func isInvalid(err error) bool {
	c := motcua.ErrorCode(err)
	return c == motcua.EINVALID || c == motcua.ECONFLICT
}

// lines splits a textarea into trimmed, non-empty lines.
func lines(v string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(v, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// number reads a decimal written with a point or a Vietnamese comma.
func number(v string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(v), ",", "."), 64)
	return f, err == nil && f == f
}

// unitOption is a unit in a select, indented by its depth in the tree.
type unitOption struct {
	Code, Name string
	Depth      int
	Indent     string // dots showing the depth in a select
	Active     bool
	Unit       org.Unit
}

// unitTree orders units depth first, siblings by code, and keeps each one's depth.
func unitTree(units []org.Unit, at func(org.Unit) bool) []unitOption {
	byParent := map[string][]org.Unit{}
	present := map[string]bool{}
	for _, u := range units {
		present[u.Code] = true
	}
	for _, u := range units {
		p := u.ParentCode
		if !present[p] {
			p = ""
		}
		byParent[p] = append(byParent[p], u)
	}
	for _, l := range byParent {
		sort.Slice(l, func(i, j int) bool { return l[i].Code < l[j].Code })
	}
	var out []unitOption
	seen := map[string]bool{}
	var walk func(parent string, depth int)
	walk = func(parent string, depth int) {
		for _, u := range byParent[parent] {
			if seen[u.Code] {
				continue
			}
			seen[u.Code] = true
			out = append(out, unitOption{Code: u.Code, Name: u.Name, Depth: min(depth, 4), Indent: strings.Repeat("· ", depth), Active: at(u), Unit: u})
			walk(u.Code, depth+1)
		}
	}
	walk("", 0)
	return out
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request, a *adminReq) {
	var managed []org.Unit
	for code := range a.Manages {
		if u, err := s.store.Unit(r.Context(), code); err == nil {
			managed = append(managed, u)
		}
	}
	sort.Slice(managed, func(i, j int) bool { return managed[i].Code < managed[j].Code })
	s.render(w, r, http.StatusOK, "admin_home", "admin.title", nil, struct {
		adminPage
		Managed []org.Unit
	}{a.page("", r), managed})
}

func init() {
	addMessages(map[string][2]string{
		"admin.title":                  {"Quản trị hệ thống", "Administration"},
		"admin.lead.admin":             {"Cấu hình đơn vị, tài khoản, thủ tục, quy trình và lịch nghỉ của tỉnh.", "Configure the province's units, accounts, procedures, processes and holidays."},
		"admin.lead.manager":           {"Bạn là quản lý trung tâm: xem các danh mục và cấu hình quầy của đơn vị mình.", "You are a centre manager: you can see the lists and set up your units' counters."},
		"admin.crumbs":                 {"Đường dẫn", "Breadcrumbs"},
		"admin.units":                  {"Đơn vị", "Units"},
		"admin.units.lead":             {"Cây đơn vị, buổi làm việc, quầy tiếp nhận.", "The unit tree, office sessions, counters."},
		"admin.users":                  {"Tài khoản", "Accounts"},
		"admin.users.lead":             {"Cán bộ, vai trò tại đơn vị, đặt lại mật khẩu.", "Officers, roles at units, password resets."},
		"admin.procedures":             {"Thủ tục hành chính", "Procedures"},
		"admin.procedures.lead":        {"Danh mục, phiên bản, thời hạn, quy trình; nhập tệp danh mục.", "Catalog, versions, time limits, processes; catalog file import."},
		"admin.holidays":               {"Lịch nghỉ", "Holidays"},
		"admin.holidays.lead":          {"Lịch nghỉ lễ, Tết hằng năm theo thông báo chính thức.", "Each year's official holiday schedule."},
		"admin.policies":               {"Quy định", "Policies"},
		"admin.policies.lead":          {"Các quy định có ngày hiệu lực (số lần gia hạn tối đa…).", "Dated rules (maximum reschedules…)."},
		"admin.managed":                {"Đơn vị bạn quản lý", "Units you manage"},
		"admin.readonly":               {"Chỉ xem: chỉ quản trị viên được sửa.", "Read only: only an administrator may change this."},
		"admin.save":                   {"Lưu", "Save"},
		"admin.cancel":                 {"Hủy", "Cancel"},
		"admin.edit":                   {"Sửa", "Edit"},
		"admin.view":                   {"Xem", "View"},
		"admin.yes":                    {"Có", "Yes"},
		"admin.no":                     {"Không", "No"},
		"admin.none":                   {"Chưa có.", "None yet."},
		"admin.search":                 {"Tìm", "Search"},
		"admin.optional":               {"(không bắt buộc)", "(optional)"},
		"admin.notice":                 {"Thông báo", "Notice"},
		"admin.notice.saved":           {"Đã lưu.", "Saved."},
		"admin.notice.saved-unchanged": {"Không có thay đổi nào để lưu.", "Nothing changed."},
		"admin.notice.saved-version":   {"Đã lưu thành phiên bản mới.", "Saved as a new version."},
		"admin.notice.saved-password":  {"Đã đặt lại mật khẩu.", "The password was reset."},
		"admin.notice.saved-import":    {"Đã nhập tệp danh mục.", "The catalog file was imported."},
		"admin.notice.saved-schedule":  {"Đã nạp lịch nghỉ.", "The holiday schedule was loaded."},

		"admin.role.citizen":            {"Công dân", "Citizen"},
		"admin.role.intake_officer":     {"Cán bộ tiếp nhận", "Intake officer"},
		"admin.role.processing_officer": {"Cán bộ thụ lý", "Processing officer"},
		"admin.role.leader":             {"Lãnh đạo", "Leader"},
		"admin.role.clerk":              {"Văn thư", "Clerk"},
		"admin.role.centre_manager":     {"Quản lý trung tâm", "Centre manager"},
		"admin.role.administrator":      {"Quản trị viên", "Administrator"},

		"admin.err.required":              {"Vui lòng nhập thông tin này.", "Enter this information."},
		"admin.err.invalid_agency_code":   {"Mã định danh không đúng định dạng (ví dụ 000.23.11.H56).", "The agency code is not in the national format (e.g. 000.23.11.H56)."},
		"admin.err.invalid_sessions":      {"Buổi làm việc viết dạng 07:30-11:30,13:00-17:00, theo thứ tự, không chồng nhau.", "Write sessions as 07:30-11:30,13:00-17:00, in order, not overlapping."},
		"admin.err.unit_exists":           {"Mã đơn vị này đã có.", "A unit with this code already exists."},
		"admin.err.unknown_unit":          {"Không có đơn vị với mã này.", "There is no unit with this code."},
		"admin.err.unit_dissolved":        {"Đơn vị này không còn hoạt động vào ngày đó.", "That unit is not in service on that day."},
		"admin.err.unit_cycle":            {"Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.", "A unit cannot be moved under itself or one of its sub-units."},
		"admin.err.reparent_out_of_order": {"Đơn vị đã được chuyển vào một ngày sau ngày này: nhập việc chuyển theo thứ tự thời gian.", "The unit was moved on a later day: enter moves in the order they happened."},
		"admin.err.future_reparent":       {"Chỉ nhập việc chuyển đơn vị từ ngày có hiệu lực trở đi (không nhập trước).", "Enter a re-parenting on or after the day it takes effect."},
		"admin.err.before_valid_from":     {"Ngày giải thể phải sau ngày đơn vị bắt đầu hoạt động.", "The dissolution day must come after the unit's first day."},
		"admin.err.invalid_level":         {"Cấp là số từ 1 (tỉnh) đến 4.", "The level is a number from 1 (province) to 4."},
		"admin.err.invalid_counter":       {"Tên quầy dài 1–40 ký tự, không có / ? # \\.", "A counter name has 1–40 characters and no / ? # \\."},
		"admin.err.duplicate_counter":     {"Có quầy bị ghi hai lần.", "A counter is listed twice."},
		"admin.err.too_many_counters":     {"Quá nhiều quầy.", "Too many counters."},
		"admin.err.username_taken":        {"Tên đăng nhập này đã có người dùng.", "This username is taken."},
		"admin.err.password_too_short":    {"Mật khẩu phải có ít nhất 8 ký tự.", "The password must have at least 8 characters."},
		"admin.err.stale_version":         {"Thủ tục vừa được người khác sửa. Hãy tải lại trang và sửa lại.", "Someone changed this procedure meanwhile. Reload the page and make your change again."},
		"admin.err.procedure_exists":      {"Mã thủ tục này đã có.", "A procedure with this code already exists."},
		"admin.err.invalid_policy_value":  {"Giá trị phải là số nguyên từ 0 trở lên.", "The value must be a whole number, 0 or more."},
		"admin.err.unknown_policy":        {"Không có quy định này.", "There is no such policy."},
		"admin.err.date":                  {"Nhập ngày dạng ngày/tháng/năm, ví dụ 01/07/2025.", "Enter a date as day/month/year, e.g. 01/07/2025."},
		"admin.err.number":                {"Nhập một số.", "Enter a number."},
		"admin.err.forbidden":             {"Bạn không có quyền sửa mục này.", "You may not change this."},
	})
}
