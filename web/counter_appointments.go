package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// At-home service: anyone (an elderly or ill applicant, or someone for them) books an officer's
// visit at /dat-lich — procedure, name, phone, address, a working day and a time of day; the
// officers of the unit see the bookings at /can-bo/lich-hen, take the dossier in at the address
// (the intake form prefilled, the booking closed with the dossier's code) or cancel.

type bookingValues struct {
	Procedure, Unit, Name, Phone, Address, Day, Slot, Note string
}

type bookingData struct {
	Query    string
	Searched bool
	Results  []counterProc
	Proc     *catalog.Procedure
	Units    []counterOption
	UnitName string
	Days     []counterOption
	Slots    []counterOption
	F        bookingValues
}

// counterDayName writes a day with its weekday: "Thứ Ba, 03/03/2026".
func counterDayName(lang Lang, d calendar.Date) string {
	wd := d.Weekday()
	name := wd.String()
	if lang == Vietnamese {
		name = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}[wd]
	}
	return name + ", " + d.Time().Format("02/01/2006")
}

func (s *Server) bookingSetup(r *http.Request, p *catalog.Procedure, f bookingValues) (bookingData, error) {
	lang := langOf(r)
	data := bookingData{Proc: p, F: f}
	units, err := s.counterUnitNames(r)
	if err != nil {
		return data, err
	}
	if data.F.Unit == "" && len(p.UnitCodes) > 0 {
		data.F.Unit = p.UnitCodes[0]
	}
	for _, code := range p.UnitCodes {
		name := units[code].Name
		if name == "" {
			name = code
		}
		data.Units = append(data.Units, counterOption{Value: code, Label: name, Selected: code == data.F.Unit})
	}
	data.UnitName = units[data.F.Unit].Name
	days, err := s.store.AppointmentDays(r.Context())
	if err != nil {
		return data, err
	}
	for _, d := range days {
		data.Days = append(data.Days, counterOption{Value: d.String(), Label: counterDayName(lang, d), Selected: d.String() == data.F.Day})
	}
	for _, sl := range store.AppointmentSlots {
		data.Slots = append(data.Slots, counterOption{Value: sl, Label: strings.Replace(sl, "-", " – ", 1), Selected: sl == data.F.Slot})
	}
	return data, nil
}

func (s *Server) bookingPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	code := strings.TrimSpace(q.Get("thu-tuc"))
	if code == "" {
		data := bookingData{Query: strings.TrimSpace(q.Get("q"))}
		if len(data.Query) > 200 {
			data.Query = data.Query[:200]
		}
		if data.Query != "" {
			var err error
			if data.Results, err = s.findProcedures(r, data.Query); err != nil {
				s.counterInternal(w, r, "booking search", err)
				return
			}
			data.Searched = true
		}
		s.render(w, r, http.StatusOK, "counter_book", "counter.book.title", nil, data)
		return
	}
	p, err := s.store.Procedure(r.Context(), code)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return
	}
	if err != nil {
		s.counterInternal(w, r, "booking procedure", err)
		return
	}
	var f bookingValues
	if u, ok := s.currentUser(r); ok && u.Has(workflow.Citizen) {
		f.Name = u.FullName
	}
	data, err := s.bookingSetup(r, &p, f)
	if err != nil {
		s.counterInternal(w, r, "booking form", err)
		return
	}
	s.render(w, r, http.StatusOK, "counter_book", "counter.book.title", nil, data)
}

