package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/store"
)

// maxScheduleUpload bounds a holiday schedule upload; a real one is a few hundred bytes.
const maxScheduleUpload = 256 << 10

type dayRow struct {
	Date    calendar.Date
	Weekday int
	Lunar   string
}

type holidaysData struct {
	adminPage
	Loaded    []calendar.Schedule
	Year      int
	Source    string
	Off, Work []dayRow
	Body      string
}

func dayRows(ds []calendar.Date) []dayRow {
	out := make([]dayRow, 0, len(ds))
	for _, d := range ds {
		out = append(out, dayRow{Date: d, Weekday: int(d.Weekday()), Lunar: calendar.SolarToLunar(d).String()})
	}
	return out
}

func (s *Server) holidaysPage(w http.ResponseWriter, r *http.Request, a *adminReq, status int, d *holidaysData, errs FieldErrors) {
	var err error
	if d.Loaded, err = s.store.Schedules(r.Context()); err != nil {
		s.fail(w, r, "schedules", err)
		return
	}
	cal, err := s.store.Calendar(r.Context())
	if err != nil {
		s.fail(w, r, "calendar", err)
		return
	}
	sch := cal.Schedule(d.Year)
	d.Source, d.Off, d.Work = sch.Source, dayRows(sch.Off), dayRows(sch.Work)
	s.render(w, r, status, "admin_holidays", "admin.holidays", errs, d)
}

func (s *Server) adminHolidays(w http.ResponseWriter, r *http.Request, a *adminReq) {
	year := calendar.DateOf(s.store.Now()).Year
	if y, err := strconv.Atoi(r.URL.Query().Get("nam")); err == nil && y >= calendar.MinYear && y <= calendar.MaxYear {
		year = y
	}
	s.holidaysPage(w, r, a, http.StatusOK, &holidaysData{adminPage: a.page("holidays", r), Year: year}, nil)
}

// adminHolidaysLoad stores a year's official schedule, sent as a file or pasted.
func (s *Server) adminHolidaysLoad(w http.ResponseWriter, r *http.Request, a *adminReq) {
	body := r.PostFormValue("body")
	if f, _, err := r.FormFile("file"); err == nil {
		b, err := io.ReadAll(io.LimitReader(f, maxScheduleUpload))
		f.Close()
		if err == nil && len(bytes.TrimSpace(b)) > 0 {
			body = string(b)
		}
	}
	d := &holidaysData{adminPage: a.page("holidays", r), Year: calendar.DateOf(s.store.Now()).Year, Body: body}
	var msg string
	if strings.TrimSpace(body) == "" {
		msg = a.t("admin.hol.err.empty")
	} else if sch, err := calendar.ParseSchedule(strings.NewReader(body)); err != nil {
		msg = a.t("admin.hol.err.invalid", err.Error())
	} else if err := s.store.LoadSchedule(r.Context(), sch); err != nil {
		if !isInvalid(err) {
			s.fail(w, r, "load schedule", err)
			return
		}
		msg = a.t("admin.hol.err.invalid", a.errText(err))
	} else {
		http.Redirect(w, r, "/quan-tri/ngay-nghi?nam="+strconv.Itoa(sch.Year)+"&ok=saved-schedule", http.StatusSeeOther)
		return
	}
	s.holidaysPage(w, r, a, http.StatusUnprocessableEntity, d, FieldErrors{{Field: "file", Message: msg}})
}

type policiesData struct {
	adminPage
	List  []store.PolicyValue
	Names []string
	Form  struct{ Name, Value, From string }
}

func (s *Server) policiesPage(w http.ResponseWriter, r *http.Request, a *adminReq, status int, d *policiesData, errs FieldErrors) {
	var err error
	if d.List, err = s.store.Policies(r.Context()); err != nil {
		s.fail(w, r, "policies", err)
		return
	}
	d.Names = []string{store.PolicyMaxReschedules, store.PolicyTimelinessByInstant}
	s.render(w, r, status, "admin_policies", "admin.policies", errs, d)
}

func (s *Server) adminPolicies(w http.ResponseWriter, r *http.Request, a *adminReq) {
	d := &policiesData{adminPage: a.page("policies", r)}
	d.Form.Name, d.Form.From = store.PolicyMaxReschedules, calendar.DateOf(s.store.Now()).String()
	s.policiesPage(w, r, a, http.StatusOK, d, nil)
}

func (s *Server) adminPolicySet(w http.ResponseWriter, r *http.Request, a *adminReq) {
	d := &policiesData{adminPage: a.page("policies", r)}
	d.Form.Name, d.Form.Value, d.Form.From = r.PostFormValue("name"), strings.TrimSpace(r.PostFormValue("value")), strings.TrimSpace(r.PostFormValue("from"))
	var errs FieldErrors
	from, ok := parseDay(d.Form.From)
	if !ok {
		errs = append(errs, FieldError{Field: "from", Message: a.t("admin.err.date")})
	}
	if len(errs) == 0 {
		err := s.store.SetPolicy(r.Context(), store.PolicyValue{Name: d.Form.Name, Value: d.Form.Value, ValidFrom: from})
		if err == nil {
			http.Redirect(w, r, "/quan-tri/chinh-sach?ok=saved", http.StatusSeeOther)
			return
		}
		if !isInvalid(err) {
			s.fail(w, r, "set policy", err)
			return
		}
		field := fieldOf(err)
		if field == "valid_from" {
			field = "from"
		}
		errs = FieldErrors{{Field: field, Message: a.errText(err)}}
	}
	s.policiesPage(w, r, a, http.StatusUnprocessableEntity, d, errs)
}

