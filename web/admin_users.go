package web

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// roleRow is one "role at unit" row of the account form; a form has the account's roles plus
// two empty rows, so roles can be added without JavaScript.
type roleRow struct {
	Index      int
	Role, Unit string
}

// roleRowsExtra is how many empty rows the form offers; maxRoleRows bounds what is read back.
const (
	roleRowsExtra = 2
	maxRoleRows   = 50
)

type userForm struct {
	Username, FullName string
	Rows               []roleRow
}

func rowsOf(rs []user.RoleAt) []roleRow {
	out := make([]roleRow, 0, len(rs)+roleRowsExtra)
	for i, r := range rs {
		out = append(out, roleRow{Index: i, Role: string(r.Role), Unit: r.Unit})
	}
	for i := 0; i < roleRowsExtra; i++ {
		out = append(out, roleRow{Index: len(out)})
	}
	return out
}

func readRoleRows(r *http.Request) []roleRow {
	var out []roleRow
	for i := 0; i < maxRoleRows; i++ {
		role, ok1 := r.PostForm["role-"+strconv.Itoa(i)]
		unit, ok2 := r.PostForm["unit-"+strconv.Itoa(i)]
		if !ok1 && !ok2 {
			break
		}
		row := roleRow{Index: i}
		if len(role) > 0 {
			row.Role = strings.TrimSpace(role[0])
		}
		if len(unit) > 0 {
			row.Unit = strings.TrimSpace(unit[0])
		}
		out = append(out, row)
	}
	return out
}

