package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// The counter: intake at the desk with the case's checklist (counter_intake.go), the printed
// receipt, supplement and refusal slips (counter_slip.go), at-home appointments
// (counter_appointments.go), the kiosk keys of the counters (counter_kiosks.go) and the kiosk
// itself (kiosk.go, docs/kiosk.md).
func (s *Server) routesCounter() {
	s.mux.HandleFunc("GET /can-bo/tiep-nhan", s.officer(s.counterStart))
	s.mux.HandleFunc("POST /can-bo/tiep-nhan/quay", s.form(MaxForm, s.officer(s.counterTakeDesk)))
	s.mux.HandleFunc("GET /can-bo/tiep-nhan/{proc}", s.officer(s.counterForm))
	s.mux.HandleFunc("POST /can-bo/tiep-nhan/{proc}", s.form(MaxForm, s.officer(s.counterSubmit)))

	s.mux.HandleFunc("GET /can-bo/ho-so/{code}/giay-tiep-nhan", s.officer(s.counterSlip(slipReceipt)))
	s.mux.HandleFunc("GET /can-bo/ho-so/{code}/phieu-bo-sung", s.officer(s.counterSlip(slipSupplement)))
	s.mux.HandleFunc("GET /can-bo/ho-so/{code}/phieu-tu-choi", s.officer(s.counterSlip(slipRefusal)))
	s.mux.HandleFunc("GET /can-bo/ho-so/{code}/phieu/{file}", s.officer(s.slipPDF)) // {kind}.pdf, slip_pdf.go

	s.mux.HandleFunc("GET /dat-lich", s.bookingPage)
	s.mux.HandleFunc("POST /dat-lich", s.form(MaxForm, s.bookingSubmit))
	s.mux.HandleFunc("GET /dat-lich/da-dat", s.bookingDone)
	s.mux.HandleFunc("GET /can-bo/lich-hen", s.officer(s.appointmentsPage))
	s.mux.HandleFunc("POST /can-bo/lich-hen/{id}", s.form(MaxForm, s.officer(s.appointmentSet)))

	s.mux.HandleFunc("GET /can-bo/quay", s.counterSignedIn(s.kioskKeysPage))
	s.mux.HandleFunc("POST /can-bo/quay", s.form(MaxForm, s.counterSignedIn(s.kioskKeySubmit)))

	s.mux.HandleFunc("GET /kiosk/{counter}", s.kioskPage)
	s.mux.HandleFunc("POST /kiosk/{counter}/danh-gia", s.form(MaxForm, s.kioskRate))
	s.mux.HandleFunc("GET /kiosk/{counter}/ly-do", s.kioskReasonPage)
	s.mux.HandleFunc("POST /kiosk/{counter}/ly-do", s.form(MaxForm, s.kioskReason))
	s.mux.HandleFunc("GET /kiosk/{counter}/cam-on", s.kioskThanks)
}