func init() {
	addMessages(map[string][2]string{
		"admin.hol.loaded":                {"Lịch nghỉ đã nạp", "Loaded schedules"},
		"admin.hol.loaded.none":           {"Chưa nạp lịch nào; hệ thống dùng lịch có sẵn (2025, 2026) và quy tắc mặc định cho các năm khác.", "None loaded; the built-in schedules (2025, 2026) and the default rules for other years apply."},
		"admin.hol.year":                  {"Năm", "Year"},
		"admin.hol.source":                {"Nguồn", "Source"},
		"admin.hol.show":                  {"Xem năm", "Show year"},
		"admin.hol.effective":             {"Ngày nghỉ năm %d đang áp dụng", "Days off in force in %d"},
		"admin.hol.effective.lead":        {"Ngày nghỉ rơi vào thứ Hai–thứ Sáu (ngoài thứ Bảy, Chủ nhật), theo lịch đã nạp hoặc lịch có sẵn.", "Days off that fall Monday to Friday (besides Saturdays and Sundays), from the loaded or built-in schedule."},
		"admin.hol.work":                  {"Thứ Bảy, Chủ nhật đi làm bù", "Saturdays and Sundays worked"},
		"admin.hol.day":                   {"Ngày", "Day"},
		"admin.hol.weekday":               {"Thứ", "Weekday"},
		"admin.hol.lunar":                 {"Âm lịch", "Lunar date"},
		"admin.hol.builtin":               {"lịch có sẵn hoặc quy tắc mặc định", "built-in schedule or default rules"},
		"admin.hol.upload":                {"Nạp lịch nghỉ của một năm", "Load a year's schedule"},
		"admin.hol.upload.lead":           {"Theo thông báo chính thức. Lịch nạp thay cho lịch có sẵn của năm đó.", "From the official notice. It replaces the built-in schedule of that year."},
		"admin.hol.file":                  {"Tệp JSON", "JSON file"},
		"admin.hol.file.hint":             {"Dạng {\"year\":2027,\"off\":[\"2027-01-01\",…],\"work\":[…],\"source\":\"…\"}. Hoặc dán nội dung vào ô bên dưới.", "As {\"year\":2027,\"off\":[\"2027-01-01\",…],\"work\":[…],\"source\":\"…\"}. Or paste it into the box below."},
		"admin.hol.body":                  {"Hoặc dán nội dung JSON", "Or paste the JSON"},
		"admin.hol.submit":                {"Nạp lịch", "Load the schedule"},
		"admin.hol.err.empty":             {"Chọn tệp JSON hoặc dán nội dung lịch nghỉ.", "Choose a JSON file or paste the schedule."},
		"admin.hol.err.invalid":           {"Lịch nghỉ không hợp lệ: %s", "The schedule is not valid: %s"},
		"admin.wd.0":                      {"Chủ nhật", "Sunday"},
		"admin.wd.1":                      {"Thứ Hai", "Monday"},
		"admin.wd.2":                      {"Thứ Ba", "Tuesday"},
		"admin.wd.3":                      {"Thứ Tư", "Wednesday"},
		"admin.wd.4":                      {"Thứ Năm", "Thursday"},
		"admin.wd.5":                      {"Thứ Sáu", "Friday"},
		"admin.wd.6":                      {"Thứ Bảy", "Saturday"},
		"admin.pol.list":                  {"Các giá trị theo ngày hiệu lực", "Values by the day they take effect"},
		"admin.pol.name":                  {"Quy định", "Policy"},
		"admin.pol.value":                 {"Giá trị", "Value"},
		"admin.pol.from":                  {"Hiệu lực từ ngày", "In force from"},
		"admin.pol.from.hint":             {"Hồ sơ xử lý trước ngày này vẫn theo giá trị cũ.", "Dossiers acted on before that day keep the former value."},
		"admin.pol.set":                   {"Đặt giá trị mới", "Set a new value"},
		"admin.pol.max_reschedules":       {"Số lần gia hạn (xin lỗi, hẹn lại) tối đa mỗi hồ sơ", "Maximum reschedules (apology with a new date) per dossier"},
		"admin.pol.max_reschedules.hint":  {"Số nguyên; 0 là không giới hạn.", "A whole number; 0 means no limit."},
		"admin.pol.timeliness_by_instant": {"Phân loại hồ sơ đã giải quyết theo thời điểm (1) hay theo ngày (0)", "Classify finished dossiers by instant (1) or by date (0)"},
		"admin.pol.hint":                  {"Số lần gia hạn: số nguyên, 0 là không giới hạn. Phân loại theo thời điểm: 1 so giờ phút hoàn thành với giờ hẹn; 0 (mặc định) so ngày.", "Reschedules: a whole number, 0 means no limit. Classify by instant: 1 compares the finishing time with the due time; 0 (the default) compares dates."},
	})
}