func (s *Server) bookingSubmit(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := bookingValues{Procedure: v("procedure"), Unit: v("unit"), Name: v("name"), Phone: v("phone"),
		Address: v("address"), Day: v("day"), Slot: v("slot"), Note: v("note")}
	p, err := s.store.Procedure(r.Context(), f.Procedure)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return
	}
	if err != nil {
		s.counterInternal(w, r, "booking procedure", err)
		return
	}
	data, err := s.bookingSetup(r, &p, f)
	if err != nil {
		s.counterInternal(w, r, "booking form", err)
		return
	}
	var errs FieldErrors
	add := func(field, key string) { errs = append(errs, FieldError{Field: field, Message: text(lang, key)}) }
	if !p.Implements(f.Unit) {
		add("unit", "counter.err.not_implementing_unit")
	}
	if f.Name == "" {
		add("name", "counter.err.name")
	} else if len(f.Name) > 200 {
		add("name", "counter.err.too_long")
	}
	if _, ok := store.NormalisePhone(f.Phone); !ok {
		add("phone", "counter.err.phone")
	}
	if f.Address == "" {
		add("address", "counter.err.address")
	} else if len(f.Address) > 500 {
		add("address", "counter.err.too_long")
	}
	day, derr := calendar.ParseDate(f.Day)
	switch {
	case f.Day == "":
		add("day", "counter.err.day")
	case derr != nil || !slices.ContainsFunc(data.Days, func(o counterOption) bool { return o.Value == f.Day }):
		add("day", "counter.err.not_working_day")
	}
	if !slices.Contains(store.AppointmentSlots, f.Slot) {
		add("slot-0", "counter.err.invalid_slot")
	}
	if len(f.Note) > 1000 {
		add("note", "counter.err.too_long")
	}
	if len(errs) == 0 {
		who, _ := s.currentUser(r)
		a, err := s.store.BookAppointment(r.Context(), who, store.Appointment{ProcedureCode: p.Code, UnitCode: f.Unit,
			Name: f.Name, Phone: f.Phone, Address: f.Address, Note: f.Note, Day: day, Slot: f.Slot})
		if err == nil {
			http.Redirect(w, r, "/dat-lich/da-dat?ma="+url.QueryEscape(a.Ref), http.StatusSeeOther)
			return
		}
		fe, ok := counterErr(lang, err, map[string]string{"name": "name", "phone": "phone", "address": "address",
			"day": "day", "slot": "slot-0", "unit_code": "unit", "note": "note"}, "name")
		if !ok {
			s.counterInternal(w, r, "book appointment", err)
			return
		}
		errs = FieldErrors{fe}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "counter_book", "counter.book.title", errs, data)
}

// bookingDone confirms a booking by its reference; it shows no personal data.
func (s *Server) bookingDone(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.AppointmentByRef(r.Context(), r.URL.Query().Get("ma"))
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return
	}
	if err != nil {
		s.counterInternal(w, r, "booking done", err)
		return
	}
	data := struct {
		A   store.Appointment
		Day string
	}{a, counterDayName(langOf(r), a.Day)}
	s.render(w, r, http.StatusOK, "counter_booked", "counter.booked.title", nil, data)
}

type appointmentRow struct {
	A        store.Appointment
	Day      string
	Status   string
	Tag      string
	CanClose bool
	CanTake  bool
	TakeURL  string
}

type appointmentsData struct {
	Rows     []appointmentRow
	Statuses []counterOption
	From     string
	Notice   string
	Problem  string
}

func (s *Server) appointmentsPage(w http.ResponseWriter, r *http.Request, u user.User) {
	lang := langOf(r)
	q := r.URL.Query()
	status := q.Get("trang-thai")
	if status == "" {
		status = store.AppointmentBooked
	}
	if status != store.AppointmentBooked && status != store.AppointmentDone && status != store.AppointmentCancelled && status != "all" {
		status = store.AppointmentBooked
	}
	data := appointmentsData{From: q.Get("tu-ngay")}
	from, err := calendar.ParseDate(data.From)
	if err != nil {
		from = calendar.DateOf(s.store.Now())
		data.From = from.String()
	}
	for _, st := range []string{store.AppointmentBooked, store.AppointmentDone, store.AppointmentCancelled, "all"} {
		data.Statuses = append(data.Statuses, counterOption{Value: st, Label: text(lang, "counter.appt.status."+st), Selected: st == status})
	}
	switch q.Get("kq") {
	case "ok":
		data.Notice = text(lang, "counter.appt.saved")
	case "loi":
		data.Problem = text(lang, "counter.err.appointment_closed")
	}
	f := store.AppointmentFilter{Status: status, From: from}
	if status == "all" {
		f.Status = ""
	}
	list, err := s.store.Appointments(r.Context(), u, f)
	if err != nil {
		s.counterInternal(w, r, "appointments", err)
		return
	}
	for _, a := range list {
		roles := u.RolesAt(a.UnitCode)
		row := appointmentRow{A: a, Day: counterDayName(lang, a.Day), Status: text(lang, "counter.appt.status."+a.Status)}
		row.Tag = map[string]string{store.AppointmentBooked: "soon", store.AppointmentDone: "ok", store.AppointmentCancelled: "plain"}[a.Status]
		open := a.Status == store.AppointmentBooked
		row.CanTake = open && slices.Contains(roles, workflow.IntakeOfficer)
		row.CanClose = open && (row.CanTake || slices.Contains(roles, workflow.CentreManager))
		row.TakeURL = "/can-bo/tiep-nhan/" + url.PathEscape(a.ProcedureCode) + "?lich-hen=" + strconv.FormatInt(a.ID, 10)
		data.Rows = append(data.Rows, row)
	}
	s.render(w, r, http.StatusOK, "counter_appointments", "counter.appt.title", nil, data)
}