// counterSignedIn wraps a page for any signed-in user (the kiosk keys page serves administrators,
// who are not officers); the handler checks the role.
func (s *Server) counterSignedIn(next func(http.ResponseWriter, *http.Request, user.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, u, ok := s.withUser(r)
		if !ok {
			next := r.URL.Path
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		next(w, r, u)
	}
}

// counterID names a counter in URLs: "{unit code}:{counter}", e.g. "000.00.01.H62:Quầy 1".
// Agency codes never contain a colon, so the first colon separates.
func counterID(unit, counter string) string { return unit + ":" + counter }

func parseCounterID(id string) (unit, counter string, ok bool) {
	unit, counter, ok = strings.Cut(id, ":")
	return unit, counter, ok && unit != "" && counter != ""
}

// counterPath is the kiosk's path for a counter, escaped for a URL.
func counterPath(unit, counter string) string {
	return "/kiosk/" + url.PathEscape(counterID(unit, counter))
}

// intakeUnits are the units where u is an intake officer.
func intakeUnits(u user.User) []string {
	var out []string
	for _, r := range u.Roles {
		if r.Role == workflow.IntakeOfficer && r.Unit != "" {
			out = append(out, r.Unit)
		}
	}
	return out
}

// counterDuration writes a processing time: "2 ngày làm việc", "4 working hours".
func counterDuration(lang Lang, d calendar.Duration) string {
	key := "counter.time.days"
	switch d.Unit {
	case calendar.WorkingHour:
		key = "counter.time.hours"
	case calendar.CalendarDay:
		key = "counter.time.calendar"
	}
	v := strconv.FormatFloat(d.Value, 'f', -1, 64)
	if lang == Vietnamese {
		v = strings.Replace(v, ".", ",", 1)
	}
	return v + " " + text(lang, key)
}

// counterChannel names a channel.
func counterChannel(lang Lang, c catalog.Channel) string {
	return text(lang, "counter.channel."+string(c))
}

// counterErr maps a store error to a field and a translated message: the store's field names
// (applicant.name …) become the form's input ids through fields.
func counterErr(lang Lang, err error, fields map[string]string, fallback string) (FieldError, bool) {
	var e *motcua.Error
	if !errors.As(err, &e) || (e.Code != motcua.EINVALID && e.Code != motcua.ECONFLICT) {
		return FieldError{}, false
	}
	id, ok := fields[e.Field]
	if !ok {
		id = fallback
	}
	msg := text(lang, "counter.err."+e.Key)
	if msg == "counter.err."+e.Key {
		msg = text(lang, "counter.err.invalid")
	}
	return FieldError{Field: id, Message: msg}, true
}

func init() {
	addMessages(map[string][2]string{
		"counter.time.days":       {"ngày làm việc", "working days"},
		"counter.time.hours":      {"giờ làm việc", "working hours"},
		"counter.time.calendar":   {"ngày", "days"},
		"counter.channel.counter": {"Trực tiếp", "In person"},
		"counter.channel.online":  {"Trực tuyến", "Online"},
		"counter.channel.post":    {"Bưu chính công ích", "By post"},
		"counter.optional":        {"(không bắt buộc)", "(optional)"},
		"counter.forbidden":       {"Trang này dành cho cán bộ tiếp nhận.", "This page is for intake officers."},
		"counter.notfound":        {"Không tìm thấy hồ sơ, hoặc bạn không có quyền xem.", "No such dossier, or you may not see it."},

		// Intake: start page and counters.
		"counter.start.title":        {"Tiếp nhận hồ sơ tại quầy", "Counter intake"},
		"counter.start.lead":         {"Chọn thủ tục, nhập thông tin người nộp, đánh dấu giấy tờ đã nhận, rồi tiếp nhận và in giấy hẹn.", "Choose the procedure, enter the applicant, tick the papers received, then receive and print the slip."},
		"counter.desk.title":         {"Quầy làm việc", "Your counter"},
		"counter.desk.at":            {"Bạn đang ngồi tại %s — %s, từ %s.", "You are at %s — %s since %s."},
		"counter.desk.none":          {"Bạn chưa nhận quầy. Máy tính bảng đánh giá trên quầy chỉ hiện tên bạn và hồ sơ bạn vừa xử lý sau khi bạn nhận quầy.", "You have not taken a counter. The rating tablet on the counter shows you and the dossier you just handled once you take it."},
		"counter.desk.choose":        {"Chọn quầy", "Choose a counter"},
		"counter.desk.take":          {"Nhận quầy", "Take this counter"},
		"counter.desk.leave":         {"Rời quầy", "Leave the counter"},
		"counter.desk.nocounters":    {"Đơn vị của bạn chưa khai báo quầy. Quản lý trung tâm khai báo quầy trong trang Quản trị.", "Your unit has no counters yet. A centre manager sets them up under Administration."},
		"counter.desk.taken":         {"Đã nhận quầy.", "You took the counter."},
		"counter.desk.left":          {"Đã rời quầy.", "You left the counter."},
		"counter.search.label":       {"Tìm thủ tục", "Find the procedure"},
		"counter.search.hint":        {"Tên, mã hoặc lĩnh vực; có thể gõ không dấu.", "Name, code or field; diacritics are optional."},
		"counter.search.button":      {"Tìm", "Search"},
		"counter.search.none":        {"Không tìm thấy thủ tục phù hợp.", "No procedure matches."},
		"counter.search.results":     {"Chọn thủ tục để tiếp nhận", "Choose the procedure to receive"},
		"counter.links.appointments": {"Lịch hẹn tiếp nhận tại nhà", "At-home appointments"},
		"counter.links.kiosks":       {"Máy đánh giá tại quầy", "Counter rating tablets"},

		// Intake: case choice and form.
		"counter.case.title":          {"Chọn trường hợp", "Choose the case"},
		"counter.case.legend":         {"Hồ sơ thuộc trường hợp nào?", "Which case is the dossier?"},
		"counter.case.continue":       {"Tiếp tục", "Continue"},
		"counter.form.title":          {"Tiếp nhận hồ sơ", "Receive a dossier"},
		"counter.form.procedure":      {"Thủ tục", "Procedure"},
		"counter.form.case":           {"Trường hợp", "Case"},
		"counter.form.changecase":     {"Đổi trường hợp", "Change the case"},
		"counter.form.legaltime":      {"Thời hạn giải quyết", "Processing time"},
		"counter.form.appointment":    {"Tiếp nhận theo lịch hẹn tại nhà %s.", "Intake for the at-home appointment %s."},
		"counter.form.unit":           {"Đơn vị tiếp nhận", "Receiving unit"},
		"counter.form.competent":      {"Đơn vị có thẩm quyền giải quyết", "Competent unit"},
		"counter.form.competent.hint": {"Bắt buộc khi đơn vị tiếp nhận không trực tiếp giải quyết thủ tục này.", "Required when the receiving unit does not itself handle this procedure."},
		"counter.form.competent.same": {"Chính đơn vị tiếp nhận", "The receiving unit itself"},
		"counter.form.applicant":      {"Người nộp hồ sơ", "Applicant"},
		"counter.form.name":           {"Họ và tên (hoặc tên tổ chức)", "Full name (or organisation)"},
		"counter.form.idnumber":       {"Số CCCD / mã số doanh nghiệp", "ID card / business number"},
		"counter.form.phone":          {"Số điện thoại", "Phone number"},
		"counter.form.email":          {"Email", "Email"},
		"counter.form.address":        {"Địa chỉ", "Address"},
		"counter.form.type":           {"Đối tượng", "Applicant type"},
		"counter.type.1":              {"Công dân", "Citizen"},
		"counter.type.2":              {"Doanh nghiệp", "Business"},
		"counter.type.3":              {"Cơ quan nhà nước", "State agency"},
		"counter.type.4":              {"Tổ chức khác", "Other organisation"},
		"counter.form.documents":      {"Giấy tờ đã nhận", "Papers received"},
		"counter.form.documents.hint": {"Đánh dấu từng giấy tờ người nộp đã đưa, và số bản chính, bản sao.", "Tick each paper handed in, with the number of originals and copies."},
		"counter.form.nodocuments":    {"Trường hợp này không có danh mục giấy tờ.", "This case lists no papers."},
		"counter.form.required":       {"bắt buộc", "required"},
		"counter.form.originals":      {"Bản chính", "Originals"},
		"counter.form.copies":         {"Bản sao", "Copies"},
		"counter.form.template":       {"mẫu", "form"},
		"counter.form.sets":           {"Số bộ hồ sơ", "Number of sets"},
		"counter.form.summary":        {"Trích yếu nội dung yêu cầu", "Summary of the request"},
		"counter.form.delivery":       {"Hình thức nhận kết quả", "How the result is collected"},
		"counter.delivery.counter":    {"Nhận trực tiếp tại Bộ phận Một cửa", "At the one-stop desk"},
		"counter.delivery.post":       {"Qua dịch vụ bưu chính công ích", "By public post"},
		"counter.delivery.online":     {"Trực tuyến (bản điện tử)", "Online (electronic copy)"},
		"counter.form.outside":        {"Tiếp nhận ngoài trụ sở hoặc ngoài giờ", "Intake outside the centre or after hours"},
		"counter.form.outside.hint":   {"Điền khi tiếp nhận tại nhà người dân, tại bệnh viện… hoặc ngoài giờ hành chính.", "Fill in for an intake at the applicant's home, in hospital… or after office hours."},
		"counter.form.place":          {"Nơi tiếp nhận", "Where"},
		"counter.form.placeat":        {"Thời điểm tiếp nhận", "When"},
		"counter.form.placeat.hint":   {"Ví dụ 02/03/2026 19:30.", "For example 02/03/2026 19:30."},
		"counter.form.decision":       {"Quyết định", "Decision"},
		"counter.form.reason":         {"Lý do (khi yêu cầu bổ sung hoặc từ chối)", "Reason (to ask for papers or refuse)"},
		"counter.form.reason.hint":    {"Giấy tờ chưa đánh dấu được ghi vào phiếu yêu cầu bổ sung.", "Papers left unticked go on the supplement request slip."},
		"counter.form.receive":        {"Tiếp nhận và in giấy hẹn", "Receive and print the slip"},
		"counter.form.supplement":     {"Yêu cầu bổ sung hồ sơ", "Ask for more papers"},
		"counter.form.refuse":         {"Từ chối tiếp nhận", "Refuse"},

		// Intake: errors.
		"counter.err.invalid":                 {"Giá trị không hợp lệ.", "This value is not valid."},
		"counter.err.name":                    {"Nhập họ và tên người nộp.", "Enter the applicant's name."},
		"counter.err.phone":                   {"Số điện thoại không đúng, ví dụ 0912 345 678.", "Enter a phone number like 0912 345 678."},
		"counter.err.email":                   {"Email không đúng, ví dụ ten@example.vn.", "Enter an email address like name@example.vn."},
		"counter.err.type":                    {"Chọn đối tượng.", "Choose the applicant type."},
		"counter.err.count":                   {"Số bản là số từ 0 đến 99.", "A count is a number from 0 to 99."},
		"counter.err.sets":                    {"Số bộ hồ sơ từ 1 đến 20.", "The number of sets is 1 to 20."},
		"counter.err.placeat":                 {"Thời điểm ghi theo dạng 02/03/2026 19:30.", "Write the time as 02/03/2026 19:30."},
		"counter.err.competent":               {"Chọn đơn vị có thẩm quyền giải quyết.", "Choose the competent unit."},
		"counter.err.unit":                    {"Chọn đơn vị tiếp nhận.", "Choose the receiving unit."},
		"counter.err.required_missing":        {"Còn giấy tờ bắt buộc chưa nhận: yêu cầu bổ sung hoặc từ chối.", "A required paper is missing: ask for it or refuse."},
		"counter.err.received_nothing":        {"Giấy tờ đã đánh dấu phải có ít nhất một bản.", "A ticked paper needs at least one copy."},
		"counter.err.required":                {"Nhập lý do.", "Enter the reason."},
		"counter.err.too_long":                {"Nội dung quá dài.", "This is too long."},
		"counter.err.future_time":             {"Thời điểm tiếp nhận không được ở tương lai.", "The intake cannot be in the future."},
		"counter.err.too_old":                 {"Chỉ ghi nhận lần tiếp nhận trong vòng 30 ngày.", "Record an intake within 30 days."},
		"counter.err.place":                   {"Nhập nơi tiếp nhận.", "Enter where the intake took place."},
		"counter.err.competent_unit_required": {"Đơn vị tiếp nhận không giải quyết thủ tục này: chọn đơn vị có thẩm quyền.", "The receiving unit does not handle this procedure: choose the competent unit."},
		"counter.err.not_implementing_unit":   {"Đơn vị này không giải quyết thủ tục.", "This unit does not handle the procedure."},
		"counter.err.unit_dissolved":          {"Đơn vị đã ngừng hoạt động.", "The unit is no longer in service."},
		"counter.err.unknown_unit":            {"Không có đơn vị này.", "No such unit."},
		"counter.err.channel_not_offered":     {"Thủ tục không nhận hồ sơ trực tiếp.", "This procedure is not taken in person."},
		"counter.err.appointment_closed":      {"Lịch hẹn đã đóng hoặc không thuộc đơn vị của bạn.", "The appointment is closed or not at your unit."},
		"counter.err.invalid_email":           {"Email không đúng, ví dụ ten@example.vn.", "Enter an email address like name@example.vn."},
		"counter.err.invalid_phone":           {"Số điện thoại không đúng, ví dụ 0912 345 678.", "Enter a phone number like 0912 345 678."},
		"counter.err.unknown_counter":         {"Không có quầy này.", "No such counter."},
		"counter.err.invalid_slot":            {"Chọn khung giờ.", "Choose a time of day."},
		"counter.err.not_working_day":         {"Chọn một ngày làm việc trong 30 ngày tới.", "Choose a working day in the next 30 days."},
		"counter.err.too_many_appointments":   {"Số điện thoại này đã có 3 lịch hẹn chưa thực hiện.", "This phone number already has 3 open appointments."},
		"counter.err.address":                 {"Nhập địa chỉ nơi cán bộ đến tiếp nhận.", "Enter the address the officer should come to."},
		"counter.err.day":                     {"Chọn ngày hẹn.", "Choose a day."},

		// Slips.
		"counter.slip.title":        {"Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Receipt and appointment slip"},
		"counter.slip.supplement":   {"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Request to complete the dossier"},
		"counter.slip.refusal":      {"Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Refusal to accept the dossier"},
		"counter.slip.print":        {"In phiếu: chọn In trong trình duyệt (Ctrl + P). Phiếu vừa một trang A4.", "Print: use the browser's Print (Ctrl + P). The slip fits one A4 page."},
		"counter.slip.again":        {"Tiếp nhận hồ sơ khác", "Receive another dossier"},
		"counter.slip.notreceived":  {"Hồ sơ chưa được tiếp nhận nên chưa có giấy hẹn.", "The dossier has not been received, so it has no appointment slip yet."},
		"counter.slip.nosupplement": {"Hồ sơ chưa có yêu cầu bổ sung.", "No papers were asked for this dossier."},
		"counter.slip.norefusal":    {"Hồ sơ không bị từ chối tiếp nhận.", "This dossier was not refused."},
	})
}
