package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/workflow"
)

// stepRow is one row of the process form as typed.
type stepRow struct {
	Index                        int
	Key, Name, Role, Unit, Hours string
}

type templateData struct {
	adminPage
	Procedure  catalog.Procedure
	Custom     bool // the procedure has its own template (else the default one is shown)
	UseDefault bool
	Rows       []stepRow
	Roles      []roleOption
	Units      []unitOption
	LegalHours float64 // 0: the legal time is in calendar days, budgets are not compared
	Sum        float64
	Base       int
}

var stepKeyRE = regexp.MustCompile(`^[a-z0-9_-]{1,40}$`)

// maxSteps bounds the rows read back from the form.
const maxSteps = 40

func legalHours(p catalog.Procedure) float64 {
	if d, ok := p.TimeFor(catalog.InPerson); ok {
		if w, ok := d.WorkingTime(calendar.DefaultSessions); ok {
			return w.Hours()
		}
	}
	return 0
}

func (s *Server) templatePage(w http.ResponseWriter, r *http.Request, a *adminReq, status int, d *templateData, errs FieldErrors) {
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
	for _, role := range []workflow.Role{workflow.IntakeOfficer, workflow.ProcessingOfficer, workflow.Leader, workflow.Clerk, workflow.CentreManager} {
		d.Roles = append(d.Roles, roleOption{string(role), a.t("admin.role." + string(role))})
	}
	d.LegalHours = legalHours(d.Procedure)
	d.Custom = d.Procedure.Template != nil
	s.render(w, r, status, "admin_template", "admin.tpl.title", errs, d)
}

func (s *Server) adminTemplate(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p, ok := s.loadProcedure(w, r)
	if !ok {
		return
	}
	legal, _ := p.TimeFor(catalog.InPerson)
	t := p.Process(legal, calendar.DefaultSessions.Daily())
	d := &templateData{adminPage: a.page("procedures", r), Procedure: p, Base: p.Version}
	for i, st := range t.Steps {
		d.Rows = append(d.Rows, stepRow{Index: i, Key: st.Key, Name: st.Name, Role: string(st.Role), Unit: st.Unit,
			Hours: strconv.FormatFloat(st.BudgetHours, 'f', -1, 64)})
		d.Sum += st.BudgetHours
	}
	for i := 0; i < 2; i++ {
		d.Rows = append(d.Rows, stepRow{Index: len(d.Rows)})
	}
	s.templatePage(w, r, a, http.StatusOK, d, nil)
}

func (s *Server) adminTemplateSave(w http.ResponseWriter, r *http.Request, a *adminReq) {
	p, ok := s.loadProcedure(w, r)
	if !ok {
		return
	}
	d := &templateData{adminPage: a.page("procedures", r), Procedure: p, UseDefault: r.PostFormValue("default") != ""}
	d.Base, _ = strconv.Atoi(r.PostFormValue("base"))
	for i := 0; i < maxSteps; i++ {
		n := strconv.Itoa(i)
		if _, ok := r.PostForm["key-"+n]; !ok {
			break
		}
		v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k + "-" + n)) }
		d.Rows = append(d.Rows, stepRow{Index: i, Key: v("key"), Name: v("name"), Role: v("role"), Unit: v("unit"), Hours: v("hours")})
	}
	var errs FieldErrors
	var tpl *catalog.Template
	if !d.UseDefault {
		known, err := s.knownUnits(r)
		if err != nil {
			s.fail(w, r, "units", err)
			return
		}
		var t catalog.Template
		t, d.Sum, errs = a.templateOf(d.Rows, known, legalHours(p))
		tpl = &t
	}
	if len(errs) == 0 {
		p.Template = tpl
		v, err := s.store.SaveProcedure(r.Context(), p, d.Base)
		if err == nil {
			ok := "saved-version"
			if v == d.Base {
				ok = "saved-unchanged"
			}
			http.Redirect(w, r, "/quan-tri/thu-tuc/"+url.PathEscape(p.Code)+"/quy-trinh?ok="+ok, http.StatusSeeOther)
			return
		}
		if !isInvalid(err) {
			s.fail(w, r, "save template", err)
			return
		}
		errs = FieldErrors{{Field: "key-0", Message: a.errText(err)}}
	}
	s.templatePage(w, r, a, http.StatusUnprocessableEntity, d, errs)
}

