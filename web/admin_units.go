package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
)

// unitForm is the unit form as typed, kept on error.
type unitForm struct {
	Code, Name, Parent, Level, Sessions, Counters, Address, Phone string
}

func unitFormOf(u org.Unit) unitForm {
	return unitForm{Code: u.Code, Name: u.Name, Parent: u.ParentCode, Level: strconv.Itoa(u.Level),
		Sessions: u.Sessions, Counters: strings.Join(u.Counters, "\n"), Address: u.Address, Phone: u.Phone}
}

func readUnitForm(r *http.Request) unitForm {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return unitForm{Code: f("code"), Name: f("name"), Parent: f("parent"), Level: f("level"),
		Sessions: f("sessions"), Counters: r.PostFormValue("counters"), Address: f("address"), Phone: f("phone")}
}

// unit checks the form with messages in the user's language and returns the unit it describes.
func (a *adminReq) unitOf(f unitForm, withCode bool) (org.Unit, FieldErrors) {
	var errs FieldErrors
	add := func(field, key string) { errs = append(errs, FieldError{Field: field, Message: a.t(key)}) }
	u := org.Unit{Code: f.Code, Name: f.Name, ParentCode: f.Parent, Sessions: f.Sessions,
		Counters: lines(f.Counters), Address: f.Address, Phone: f.Phone}
	if withCode {
		if f.Code == "" {
			add("code", "admin.err.required")
		} else if org.ValidateCode(f.Code) != nil {
			add("code", "admin.err.invalid_agency_code")
		}
	}
	if f.Name == "" {
		add("name", "admin.err.required")
	}
	if n, err := strconv.Atoi(f.Level); err != nil || n < 1 || n > 4 {
		add("level", "admin.err.invalid_level")
	} else {
		u.Level = n
	}
	if f.Sessions != "" {
		if _, err := calendar.ParseSessions(f.Sessions); err != nil {
			add("sessions", "admin.err.invalid_sessions")
		}
	}
	return u, errs
}

// unitField maps a store error's field to the form's input.
func unitField(field string) string {
	switch field {
	case "parent_code":
		return "parent"
	case "":
		return "name"
	}
	return field
}

type unitsData struct {
	adminPage
	Tree []unitOption
}

func (s *Server) adminUnits(w http.ResponseWriter, r *http.Request, a *adminReq) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, "units", err)
		return
	}
	now := s.store.Now()
	s.render(w, r, http.StatusOK, "admin_units", "admin.units", nil, unitsData{a.page("units", r),
		unitTree(units, func(u org.Unit) bool { return u.ActiveAt(now) })})
}

type unitData struct {
	adminPage
	New         bool
	Unit        org.Unit
	Form        unitForm
	Parents     []unitOption // active units, for the parent selects
	History     []store.UnitParent
	ParentName  map[string]string
	CanCounters bool
	Active      bool
	Today       string
	Reparent    struct{ Parent, From string }
	DissolveAt  string
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request, a *adminReq, status int, d *unitData, errs FieldErrors) {
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.fail(w, r, "units", err)
		return
	}
	now := s.store.Now()
	d.ParentName = map[string]string{}
	for _, o := range unitTree(units, func(u org.Unit) bool { return u.ActiveAt(now) }) {
		d.ParentName[o.Code] = o.Name
		if o.Active && o.Code != d.Unit.Code {
			d.Parents = append(d.Parents, o)
		}
	}
	d.Today = calendar.DateOf(now).String()
	if d.Reparent.From == "" {
		d.Reparent.From = d.Today
	}
	title := "admin.unit.new"
	if !d.New {
		title = "admin.unit.title"
		d.Active = d.Unit.ActiveAt(now)
		d.CanCounters = a.Admin || a.Manages[d.Unit.Code]
		if d.History, err = s.store.UnitParents(r.Context(), d.Unit.Code); err != nil {
			s.fail(w, r, "unit parents", err)
			return
		}
	}
	s.render(w, r, status, "admin_unit", title, errs, d)
}

func (s *Server) adminUnitNew(w http.ResponseWriter, r *http.Request, a *adminReq) {
	d := &unitData{adminPage: a.page("units", r), New: true, Form: unitForm{Parent: r.URL.Query().Get("cha"), Level: "2"}}
	s.unitPage(w, r, a, http.StatusOK, d, nil)
}

func (s *Server) adminUnitCreate(w http.ResponseWriter, r *http.Request, a *adminReq) {
	f := readUnitForm(r)
	d := &unitData{adminPage: a.page("units", r), New: true, Form: f}
	u, errs := a.unitOf(f, true)
	if len(errs) == 0 {
		err := s.store.CreateUnit(r.Context(), u)
		if err != nil && !isInvalid(err) {
			s.fail(w, r, "create unit", err)
			return
		}
		if err == nil {
			http.Redirect(w, r, "/quan-tri/don-vi/"+url.PathEscape(u.Code)+"?ok=saved", http.StatusSeeOther)
			return
		}
		errs = FieldErrors{{Field: unitField(fieldOf(err)), Message: a.errText(err)}}
	}
	s.unitPage(w, r, a, http.StatusUnprocessableEntity, d, errs)
}