// roles checks the rows with messages next to the row at fault; empty rows are skipped.
func (a *adminReq) roles(rows []roleRow, known map[string]bool) ([]user.RoleAt, FieldErrors) {
	var out []user.RoleAt
	var errs FieldErrors
	for _, row := range rows {
		if row.Role == "" && row.Unit == "" {
			continue
		}
		role := workflow.Role(row.Role)
		rid, uid := fmt.Sprintf("role-%d", row.Index), fmt.Sprintf("unit-%d", row.Index)
		switch {
		case !role.Valid():
			errs = append(errs, FieldError{Field: rid, Message: a.t("admin.user.err.role")})
		case (role == workflow.Citizen || role == workflow.Administrator) && row.Unit != "":
			errs = append(errs, FieldError{Field: uid, Message: a.t("admin.user.err.nounit")})
		case role != workflow.Citizen && role != workflow.Administrator && row.Unit == "":
			errs = append(errs, FieldError{Field: uid, Message: a.t("admin.user.err.unit")})
		case row.Unit != "" && !known[row.Unit]:
			errs = append(errs, FieldError{Field: uid, Message: a.t("admin.err.unknown_unit")})
		default:
			out = append(out, user.RoleAt{Role: role, Unit: row.Unit})
		}
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, FieldError{Field: "role-0", Message: a.t("admin.user.err.norole")})
	}
	return out, errs
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,39}$`)

type usersData struct {
	adminPage
	Query    string
	Users    []user.User
	Total    int
	UnitName map[string]string
}

// maxUserRows bounds the list; a search narrows it.
const maxUserRows = 200

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request, a *adminReq) {
	all, err := s.store.ListUsers(r.Context(), a.User)
	if err != nil {
		s.fail(w, r, "users", err)
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 100 {
		q = q[:100]
	}
	d := usersData{adminPage: a.page("users", r), Query: q, UnitName: map[string]string{}}
	fq := catalog.Fold(q)
	for _, u := range all {
		if fq == "" || strings.Contains(catalog.Fold(u.Username+" "+u.FullName), fq) {
			d.Total++
			if len(d.Users) < maxUserRows {
				d.Users = append(d.Users, u)
			}
		}
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, "units", err)
		return
	}
	for _, u := range units {
		d.UnitName[u.Code] = u.Name
	}
	s.render(w, r, http.StatusOK, "admin_users", "admin.users", nil, d)
}

type userData struct {
	adminPage
	New      bool
	ID       int64
	Form     userForm
	Roles    []roleOption
	Units    []unitOption
	Password string // never echoed; kept empty
}

type roleOption struct{ Value, Label string }

func (s *Server) userPage(w http.ResponseWriter, r *http.Request, a *adminReq, status int, d *userData, errs FieldErrors) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, "units", err)
		return
	}
	now := s.store.Now()
	for _, o := range unitTree(units, func(u org.Unit) bool { return u.ActiveAt(now) }) {
		if o.Active {
			d.Units = append(d.Units, o)
		}
	}
	for _, role := range workflow.Roles {
		d.Roles = append(d.Roles, roleOption{string(role), a.t("admin.role." + string(role))})
	}
	title := "admin.user.new"
	if !d.New {
		title = "admin.user.title"
	}
	s.render(w, r, status, "admin_user", title, errs, d)
}

func (s *Server) knownUnits(r *http.Request) (map[string]bool, error) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	now := s.store.Now()
	m := map[string]bool{}
	for _, u := range units {
		if u.ActiveAt(now) {
			m[u.Code] = true
		}
	}
	return m, nil
}

func (s *Server) adminUserNew(w http.ResponseWriter, r *http.Request, a *adminReq) {
	s.userPage(w, r, a, http.StatusOK, &userData{adminPage: a.page("users", r), New: true,
		Form: userForm{Rows: rowsOf(nil)}}, nil)
}

func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request, a *adminReq) {
	f := userForm{Username: strings.TrimSpace(r.PostFormValue("username")), FullName: strings.TrimSpace(r.PostFormValue("full_name")),
		Rows: readRoleRows(r)}
	password := r.PostFormValue("password")
	var errs FieldErrors
	if !usernameRE.MatchString(f.Username) {
		errs = append(errs, FieldError{Field: "username", Message: a.t("admin.user.err.username")})
	}
	if f.FullName == "" {
		errs = append(errs, FieldError{Field: "full_name", Message: a.t("admin.err.required")})
	}
	if len([]rune(password)) < 8 {
		errs = append(errs, FieldError{Field: "password", Message: a.t("admin.err.password_too_short")})
	}
	known, err := s.knownUnits(r)
	if err != nil {
		s.fail(w, r, "units", err)
		return
	}
	roles, rerrs := a.roles(f.Rows, known)
	errs = append(errs, rerrs...)
	if len(errs) == 0 {
		id, err := s.store.AddUser(r.Context(), user.User{Username: f.Username, FullName: f.FullName, Roles: roles}, password)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/quan-tri/nguoi-dung/%d?ok=saved", id), http.StatusSeeOther)
			return
		}
		if !isInvalid(err) {
			s.fail(w, r, "add user", err)
			return
		}
		errs = FieldErrors{{Field: userField(fieldOf(err)), Message: a.errText(err)}}
	}
	if len(f.Rows) < roleRowsExtra {
		f.Rows = append(f.Rows, roleRow{Index: len(f.Rows)})
	}
	s.userPage(w, r, a, http.StatusUnprocessableEntity, &userData{adminPage: a.page("users", r), New: true, Form: f}, errs)
}

func userField(f string) string {
	switch f {
	case "roles", "unit":
		return "role-0"
	case "":
		return "username"
	}
	return f
}

// loadUser reads the account of the path, or answers 404.
func (s *Server) loadUser(w http.ResponseWriter, r *http.Request) (user.User, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return user.User{}, false
	}
	u, err := s.store.UserByID(r.Context(), id)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return u, false
	}
	if err != nil {
		s.fail(w, r, "user", err)
		return u, false
	}
	return u, true
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request, a *adminReq) {
	u, ok := s.loadUser(w, r)
	if !ok {
		return
	}
	s.userPage(w, r, a, http.StatusOK, &userData{adminPage: a.page("users", r), ID: u.ID,
		Form: userForm{Username: u.Username, FullName: u.FullName, Rows: rowsOf(u.Roles)}}, nil)
}

func (s *Server) adminUserUpdate(w http.ResponseWriter, r *http.Request, a *adminReq) {
	u, ok := s.loadUser(w, r)
	if !ok {
		return
	}
	f := userForm{Username: u.Username, FullName: strings.TrimSpace(r.PostFormValue("full_name")), Rows: readRoleRows(r)}
	var errs FieldErrors
	if f.FullName == "" {
		errs = append(errs, FieldError{Field: "full_name", Message: a.t("admin.err.required")})
	}
	known, err := s.knownUnits(r)
	if err != nil {
		s.fail(w, r, "units", err)
		return
	}
	// Units dissolved since the role was given stay acceptable for roles the account already has.
	for _, x := range u.Roles {
		if x.Unit != "" {
			known[x.Unit] = true
		}
	}
	roles, rerrs := a.roles(f.Rows, known)
	errs = append(errs, rerrs...)
	if u.ID == a.User.ID && len(rerrs) == 0 {
		keeps := false
		for _, x := range roles {
			keeps = keeps || x.Role == workflow.Administrator
		}
		if !keeps {
			errs = append(errs, FieldError{Field: "role-0", Message: a.t("admin.user.err.self")})
		}
	}
	if len(errs) == 0 {
		err := s.store.UpdateUser(r.Context(), u.ID, f.FullName, roles)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/quan-tri/nguoi-dung/%d?ok=saved", u.ID), http.StatusSeeOther)
			return
		}
		if !isInvalid(err) {
			s.fail(w, r, "update user", err)
			return
		}
		errs = FieldErrors{{Field: userField(fieldOf(err)), Message: a.errText(err)}}
	}
	s.userPage(w, r, a, http.StatusUnprocessableEntity, &userData{adminPage: a.page("users", r), ID: u.ID, Form: f}, errs)
}

func (s *Server) adminUserPassword(w http.ResponseWriter, r *http.Request, a *adminReq) {
	u, ok := s.loadUser(w, r)
	if !ok {
		return
	}
	err := s.store.SetPassword(r.Context(), u.ID, r.PostFormValue("password"))
	if err == nil && u.ID != a.User.ID {
		// A reset is often made because the password leaked: whoever used it is signed out.
		err = s.store.SignOutEverywhere(r.Context(), u.ID)
	}
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/quan-tri/nguoi-dung/%d?ok=saved-password", u.ID), http.StatusSeeOther)
		return
	}
	if !isInvalid(err) {
		s.fail(w, r, "set password", err)
		return
	}
	s.userPage(w, r, a, http.StatusUnprocessableEntity, &userData{adminPage: a.page("users", r), ID: u.ID,
		Form: userForm{Username: u.Username, FullName: u.FullName, Rows: rowsOf(u.Roles)}},
		FieldErrors{{Field: "password", Message: a.errText(err)}})
}

func init() {
	addMessages(map[string][2]string{
		"admin.user.title":         {"Tài khoản", "Account"},
		"admin.user.new":           {"Thêm tài khoản", "Add an account"},
		"admin.user.add":           {"Thêm tài khoản", "Add an account"},
		"admin.user.search":        {"Tìm theo tên đăng nhập hoặc họ tên", "Search by username or name"},
		"admin.user.count":         {"%d tài khoản", "%d accounts"},
		"admin.user.more":          {"Chỉ hiện %d tài khoản đầu; hãy tìm để thu hẹp.", "Only the first %d are shown; search to narrow the list."},
		"admin.user.username":      {"Tên đăng nhập", "Username"},
		"admin.user.username.hint": {"Chữ thường không dấu, số, dấu chấm, gạch: 2–40 ký tự. Không sửa được sau khi tạo.", "Lower-case letters, digits, dots, dashes: 2–40 characters. It cannot be changed later."},
		"admin.user.fullname":      {"Họ và tên", "Full name"},
		"admin.user.password":      {"Mật khẩu", "Password"},
		"admin.user.password.hint": {"Ít nhất 8 ký tự. Gửi cho người dùng qua kênh an toàn.", "At least 8 characters. Give it to the person over a safe channel."},
		"admin.user.roles":         {"Vai trò tại đơn vị", "Roles at units"},
		"admin.user.roles.hint":    {"Mỗi dòng một vai trò. Quản trị viên và công dân không chọn đơn vị. Để trống các dòng không dùng; lưu xong sẽ có thêm dòng trống.", "One role a row. Administrators and citizens take no unit. Leave unused rows empty; after saving, more empty rows appear."},
		"admin.user.role":          {"Vai trò", "Role"},
		"admin.user.unit":          {"Đơn vị", "Unit"},
		"admin.user.row":           {"Dòng %d", "Row %d"},
		"admin.user.norole":        {"— Không —", "— None —"},
		"admin.user.nounit":        {"— Không có đơn vị —", "— No unit —"},
		"admin.user.reset":         {"Đặt lại mật khẩu", "Reset the password"},
		"admin.user.newpassword":   {"Mật khẩu mới", "New password"},
		"admin.user.err.username":  {"Tên đăng nhập gồm 2–40 chữ thường không dấu, số, dấu chấm hoặc gạch.", "A username has 2–40 lower-case letters, digits, dots or dashes."},
		"admin.user.err.role":      {"Chọn một vai trò trong danh sách.", "Choose a role from the list."},
		"admin.user.err.unit":      {"Chọn đơn vị cho vai trò này.", "Choose the unit for this role."},
		"admin.user.err.nounit":    {"Vai trò này không gắn với đơn vị: chọn “Không có đơn vị”.", "This role takes no unit: choose “No unit”."},
		"admin.user.err.norole":    {"Chọn ít nhất một vai trò.", "Choose at least one role."},
		"admin.user.err.self":      {"Bạn không thể tự bỏ vai trò quản trị viên của mình.", "You cannot remove your own administrator role."},
	})
}