// templateOf checks the rows with messages next to the field at fault, the rule on the sum of
// budgets next to the total, and finally catalog's own Validate, which the store relies on.
func (a *adminReq) templateOf(rows []stepRow, known map[string]bool, legal float64) (catalog.Template, float64, FieldErrors) {
	var t catalog.Template
	var errs FieldErrors
	var sum float64
	add := func(field, key string, args ...any) {
		errs = append(errs, FieldError{Field: field, Message: a.t(key, args...)})
	}
	seen := map[string]bool{}
	var used []stepRow
	for _, row := range rows {
		if row.Key == "" && row.Name == "" && row.Role == "" && row.Unit == "" && row.Hours == "" {
			continue
		}
		used = append(used, row)
		id := func(k string) string { return fmt.Sprintf("%s-%d", k, row.Index) }
		st := catalog.Step{Key: row.Key, Name: row.Name, Role: workflow.Role(row.Role), Unit: row.Unit}
		switch {
		case !stepKeyRE.MatchString(row.Key):
			add(id("key"), "admin.tpl.err.key")
		case seen[row.Key]:
			add(id("key"), "admin.tpl.err.dupkey")
		}
		seen[row.Key] = true
		if row.Name == "" {
			add(id("name"), "admin.err.required")
		}
		if !st.Role.Valid() || st.Role == workflow.Citizen || st.Role == workflow.Administrator {
			add(id("role"), "admin.tpl.err.role")
		}
		if row.Unit != catalog.AtReceiving && row.Unit != catalog.AtCompetent && !known[row.Unit] {
			add(id("unit"), "admin.tpl.err.unit")
		}
		h, ok := number(row.Hours)
		if row.Hours == "" {
			h, ok = 0, true
		}
		if !ok || h < 0 {
			add(id("hours"), "admin.tpl.err.hours")
		}
		st.BudgetHours = h
		sum += h
		t.Steps = append(t.Steps, st)
	}
	if len(errs) > 0 {
		return t, sum, errs
	}
	switch {
	case len(used) < 3:
		add("key-0", "admin.tpl.err.few")
	case t.Steps[0].Role != workflow.IntakeOfficer:
		add(fmt.Sprintf("role-%d", used[0].Index), "admin.tpl.err.first")
	case t.Steps[len(t.Steps)-1].Role != workflow.IntakeOfficer:
		add(fmt.Sprintf("role-%d", used[len(used)-1].Index), "admin.tpl.err.last")
	case legal > 0 && sum > legal+1e-9:
		add("budgets", "admin.tpl.err.sum", trimFloat(sum), trimFloat(legal))
	}
	if len(errs) == 0 {
		if err := t.Validate(legal); err != nil {
			errs = append(errs, FieldError{Field: "key-0", Message: err.Error()})
		}
	}
	return t, sum, errs
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func init() {
	addMessages(map[string][2]string{
		"admin.tpl.title":          {"Quy trình xử lý", "Process"},
		"admin.tpl.lead":           {"Các bước hồ sơ đi qua. Bước đầu (tiếp nhận) và bước cuối (trả kết quả) do cán bộ tiếp nhận thực hiện. Lưu sẽ tạo phiên bản mới của thủ tục.", "The steps a dossier goes through. The first (receive) and last (return) steps are taken by an intake officer. Saving creates a new version of the procedure."},
		"admin.tpl.isdefault":      {"Thủ tục đang dùng quy trình mặc định, chia theo thời hạn giải quyết. Sửa các bước bên dưới để dùng quy trình riêng.", "The procedure follows the default process, sized to its time limit. Change the steps below to give it its own."},
		"admin.tpl.usedefault":     {"Dùng quy trình mặc định (bỏ các bước bên dưới)", "Use the default process (ignore the steps below)"},
		"admin.tpl.steps":          {"Các bước", "Steps"},
		"admin.tpl.steps.hint":     {"Để trống cả dòng để bỏ bước. Cần thêm bước: lưu, sẽ có thêm dòng trống.", "Leave a whole row empty to drop a step. Need more rows: save, and empty rows are added."},
		"admin.tpl.step":           {"Bước %d", "Step %d"},
		"admin.tpl.key":            {"Mã bước", "Key"},
		"admin.tpl.name":           {"Tên bước", "Name"},
		"admin.tpl.role":           {"Vai trò thực hiện", "Role"},
		"admin.tpl.unit":           {"Đơn vị thực hiện", "Unit"},
		"admin.tpl.unit.receiving": {"Đơn vị tiếp nhận hồ sơ", "The receiving unit"},
		"admin.tpl.unit.competent": {"Đơn vị có thẩm quyền", "The competent unit"},
		"admin.tpl.hours":          {"Thời gian (giờ làm việc)", "Budget (working hours)"},
		"admin.tpl.choose":         {"— Chọn —", "— Choose —"},
		"admin.tpl.total":          {"Tổng thời gian các bước: %s giờ làm việc, thời hạn luật định: %s giờ làm việc (theo kênh trực tiếp, 8 giờ mỗi ngày).", "Sum of the steps' budgets: %s working hours; legal time: %s working hours (in-person channel, 8 hours a day)."},
		"admin.tpl.total.cal":      {"Tổng thời gian các bước: %s giờ làm việc. Thời hạn tính theo ngày lịch nên không so sánh.", "Sum of the steps' budgets: %s working hours. The legal time is in calendar days, so it is not compared."},
		"admin.tpl.err.key":        {"Mã bước gồm 1–40 chữ thường không dấu, số, gạch dưới hoặc gạch ngang.", "A key has 1–40 lower-case letters, digits, underscores or dashes."},
		"admin.tpl.err.dupkey":     {"Mã bước này đã dùng ở bước khác.", "Another step has this key."},
		"admin.tpl.err.role":       {"Chọn vai trò cán bộ thực hiện bước này.", "Choose the officer role that takes this step."},
		"admin.tpl.err.unit":       {"Chọn đơn vị thực hiện bước này.", "Choose the unit that takes this step."},
		"admin.tpl.err.hours":      {"Thời gian là số giờ làm việc, không âm.", "The budget is a number of working hours, not negative."},
		"admin.tpl.err.few":        {"Quy trình cần ít nhất 3 bước: tiếp nhận, ít nhất một bước xử lý, trả kết quả.", "A process needs at least 3 steps: receive, at least one processing step, return."},
		"admin.tpl.err.first":      {"Bước đầu tiên (tiếp nhận) phải do cán bộ tiếp nhận thực hiện.", "The first step (receive) must be taken by an intake officer."},
		"admin.tpl.err.last":       {"Bước cuối (trả kết quả) phải do cán bộ tiếp nhận thực hiện.", "The last step (return) must be taken by an intake officer."},
		"admin.tpl.err.sum":        {"Tổng thời gian các bước là %s giờ làm việc, vượt thời hạn luật định %s giờ.", "The steps' budgets add up to %s working hours, more than the legal %s."},
	})
}
