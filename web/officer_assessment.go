package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/assessment"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// The dashboard's assessment on the nine criteria of Circular 01/2018/TT-VPCP, and the form at
// /can-bo/thong-ke/danh-gia where a unit's manager enters, month by month, the figures for
// criteria 5 to 8 that no dossier records. The store decides who may see and enter a unit's
// figures, as it does for the dashboard.

func (s *Server) routesAssessment() {
	s.mux.HandleFunc("GET /can-bo/thong-ke/danh-gia", s.statsViewer(s.assessmentForm))
	s.mux.HandleFunc("POST /can-bo/thong-ke/danh-gia", s.form(MaxForm, s.statsViewer(s.assessmentSave)))
}

// assessmentView is the dashboard's section.
type assessmentView struct {
	Rows    []assessmentRow
	Total   string // "12,5 / 18": the points of the criteria with data
	Grade   string // the grade, or why there is none yet
	Version string
	FormURL template.URL // the entry form for the month the period ends in
}

type assessmentRow struct {
	N       int
	Name    string
	Inputs  string // what the score was made of, in words
	Points  string // "1,5 / 2", or "" for no data
	Entered bool
}

// statsAssessmentFor scores f's unit and period, whose summary and step times the dashboard
// has, on the nine criteria.
func (s *Server) statsAssessmentFor(ctx context.Context, u user.User, f store.SummaryFilter, sum store.Summary, steps store.StepReport, lang Lang) (*assessmentView, error) {
	a, err := s.store.AssessmentFrom(ctx, u, f, sum, steps)
	if err != nil {
		return nil, err
	}
	sh := a.Sheet
	v := &assessmentView{Version: sh.Version, Total: formatNum(lang, sh.Total, 2) + outOf + formatNum(lang, sh.Max, 2)}
	for i, sc := range sh.Scores {
		row := assessmentRow{N: i + 1, Name: criterionName(lang, sc.Criterion), Inputs: assessmentInputs(lang, sc, a.Facts), Entered: sc.Entered}
		if sc.Points != nil {
			row.Points = formatNum(lang, *sc.Points, 2) + outOf + "2"
		}
		v.Rows = append(v.Rows, row)
	}
	if sh.Grade != "" {
		v.Grade = text(lang, "officer.assess.grade", text(lang, "officer.assess.grade."+sh.Grade))
	} else {
		v.Grade = text(lang, "officer.assess.ungraded", len(sh.NoData))
	}
	// The period's last month: the one its figures are most likely still missing for.
	month := f.To.Add(-time.Nanosecond).In(calendar.Zone).Format("2006-01")
	q := url.Values{"unit": {f.Unit}, "month": {month}}
	if f.IncludeChildren {
		q.Set("include_children", "1")
	}
	// Built by url.Values: safe as a URL, and escaping it again would break it.
	v.FormURL = template.URL("/can-bo/thong-ke/danh-gia?" + q.Encode())
	return v, nil
}

// outOf joins points and their maximum with no-break spaces, so "12 / 18" never breaks in a
// narrow column.
const outOf = "\u00a0/\u00a0"

// criterionName is the rules' (Vietnamese) name, or its English version.
func criterionName(lang Lang, c assessment.Criterion) string {
	if k := "officer.assess.name." + c.Key; lang == English && hasMessage(k) {
		return text(lang, k)
	}
	return c.Name
}