func (s *Server) appointmentSet(w http.ResponseWriter, r *http.Request, u user.User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return
	}
	if err := s.store.SetAppointmentStatus(r.Context(), u, id, r.PostFormValue("status")); err != nil {
		switch motcua.ErrorCode(err) {
		case motcua.EINVALID, motcua.ECONFLICT:
			http.Redirect(w, r, "/can-bo/lich-hen?kq=loi", http.StatusSeeOther)
		default:
			s.counterInternal(w, r, "appointment status", err)
		}
		return
	}
	http.Redirect(w, r, "/can-bo/lich-hen?kq=ok", http.StatusSeeOther)
}

func init() {
	addMessages(map[string][2]string{
		"counter.book.title":            {"Đặt lịch tiếp nhận hồ sơ tại nhà", "Book an at-home intake"},
		"counter.book.lead":             {"Dành cho người cao tuổi, người ốm đau, người khuyết tật… Cán bộ sẽ đến địa chỉ của bạn để tiếp nhận hồ sơ. Không cần đăng nhập.", "For the elderly, the ill, people with disabilities… An officer comes to your address to take the dossier in. No sign-in needed."},
		"counter.book.find":             {"Bạn cần làm thủ tục gì?", "Which procedure do you need?"},
		"counter.book.choose":           {"Chọn thủ tục", "Choose the procedure"},
		"counter.book.change":           {"Chọn thủ tục khác", "Choose another procedure"},
		"counter.book.unit":             {"Cơ quan tiếp nhận", "Receiving agency"},
		"counter.book.name":             {"Họ và tên", "Full name"},
		"counter.book.phone":            {"Số điện thoại", "Phone number"},
		"counter.book.phone.hint":       {"Cán bộ gọi điện xác nhận trước khi đến.", "The officer calls to confirm before coming."},
		"counter.book.address":          {"Địa chỉ cán bộ đến tiếp nhận", "Address for the visit"},
		"counter.book.address.hint":     {"Số nhà, thôn/tổ, xã/phường.", "House number, village or street, commune or ward."},
		"counter.book.day":              {"Ngày hẹn", "Day"},
		"counter.book.day.hint":         {"Các ngày làm việc trong 30 ngày tới.", "Working days in the next 30 days."},
		"counter.book.day.choose":       {"— Chọn ngày —", "— Choose a day —"},
		"counter.book.slot":             {"Khung giờ", "Time of day"},
		"counter.book.note":             {"Ghi chú", "Note"},
		"counter.book.note.hint":        {"Ví dụ: đường vào nhà, giấy tờ bạn đã có.", "For example: how to find the house, papers you already have."},
		"counter.book.submit":           {"Đặt lịch", "Book"},
		"counter.booked.title":          {"Đã đặt lịch", "Appointment booked"},
		"counter.booked.ref":            {"Mã lịch hẹn", "Booking reference"},
		"counter.booked.lead":           {"Cán bộ sẽ gọi điện xác nhận trước khi đến. Hãy chuẩn bị các giấy tờ theo danh mục của thủ tục.", "The officer will call before coming. Have the procedure's papers ready."},
		"counter.booked.procedure":      {"Thủ tục", "Procedure"},
		"counter.booked.when":           {"Thời gian", "When"},
		"counter.booked.papers":         {"Xem giấy tờ cần chuẩn bị", "See the papers to prepare"},
		"counter.appt.title":            {"Lịch hẹn tiếp nhận tại nhà", "At-home appointments"},
		"counter.appt.filter":           {"Lọc", "Filter"},
		"counter.appt.status":           {"Trạng thái", "Status"},
		"counter.appt.from":             {"Từ ngày", "From"},
		"counter.appt.from.hint":        {"Dạng 2026-03-02.", "As 2026-03-02."},
		"counter.appt.none":             {"Không có lịch hẹn.", "No appointments."},
		"counter.appt.when":             {"Thời gian", "When"},
		"counter.appt.who":              {"Người hẹn", "Applicant"},
		"counter.appt.what":             {"Thủ tục", "Procedure"},
		"counter.appt.actions":          {"Xử lý", "Actions"},
		"counter.appt.take":             {"Tiếp nhận hồ sơ", "Take the dossier in"},
		"counter.appt.done":             {"Đã thực hiện", "Mark done"},
		"counter.appt.cancel":           {"Hủy lịch", "Cancel"},
		"counter.appt.saved":            {"Đã cập nhật lịch hẹn.", "Appointment updated."},
		"counter.appt.dossier":          {"Hồ sơ", "Dossier"},
		"counter.appt.handled":          {"bởi %s", "by %s"},
		"counter.appt.status.booked":    {"Chờ thực hiện", "Booked"},
		"counter.appt.status.done":      {"Đã thực hiện", "Done"},
		"counter.appt.status.cancelled": {"Đã hủy", "Cancelled"},
		"counter.appt.status.all":       {"Tất cả", "All"},
	})
}