// loadUnit reads the unit of the path, or answers 404.
func (s *Server) loadUnit(w http.ResponseWriter, r *http.Request) (org.Unit, bool) {
	u, err := s.store.Unit(r.Context(), r.PathValue("code"))
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return u, false
	}
	if err != nil {
		s.fail(w, r, "unit", err)
		return u, false
	}
	return u, true
}

func (s *Server) adminUnit(w http.ResponseWriter, r *http.Request, a *adminReq) {
	u, ok := s.loadUnit(w, r)
	if !ok {
		return
	}
	s.unitPage(w, r, a, http.StatusOK, &unitData{adminPage: a.page("units", r), Unit: u, Form: unitFormOf(u)}, nil)
}

func (s *Server) adminUnitUpdate(w http.ResponseWriter, r *http.Request, a *adminReq) {
	old, ok := s.loadUnit(w, r)
	if !ok {
		return
	}
	f := readUnitForm(r)
	f.Code, f.Parent = old.Code, old.ParentCode
	d := &unitData{adminPage: a.page("units", r), Unit: old, Form: f}
	u, errs := a.unitOf(f, false)
	if len(errs) == 0 {
		err := s.store.UpdateUnit(r.Context(), u)
		if err != nil && !isInvalid(err) {
			s.fail(w, r, "update unit", err)
			return
		}
		if err == nil {
			http.Redirect(w, r, "/quan-tri/don-vi/"+url.PathEscape(u.Code)+"?ok=saved", http.StatusSeeOther)
			return
		}
		errs = FieldErrors{{Field: unitField(fieldOf(err)), Message: a.errText(err)}}
	}
	s.unitPage(w, r, a, http.StatusUnprocessableEntity, d, errs)
}

// adminUnitCounters is the centre manager's form: the counters of a unit they manage.
func (s *Server) adminUnitCounters(w http.ResponseWriter, r *http.Request, a *adminReq) {
	u, ok := s.loadUnit(w, r)
	if !ok {
		return
	}
	if !a.Admin && !a.Manages[u.Code] {
		s.errorPage(w, r, http.StatusForbidden, "error.forbidden")
		return
	}
	text := r.PostFormValue("counters")
	err := s.store.SetUnitCounters(r.Context(), a.User, u.Code, lines(text))
	switch {
	case err == nil:
		http.Redirect(w, r, "/quan-tri/don-vi/"+url.PathEscape(u.Code)+"?ok=saved", http.StatusSeeOther)
	case motcua.ErrorCode(err) == motcua.EFORBIDDEN:
		s.errorPage(w, r, http.StatusForbidden, "error.forbidden")
	case isInvalid(err):
		f := unitFormOf(u)
		f.Counters = text
		s.unitPage(w, r, a, http.StatusUnprocessableEntity, &unitData{adminPage: a.page("units", r), Unit: u, Form: f},
			FieldErrors{{Field: "counters", Message: a.errText(err)}})
	default:
		s.fail(w, r, "counters", err)
	}
}

func (s *Server) adminUnitReparent(w http.ResponseWriter, r *http.Request, a *adminReq) {
	u, ok := s.loadUnit(w, r)
	if !ok {
		return
	}
	d := &unitData{adminPage: a.page("units", r), Unit: u, Form: unitFormOf(u)}
	d.Reparent.Parent, d.Reparent.From = r.PostFormValue("parent"), strings.TrimSpace(r.PostFormValue("from"))
	var errs FieldErrors
	if d.Reparent.Parent == "" {
		errs = append(errs, FieldError{Field: "reparent-parent", Message: a.t("admin.err.required")})
	}
	from, ok := parseDay(d.Reparent.From)
	if !ok {
		errs = append(errs, FieldError{Field: "reparent-from", Message: a.t("admin.err.date")})
	}
	if len(errs) == 0 {
		err := s.store.ReparentUnit(r.Context(), u.Code, d.Reparent.Parent, from)
		if err != nil && !isInvalid(err) {
			s.fail(w, r, "reparent", err)
			return
		}
		if err == nil {
			http.Redirect(w, r, "/quan-tri/don-vi/"+url.PathEscape(u.Code)+"?ok=saved", http.StatusSeeOther)
			return
		}
		field := "reparent-parent"
		if fieldOf(err) == "from" {
			field = "reparent-from"
		}
		errs = FieldErrors{{Field: field, Message: a.errText(err)}}
	}
	s.unitPage(w, r, a, http.StatusUnprocessableEntity, d, errs)
}