// assessmentInputs says in a line what a criterion's score was made of, or what it lacks.
func assessmentInputs(lang Lang, sc assessment.Score, f assessment.Facts) string {
	n := strconv.Itoa
	t := func(key string, args ...any) string { return text(lang, "officer.assess.in."+key, args...) }
	solved := f.Early + f.OnTime + f.Late
	switch sc.Key {
	case "time":
		if solved == 0 {
			return t("nosolved")
		}
		return t("time", n(f.Early), n(f.OnTime), n(f.Late), n(solved))
	case "agency_time":
		if f.Steps == 0 {
			return t("nosteps")
		}
		return t("agency_time", n(f.Steps), n(f.StepsOverBudget))
	case "returns":
		rounds := f.Rounds[0] + f.Rounds[1] + f.Rounds[2]
		if rounds == 0 {
			return t("nosolved")
		}
		return t("returns", n(rounds), n(f.Rounds[0]), n(f.Rounds[1]), n(f.Rounds[2]))
	case "contacts":
		if f.Received == 0 {
			return t("noreceived")
		}
		return t("contacts", n(f.Received), n(f.ReceivedOnline), n(f.Received-f.ReceivedOnline))
	case "one_stop":
		switch {
		case f.Procedures == 0:
			return t("noprocedures")
		case f.OneStop == nil:
			return t("one_stop.none", n(f.Procedures))
		}
		return t("one_stop", n(*f.OneStop), n(f.Procedures))
	case "published":
		if f.Paper == nil {
			return t("published.none", t(yesNo(f.Electronic)))
		}
		return t("published", t(yesNo(f.Electronic)), t(yesNo(*f.Paper)))
	case "attitude":
		switch {
		case f.Complaints == nil:
			return t("attitude.none")
		case solved == 0:
			return t("nosolved")
		}
		return t("attitude", n(*f.Complaints), n(f.Early), n(solved))
	case "feedback":
		switch {
		case f.Feedback == nil && f.FeedbackOnTime == nil:
			return t("feedback.none")
		case f.Feedback == nil || f.FeedbackOnTime == nil:
			return t("feedback.half")
		case *f.Feedback == 0:
			return t("feedback.zero")
		}
		return t("feedback", n(*f.FeedbackOnTime), n(*f.Feedback))
	case "online":
		switch {
		case f.Procedures == 0:
			return t("noprocedures")
		case f.Received == 0:
			return t("noreceived")
		}
		return t("online", n(f.OnlineProcedures), n(f.Procedures), n(f.ReceivedOnline), n(f.Received), n(f.LateOnline))
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// AssessmentSaved tells the dashboard to confirm the entries just saved: the form comes back to
// it with ok=danh-gia.
func (v *view) AssessmentSaved() bool {
	u, err := url.Parse(v.Path)
	return err == nil && u.Query().Get("ok") == "danh-gia"
}

// assessmentKeys are the entered figures in the form's order; store.AssessmentKeys bounds them.
var assessmentKeys = []string{"one_stop", "paper", "complaints", "feedback", "feedback_on_time"}

// assessmentCriterion is the criterion each entered figure scores.
var assessmentCriterion = map[string]string{"one_stop": "one_stop", "paper": "published", "complaints": "attitude",
	"feedback": "feedback", "feedback_on_time": "feedback"}

type assessmentFormData struct {
	Units     []statsUnitOption
	Unit      string
	Children  bool
	MonthText string    // as typed: YYYY-MM
	Shown     bool      // the unit and month are valid: the entry form is shown
	UnitName  string    // once shown
	Month     time.Time // once shown: its first day
	Groups    []assessmentGroup
	Back      template.URL // the dashboard for the unit's month
}

// assessmentGroup is a criterion's fields.
type assessmentGroup struct {
	Legend string
	Fields []assessmentField
}

type assessmentField struct {
	Key, Label, Hint, Value, Error string
	YesNo                          bool // paper: a yes / no / not entered choice
}

// assessmentTarget reads and checks the unit and month a request is about (the query of the
// GET, the hidden fields of the POST).
func (s *Server) assessmentTarget(ctx context.Context, u user.User, v url.Values, lang Lang) (assessmentFormData, FieldErrors, bool, error) {
	ui, err := s.unitInfo(ctx)
	if err != nil {
		return assessmentFormData{}, nil, false, err
	}
	d := assessmentFormData{Units: statsUnits(u, ui.list), Unit: v.Get("unit"), MonthText: strings.TrimSpace(v.Get("month"))}
	if len(d.Units) == 0 {
		return d, nil, false, nil
	}
	d.Children = v.Get("include_children") == "1"
	now := s.store.Now().In(calendar.Zone)
	if d.Unit == "" {
		d.Unit = d.Units[0].Code
	}
	if d.MonthText == "" {
		d.MonthText = now.Format("2006-01")
	}
	var errs FieldErrors
	if !slices.ContainsFunc(d.Units, func(o statsUnitOption) bool { return o.Code == d.Unit }) {
		errs = append(errs, FieldError{"unit", text(lang, "officer.stats.error.unit")})
	}
	month, err := time.ParseInLocation("2006-01", d.MonthText, calendar.Zone)
	switch {
	case err != nil:
		errs = append(errs, FieldError{"month", text(lang, "officer.assess.err.month")})
	case month.After(now):
		errs = append(errs, FieldError{"month", text(lang, "officer.assess.err.future")})
	}
	if len(errs) > 0 {
		return d, errs, true, nil
	}
	d.Shown, d.UnitName, d.Month = true, ui.name(d.Unit), month
	from, to := monthOf(calendar.DateOf(month))
	back := statsPeriod{Unit: d.Unit, Children: d.Children, From: from, To: to}
	d.Back = template.URL("/can-bo/thong-ke?" + back.query().Encode())
	return d, nil, true, nil
}

// fill lays out the fields with their values and errors, under the criteria they score.
func (d *assessmentFormData) fill(lang Lang, values map[string]string, errs FieldErrors) {
	rules, err := assessment.For(d.Month)
	names := map[string]string{}
	if err == nil {
		for i, c := range rules.Criteria {
			names[c.Key] = text(lang, "officer.assess.criterion.n", i+1, criterionName(lang, c))
		}
	}
	d.Groups = nil
	for _, k := range assessmentKeys {
		f := assessmentField{Key: k, Label: text(lang, "officer.assess.field."+k), Hint: text(lang, "officer.assess.hint."+k),
			Value: values[k], Error: errs.For(k), YesNo: k == "paper"}
		c := assessmentCriterion[k]
		if n := len(d.Groups); n > 0 && assessmentCriterion[d.Groups[n-1].Fields[0].Key] == c {
			d.Groups[n-1].Fields = append(d.Groups[n-1].Fields, f)
			continue
		}
		d.Groups = append(d.Groups, assessmentGroup{Legend: names[c], Fields: []assessmentField{f}})
	}
}

func (s *Server) assessmentForm(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx, lang := r.Context(), langOf(r)
	d, errs, ok, err := s.assessmentTarget(ctx, u, r.URL.Query(), lang)
	switch {
	case err != nil:
		s.assessmentFail(w, r, err)
		return
	case !ok:
		s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
		return
	case len(errs) > 0:
		s.render(w, r, http.StatusUnprocessableEntity, "assessment_form", "officer.assess.form.title", errs, d)
		return
	}
	entries, err := s.store.AssessmentEntries(ctx, u, d.Unit, d.Month)
	if err != nil {
		s.assessmentFail(w, r, err)
		return
	}
	values := map[string]string{}
	for k, v := range entries {
		values[k] = strconv.FormatInt(v, 10)
	}
	d.fill(lang, values, nil)
	s.render(w, r, http.StatusOK, "assessment_form", "officer.assess.form.title", nil, d)
}

// assessmentSave records the month's figures: an empty field clears that figure; anything that
// is not a whole number refuses the lot, so the month is never half saved.
func (s *Server) assessmentSave(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx, lang := r.Context(), langOf(r)
	d, errs, ok, err := s.assessmentTarget(ctx, u, r.PostForm, lang)
	switch {
	case err != nil:
		s.assessmentFail(w, r, err)
		return
	case !ok:
		s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
		return
	case len(errs) > 0:
		s.render(w, r, http.StatusUnprocessableEntity, "assessment_form", "officer.assess.form.title", errs, d)
		return
	}
	typed := map[string]string{}
	values := map[string]*int64{}
	for _, k := range assessmentKeys {
		typed[k] = strings.TrimSpace(r.PostFormValue(k))
		if typed[k] == "" {
			values[k] = nil
			continue
		}
		n, err := strconv.ParseInt(typed[k], 10, 64)
		if err != nil {
			errs = append(errs, FieldError{k, text(lang, "officer.assess.err.number", text(lang, "officer.assess.field."+k))})
			continue
		}
		values[k] = &n
	}
	if len(errs) == 0 {
		err := s.store.PutAssessmentEntries(ctx, u, d.Unit, d.Month, values)
		if err == nil {
			http.Redirect(w, r, string(d.Back)+"&ok=danh-gia#assessment", http.StatusSeeOther)
			return
		}
		var e *motcua.Error
		if !errors.As(err, &e) || e.Code != motcua.EINVALID || !slices.Contains(assessmentKeys, e.Field) {
			s.assessmentFail(w, r, err)
			return
		}
		errs = FieldErrors{{e.Field, assessmentErrText(lang, e)}}
	}
	d.fill(lang, typed, errs)
	s.render(w, r, http.StatusUnprocessableEntity, "assessment_form", "officer.assess.form.title", errs, d)
}

// assessmentErrText says what the store refused, in the page's language, naming the field: the
// same words head the page's error summary.
func assessmentErrText(lang Lang, e *motcua.Error) string {
	switch {
	case e.Key == "out_of_range" && e.Field == "paper":
		return text(lang, "officer.assess.err.paper", text(lang, "officer.assess.field.paper"))
	case e.Key == "out_of_range":
		return text(lang, "officer.assess.err.range", text(lang, "officer.assess.field."+e.Field), strconv.FormatInt(store.AssessmentKeys[e.Field], 10))
	case e.Key == "more_than_feedback":
		return text(lang, "officer.assess.err.more_than_feedback")
	}
	return e.Message
}

func (s *Server) assessmentFail(w http.ResponseWriter, r *http.Request, err error) {
	if motcua.ErrorCode(err) == motcua.EFORBIDDEN {
		s.errorPage(w, r, http.StatusForbidden, "officer.stats.forbidden")
		return
	}
	s.log.Error("assessment entries", "err", err)
	s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
}

func init() {
	addMessages(map[string][2]string{
		"officer.assess.title":   {"Đánh giá theo Thông tư 01/2018/TT-VPCP", "Assessment under Circular 01/2018/TT-VPCP"},
		"officer.assess.caption": {"Chín tiêu chí đánh giá việc giải quyết thủ tục hành chính, mỗi tiêu chí tối đa 2 điểm", "The nine criteria of the handling of administrative procedures, 2 points each at most"},
		"officer.assess.n":       {"STT", "No."},
		"officer.assess.col":     {"Tiêu chí", "Criterion"},
		"officer.assess.inputs":  {"Số liệu", "Inputs"},
		"officer.assess.points":  {"Điểm", "Points"},
		"officer.assess.total":   {"Tổng điểm các tiêu chí có dữ liệu", "Total of the criteria with data"},
		"officer.assess.nodata":  {"Chưa có dữ liệu", "No data"},
		"officer.assess.entered": {"(nhập tay)", "(entered)"},
		"officer.assess.grade":   {"Xếp loại: %s", "Grade: %s"},
		"officer.assess.ungraded": {"Chưa xếp loại: còn %d tiêu chí chưa có dữ liệu",
			"Not graded: no data yet for %d of the nine criteria"},
		"officer.assess.grade.excellent": {"Rất tốt", "Very good"},
		"officer.assess.grade.good":      {"Tốt", "Good"},
		"officer.assess.grade.fair":      {"Khá", "Fair"},
		"officer.assess.grade.average":   {"Trung bình", "Average"},
		"officer.assess.grade.weak":      {"Yếu", "Weak"},
		"officer.assess.enter":           {"Nhập số liệu tiêu chí 5–8", "Enter the figures of criteria 5–8"},
		"officer.assess.saved":           {"Đã lưu số liệu nhập tay. Điểm dưới đây đã tính theo số liệu mới.", "Saved. The scores below use the new figures."},
		"officer.assess.note": {"Quy tắc chấm: %s. Mỗi tiêu chí 2, 1 hoặc 0 điểm (điểm của đơn vị là trung bình của các hồ sơ). Tiêu chí 1–4 và 9 tính từ hồ sơ; tiêu chí 5–8 từ số liệu lãnh đạo đơn vị nhập hằng tháng. Tiêu chí chưa có dữ liệu không được tính vào tổng, và chỉ xếp loại khi đủ chín tiêu chí.",
			"Rules: %s. Each criterion scores 2, 1 or 0 (a unit's score is the average of its dossiers'). Criteria 1–4 and 9 come from the dossiers; 5–8 from the figures the unit's managers enter each month. Criteria without data are left out of the total, and there is a grade only once all nine have data."},

		"officer.assess.name.time":        {"", "Total processing time against the legal time"},
		"officer.assess.name.agency_time": {"", "Time taken by each agency (coordination included) against its budget"},
		"officer.assess.name.returns":     {"", "Times the applicant had to come back to complete the dossier"},
		"officer.assess.name.contacts":    {"", "Agencies the applicant had to deal with"},
		"officer.assess.name.one_stop":    {"", "Procedures handled end to end at the one-stop desk"},
		"officer.assess.name.published":   {"", "Procedures made public (on paper and online)"},
		"officer.assess.name.attitude":    {"", "Conduct of the staff (complaints found true)"},
		"officer.assess.name.feedback":    {"", "Feedback and petitions answered on time"},
		"officer.assess.name.online":      {"", "Online public services"},

		"officer.assess.in.time":           {"Trước hạn %s, đúng hạn %s, quá hạn %s trên %s hồ sơ đã giải quyết", "Early %s, on time %s, late %s of %s solved dossiers"},
		"officer.assess.in.agency_time":    {"%s bước xử lý, %s bước vượt thời gian quy định", "%s steps, %s of them over their time budget"},
		"officer.assess.in.returns":        {"%s hồ sơ đã giải quyết: không phải bổ sung %s, bổ sung một lần %s, từ hai lần trở lên %s", "%s solved dossiers: no supplement %s, one %s, two or more %s"},
		"officer.assess.in.contacts":       {"%s hồ sơ tiếp nhận: %s nộp trực tuyến, %s tại Bộ phận Một cửa", "%s dossiers received: %s online, %s at the one-stop desk"},
		"officer.assess.in.one_stop":       {"%s trên %s thủ tục giải quyết trọn vẹn tại Bộ phận Một cửa", "%s of %s procedures handled end to end at the one-stop desk"},
		"officer.assess.in.one_stop.none":  {"Đơn vị có %s thủ tục; chưa nhập số thủ tục giải quyết trọn vẹn tại Bộ phận Một cửa", "The unit has %s procedures; how many are handled end to end at the desk is not entered"},
		"officer.assess.in.published":      {"Công khai điện tử: %s; niêm yết bằng giấy: %s", "Published online: %s; on paper: %s"},
		"officer.assess.in.published.none": {"Công khai điện tử: %s; chưa nhập việc niêm yết bằng giấy", "Published online: %s; on paper: not entered"},
		"officer.assess.in.yes":            {"có", "yes"},
		"officer.assess.in.no":             {"không", "no"},
		"officer.assess.in.attitude":       {"%s phản ánh về thái độ được xác minh đúng; %s hồ sơ trước hạn trên %s hồ sơ đã giải quyết", "%s complaints found true; %s early of %s solved dossiers"},
		"officer.assess.in.attitude.none":  {"Chưa nhập số phản ánh về thái độ cán bộ đã được xác minh", "Complaints about staff found true: not entered"},
		"officer.assess.in.feedback":       {"%s trên %s phản ánh, kiến nghị được xử lý đúng hạn", "%s of %s feedback and petitions answered on time"},
		"officer.assess.in.feedback.zero":  {"Không có phản ánh, kiến nghị nào", "No feedback or petition"},
		"officer.assess.in.feedback.none":  {"Chưa nhập số phản ánh, kiến nghị", "Feedback and petitions: not entered"},
		"officer.assess.in.feedback.half":  {"Chưa nhập đủ: cần cả số phản ánh, kiến nghị đã tiếp nhận và số đã xử lý đúng hạn", "Not complete: both the feedback received and that answered on time are needed"},
		"officer.assess.in.online":         {"%s trên %s thủ tục có dịch vụ công trực tuyến; %s trên %s hồ sơ nộp trực tuyến, %s hồ sơ trực tuyến quá hạn", "%s of %s procedures offered online; %s of %s dossiers submitted online, %s online ones late"},
		"officer.assess.in.nosolved":       {"Chưa có hồ sơ giải quyết xong trong kỳ", "No dossier solved in the period"},
		"officer.assess.in.nosteps":        {"Chưa có bước xử lý nào hoàn thành trong kỳ", "No step completed in the period"},
		"officer.assess.in.noreceived":     {"Chưa tiếp nhận hồ sơ nào trong kỳ", "No dossier received in the period"},
		"officer.assess.in.noprocedures":   {"Đơn vị không thực hiện thủ tục nào trong danh mục", "The unit carries out no procedure of the catalogue"},

		"officer.assess.form.title": {"Nhập số liệu tiêu chí 5–8 (Thông tư 01/2018/TT-VPCP)", "Figures of criteria 5–8 (Circular 01/2018/TT-VPCP)"},
		"officer.assess.form.lead": {"Số liệu chỉ đơn vị nắm được, dùng để chấm tiêu chí 5 đến 8. Lãnh đạo đơn vị, quản lý Trung tâm nhập theo từng tháng.",
			"Figures only the unit knows, which score criteria 5 to 8. The unit's leaders and centre managers enter them month by month."},
		"officer.assess.form.back":    {"Về trang thống kê", "Back to the statistics"},
		"officer.assess.form.choose":  {"Đơn vị và tháng", "Unit and month"},
		"officer.assess.form.month":   {"Tháng", "Month"},
		"officer.assess.form.monthh":  {"Năm-tháng, ví dụ 2026-03.", "Year-month, e.g. 2026-03."},
		"officer.assess.form.show":    {"Xem số liệu đã nhập", "Show the entries"},
		"officer.assess.form.heading": {"%s, tháng %s", "%s, %s"},
		"officer.assess.form.empty":   {"Ô để trống là chưa nhập: nếu tháng này đã có số ở ô đó, số đó sẽ bị xóa.", "An empty field is not entered: a figure this month already has there is removed."},
		"officer.assess.form.save":    {"Lưu số liệu", "Save the figures"},
		"officer.assess.criterion.n":  {"Tiêu chí %d: %s", "Criterion %d: %s"},
		"officer.assess.field.one_stop": {"Số thủ tục giải quyết trọn vẹn tại Bộ phận Một cửa",
			"Procedures handled end to end at the one-stop desk"},
		"officer.assess.field.paper": {"Đã niêm yết công khai thủ tục bằng giấy tại Bộ phận Một cửa",
			"Procedures posted on paper at the one-stop desk"},
		"officer.assess.field.complaints": {"Số phản ánh về thái độ cán bộ đã được xác minh đúng",
			"Complaints about staff conduct found true"},
		"officer.assess.field.feedback":         {"Số phản ánh, kiến nghị đã tiếp nhận", "Feedback and petitions received"},
		"officer.assess.field.feedback_on_time": {"Số phản ánh, kiến nghị đã xử lý đúng hạn", "Feedback and petitions answered on time"},
		"officer.assess.hint.one_stop": {"Áp dụng từ tháng này đến khi nhập lại; để trống thì dùng số đã nhập gần nhất trước tháng này.",
			"Holds from this month until entered again; empty, the latest figure entered before this month holds."},
		"officer.assess.hint.paper": {"Áp dụng từ tháng này đến khi nhập lại; để trống thì dùng lựa chọn gần nhất trước tháng này.",
			"Holds from this month until entered again; empty, the latest choice before this month holds."},
		"officer.assess.hint.complaints": {"Số của riêng tháng này; kỳ nhiều tháng cộng các tháng lại.",
			"This month's own count; a period of several months adds the months up."},
		"officer.assess.hint.feedback": {"Số của riêng tháng này; kỳ nhiều tháng cộng các tháng lại.",
			"This month's own count; a period of several months adds the months up."},
		"officer.assess.hint.feedback_on_time": {"Không lớn hơn số phản ánh, kiến nghị đã tiếp nhận trong tháng.",
			"No more than the feedback and petitions received in the month."},
		"officer.assess.paper.unset": {"Chưa nhập", "Not entered"},
		"officer.assess.paper.yes":   {"Có, đã niêm yết", "Yes, posted"},
		"officer.assess.paper.no":    {"Chưa niêm yết", "Not posted"},

		"officer.assess.err.month":              {"Nhập tháng theo dạng năm-tháng, ví dụ 2026-03.", "Enter the month as year-month, e.g. 2026-03."},
		"officer.assess.err.future":             {"Chưa đến tháng này: chỉ nhập cho tháng hiện tại hoặc các tháng đã qua.", "That month has not come yet: enter figures for this month or past ones."},
		"officer.assess.err.number":             {"%s: nhập một số nguyên không âm, ví dụ 12, hoặc để trống.", "%s: enter a whole number, e.g. 12, or leave it empty."},
		"officer.assess.err.range":              {"%s: nhập một số từ 0 đến %s.", "%s: enter a number from 0 to %s."},
		"officer.assess.err.paper":              {"%s: chọn “Có, đã niêm yết”, “Chưa niêm yết” hoặc “Chưa nhập”.", "%s: choose “Yes, posted”, “Not posted” or “Not entered”."},
		"officer.assess.err.more_than_feedback": {"Số đã xử lý đúng hạn không được lớn hơn số phản ánh, kiến nghị đã tiếp nhận.", "The feedback answered on time cannot be more than the feedback received."},
	})
}