func (s *Server) adminUnitDissolve(w http.ResponseWriter, r *http.Request, a *adminReq) {
	u, ok := s.loadUnit(w, r)
	if !ok {
		return
	}
	d := &unitData{adminPage: a.page("units", r), Unit: u, Form: unitFormOf(u), DissolveAt: strings.TrimSpace(r.PostFormValue("at"))}
	at, ok := parseDay(d.DissolveAt)
	var errs FieldErrors
	if !ok {
		errs = FieldErrors{{Field: "dissolve-at", Message: a.t("admin.err.date")}}
	} else if err := s.store.DissolveUnit(r.Context(), u.Code, at); err != nil {
		if !isInvalid(err) {
			s.fail(w, r, "dissolve", err)
			return
		}
		errs = FieldErrors{{Field: "dissolve-at", Message: a.errText(err)}}
	}
	if len(errs) == 0 {
		http.Redirect(w, r, "/quan-tri/don-vi/"+url.PathEscape(u.Code)+"?ok=saved", http.StatusSeeOther)
		return
	}
	s.unitPage(w, r, a, http.StatusUnprocessableEntity, d, errs)
}

// parseDay reads a day as a date input sends it (2025-07-01) or as people write it
// (01/07/2025), at midnight in Vietnam.
func parseDay(v string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, strings.TrimSpace(v), calendar.Zone); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// fieldOf is the field an application error names.
func fieldOf(err error) string {
	var e *motcua.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

func init() {
	addMessages(map[string][2]string{
		"admin.unit.title":         {"Đơn vị", "Unit"},
		"admin.unit.new":           {"Thêm đơn vị", "Add a unit"},
		"admin.unit.add":           {"Thêm đơn vị", "Add a unit"},
		"admin.unit.addchild":      {"Thêm đơn vị cấp dưới", "Add a sub-unit"},
		"admin.unit.code":          {"Mã định danh", "Agency code"},
		"admin.unit.code.hint":     {"Theo QCVN 102:2016, ví dụ 000.23.11.H56. Không sửa được sau khi tạo.", "As in QCVN 102:2016, e.g. 000.23.11.H56. It cannot be changed later."},
		"admin.unit.name":          {"Tên đơn vị", "Name"},
		"admin.unit.parent":        {"Đơn vị cấp trên", "Parent unit"},
		"admin.unit.noparent":      {"(Không có — cấp tỉnh)", "(None — the province)"},
		"admin.unit.level":         {"Cấp", "Level"},
		"admin.unit.level.1":       {"1 — Tỉnh", "1 — Province"},
		"admin.unit.level.2":       {"2 — Sở, ngành, huyện", "2 — Department, district"},
		"admin.unit.level.3":       {"3 — Xã, phường, thị trấn", "3 — Commune, ward"},
		"admin.unit.level.4":       {"4 — Khác", "4 — Other"},
		"admin.unit.sessions":      {"Buổi làm việc", "Office sessions"},
		"admin.unit.sessions.hint": {"Ví dụ 07:30-11:30,13:00-17:00. Để trống: giờ hành chính mặc định (07:30–11:30, 13:00–17:00).", "E.g. 07:30-11:30,13:00-17:00. Empty: the default office hours (07:30–11:30, 13:00–17:00)."},
		"admin.unit.counters":      {"Quầy tiếp nhận", "Counters"},
		"admin.unit.counters.hint": {"Mỗi dòng một quầy, ví dụ Quầy 1.", "One counter a line, e.g. Quầy 1."},
		"admin.unit.address":       {"Địa chỉ", "Address"},
		"admin.unit.phone":         {"Điện thoại", "Phone"},
		"admin.unit.status":        {"Tình trạng", "Status"},
		"admin.unit.active":        {"Đang hoạt động", "In service"},
		"admin.unit.dissolved":     {"Đã giải thể", "Dissolved"},
		"admin.unit.until":         {"Hoạt động đến hết ngày trước %s", "In service until the day before %s"},
		"admin.unit.details":       {"Thông tin đơn vị", "Unit details"},
		"admin.unit.reparent":      {"Chuyển sang đơn vị cấp trên khác", "Move under another parent"},
		"admin.unit.reparent.lead": {"Dùng khi sáp nhập, chia tách. Hồ sơ đã tiếp nhận vẫn thuộc đơn vị này; thống kê quá khứ giữ cấp trên cũ.", "For mergers and splits. Dossiers keep this unit; statistics of the past keep the former parent."},
		"admin.unit.newparent":     {"Đơn vị cấp trên mới", "New parent unit"},
		"admin.unit.from":          {"Có hiệu lực từ ngày", "In effect from"},
		"admin.unit.from.hint":     {"Không được sau hôm nay.", "Not after today."},
		"admin.unit.move":          {"Chuyển đơn vị", "Move the unit"},
		"admin.unit.history":       {"Các đơn vị cấp trên trước đây", "Former parents"},
		"admin.unit.dissolve":      {"Giải thể đơn vị", "Dissolve the unit"},
		"admin.unit.dissolve.lead": {"Từ ngày này đơn vị không nhận hồ sơ mới; hồ sơ đang giải quyết vẫn được xử lý đến cùng.", "From this day the unit receives no new dossiers; dossiers in progress are processed to the end."},
		"admin.unit.at":            {"Ngày không còn hoạt động", "First day out of service"},
		"admin.unit.choose":        {"— Chọn đơn vị —", "— Choose a unit —"},
		"admin.unit.tree":          {"Cây đơn vị", "Unit tree"},
	})
}
