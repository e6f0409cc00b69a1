package web

import (
	"strconv"
	"strings"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/workflow"
)

// The public portal: procedure search (home.go), procedure pages (portal_procedure.go) and
// dossier tracking (portal_track.go). Nothing here needs an account.
func (s *Server) routesPortal() {
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /thu-tuc/{code}", s.portalProcedure)
	s.mux.HandleFunc("GET /tra-cuu", s.portalTrack)
}

// portalLevelKey names a CAPTHUCHIEN level (0 ministry … 3 commune).
func portalLevelKey(l int) string {
	switch l {
	case 0:
		return "portal.level.0"
	case 1:
		return "portal.level.1"
	case 2:
		return "portal.level.2"
	case 3:
		return "portal.level.3"
	}
	return ""
}

func portalLevelNames(lang Lang, levels []int) string {
	var names []string
	for _, l := range levels {
		if k := portalLevelKey(l); k != "" {
			names = append(names, text(lang, k))
		}
	}
	return strings.Join(names, ", ")
}

// portalOnlineLevels are the filter's choices, in the order shown.
var portalOnlineLevels = []catalog.OnlineLevel{catalog.FullyOnline, catalog.PartlyOnline, catalog.InPersonOnly}

func portalOnlineKey(o catalog.OnlineLevel) string {
	switch o {
	case catalog.FullyOnline, catalog.PartlyOnline, catalog.InPersonOnly:
		return "portal.online." + string(o)
	}
	return ""
}

// portalOnlineTag is the colour of the online-level tag: the colours only repeat the text.
func portalOnlineTag(o catalog.OnlineLevel) string {
	switch o {
	case catalog.FullyOnline:
		return "ok"
	case catalog.PartlyOnline:
		return "soon"
	}
	return "plain"
}

func portalChannelKey(c catalog.Channel) string { return "portal.channel." + string(c) }

// number writes a value the way the language does: 0,5 in Vietnamese, 0.5 in English.
func portalNumber(lang Lang, v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if lang == Vietnamese {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// duration writes a processing time: "15 ngày làm việc", "0.5 working days", "4 working hours".
func portalDuration(lang Lang, d calendar.Duration) string {
	unit := "portal.time.days"
	switch d.Unit {
	case calendar.WorkingHour:
		unit = "portal.time.hours"
	case calendar.CalendarDay:
		unit = "portal.time.calendar"
	}
	if lang == English && d.Value == 1 {
		unit += ".one"
	}
	return portalNumber(lang, d.Value) + " " + text(lang, unit)
}

// money writes an amount in đồng with the language's thousands separator: 75.000 đồng, 75,000 VND.
func portalMoney(lang Lang, amount int64) string {
	if amount == 0 {
		return text(lang, "portal.fee.free")
	}
	digits := strconv.FormatInt(amount, 10)
	sep := "."
	if lang == English {
		sep = ","
	}
	var b strings.Builder
	if amount < 0 {
		b.WriteByte('-')
		digits = digits[1:]
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String() + " " + text(lang, "portal.fee.currency")
}

func portalActionKey(a workflow.Action) string { return "portal.action." + string(a) }

func init() {
	addMessages(map[string][2]string{
		// search
		"portal.search.filters":      {"Lọc theo cấp, lĩnh vực, đơn vị, mức độ trực tuyến", "Filter by level, field, unit, online service"},
		"portal.search.filters.on":   {"Đang lọc", "Filters on"},
		"portal.search.level":        {"Cấp thực hiện", "Level"},
		"portal.search.field":        {"Lĩnh vực", "Field"},
		"portal.search.unit":         {"Cơ quan thực hiện", "Implementing office"},
		"portal.search.online":       {"Mức độ dịch vụ trực tuyến", "Online service"},
		"portal.search.any":          {"Tất cả", "Any"},
		"portal.search.apply":        {"Áp dụng", "Apply filters"},
		"portal.search.clear":        {"Bỏ lọc", "Clear filters"},
		"portal.search.count":        {"Tìm thấy %d thủ tục", "%d procedures found"},
		"portal.search.count.one":    {"Tìm thấy 1 thủ tục", "1 procedure found"},
		"portal.search.none":         {"Không tìm thấy thủ tục phù hợp.", "No procedure matches."},
		"portal.search.none.hint":    {"Kiểm tra chính tả, dùng ít từ hơn hoặc bỏ bớt bộ lọc. Có thể tìm theo mã thủ tục, ví dụ 1.001193.", "Check the spelling, use fewer words or remove a filter. You can also search by procedure code, for example 1.001193."},
		"portal.search.browse":       {"Tra cứu theo lĩnh vực", "Browse by field"},
		"portal.search.browse.count": {"%d thủ tục", "%d procedures"},
		"portal.search.page":         {"Trang %d/%d", "Page %d of %d"},
		"portal.search.prev":         {"Trang trước", "Previous page"},
		"portal.search.next":         {"Trang sau", "Next page"},
		"portal.search.pages":        {"Các trang kết quả", "Result pages"},
		"portal.unitgroup.1":         {"Cấp tỉnh", "Province"},
		"portal.unitgroup.2":         {"Sở, ngành và cấp huyện", "Departments and districts"},
		"portal.unitgroup.3":         {"Cấp xã", "Communes"},
		"portal.unitgroup.other":     {"Khác", "Other"},
		"portal.level.0":             {"Cấp bộ", "Ministry"},
		"portal.level.1":             {"Cấp tỉnh", "Province"},
		"portal.level.2":             {"Cấp huyện", "District"},
		"portal.level.3":             {"Cấp xã", "Commune"},
		"portal.online.toan_trinh":   {"Trực tuyến toàn trình", "Fully online"},
		"portal.online.mot_phan":     {"Trực tuyến một phần", "Partly online"},
		"portal.online.truc_tiep":    {"Nộp trực tiếp", "In person only"},
		"portal.online.toan_trinh.hint": {"Nộp hồ sơ, nộp phí và nhận kết quả trực tuyến hoặc qua bưu chính, không phải đến cơ quan.",
			"Apply, pay and receive the result online or by post, without visiting an office."},
		"portal.online.mot_phan.hint": {"Nộp hồ sơ trực tuyến; một số bước (xuất trình bản chính, nộp phí hoặc nhận kết quả) làm tại Bộ phận Một cửa.",
			"Apply online; some steps (showing originals, paying or collecting the result) are done at the one-stop counter."},
		"portal.online.truc_tiep.hint": {"Thủ tục này chưa nhận hồ sơ trực tuyến: nộp tại Bộ phận Một cửa của cơ quan thực hiện.",
			"This procedure does not take applications online yet: apply at the one-stop counter of the implementing office."},

		// procedure page
		"portal.proc.notfound":      {"Không tìm thấy thủ tục", "Procedure not found"},
		"portal.proc.code":          {"Mã thủ tục", "Procedure code"},
		"portal.proc.field":         {"Lĩnh vực", "Field"},
		"portal.proc.level":         {"Cấp thực hiện", "Level"},
		"portal.proc.online":        {"Mức độ", "Online service"},
		"portal.proc.apply":         {"Nộp hồ sơ trực tuyến", "Apply online"},
		"portal.proc.book":          {"Đặt lịch tiếp nhận hồ sơ tại nhà", "Book an officer to take your papers at home"},
		"portal.proc.contents":      {"Nội dung", "Contents"},
		"portal.proc.result":        {"Kết quả", "What you get"},
		"portal.proc.result.lead":   {"Thủ tục này để được cấp:", "This procedure gives you:"},
		"portal.proc.who":           {"Ai được nộp", "Who may apply"},
		"portal.proc.conditions":    {"Yêu cầu, điều kiện", "Requirements"},
		"portal.proc.documents":     {"Hồ sơ cần chuẩn bị", "Documents to prepare"},
		"portal.proc.cases":         {"Chọn trường hợp của bạn; mỗi trường hợp có thành phần hồ sơ riêng.", "Find your case; each case has its own list of documents."},
		"portal.proc.case":          {"Trường hợp: %s", "Case: %s"},
		"portal.proc.originals":     {"Bản chính: %d", "Originals: %d"},
		"portal.proc.copies":        {"Bản sao: %d", "Copies: %d"},
		"portal.proc.optional":      {"nếu có", "if any"},
		"portal.proc.form":          {"Mẫu: %s", "Form: %s"},
		"portal.proc.form.download": {"Tải mẫu đơn, tờ khai", "Download the form"},
		"portal.proc.time":          {"Thời hạn giải quyết và phí", "Time and fees"},
		"portal.proc.channel":       {"Cách nộp", "How"},
		"portal.proc.duration":      {"Thời hạn giải quyết", "Processing time"},
		"portal.proc.fees":          {"Phí, lệ phí", "Fees"},
		"portal.proc.nofee":         {"Không", "None"},
		"portal.proc.time.hint":     {"Tính từ khi hồ sơ được tiếp nhận đầy đủ; ngày làm việc không gồm thứ Bảy, Chủ nhật và ngày nghỉ lễ.", "Counted from when a complete dossier is received; working days exclude weekends and public holidays."},
		"portal.proc.where":         {"Nộp ở đâu", "Where to apply"},
		"portal.proc.where.lead":    {"Nộp tại Bộ phận Một cửa của một trong các cơ quan sau:", "At the one-stop counter of one of these offices:"},
		"portal.proc.where.many":    {"Xem %d cơ quan thực hiện", "See the %d implementing offices"},
		"portal.proc.where.none":    {"Chưa có cơ quan thực hiện.", "No implementing office yet."},
		"portal.proc.address":       {"Địa chỉ", "Address"},
		"portal.proc.phone":         {"Điện thoại", "Phone"},
		"portal.proc.how":           {"Cách thức thực hiện", "How to apply"},
		"portal.proc.steps":         {"Trình tự thực hiện", "Steps"},
		"portal.proc.legal":         {"Căn cứ pháp lý", "Legal basis"},
		"portal.proc.track":         {"Đã nộp hồ sơ? Tra cứu tình trạng", "Already applied? Track your dossier"},
		"portal.channel.counter":    {"Trực tiếp tại Bộ phận Một cửa", "In person at the one-stop counter"},
		"portal.channel.online":     {"Trực tuyến", "Online"},
		"portal.channel.post":       {"Qua dịch vụ bưu chính công ích", "By public postal service"},
		"portal.time.days":          {"ngày làm việc", "working days"},
		"portal.time.days.one":      {"ngày làm việc", "working day"},
		"portal.time.hours":         {"giờ làm việc", "working hours"},
		"portal.time.hours.one":     {"giờ làm việc", "working hour"},
		"portal.time.calendar":      {"ngày", "calendar days"},
		"portal.time.calendar.one":  {"ngày", "calendar day"},
		"portal.fee.free":           {"Miễn phí", "Free"},
		"portal.fee.currency":       {"đồng", "VND"},

		// tracking
		"portal.track.title":               {"Tra cứu hồ sơ", "Track a dossier"},
		"portal.track.lead":                {"Nhập mã hồ sơ và mã tra cứu in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả, hoặc số điện thoại người nộp hồ sơ.", "Enter the dossier code and the tracking code printed on your receipt, or the applicant's phone number."},
		"portal.track.code":                {"Mã hồ sơ", "Dossier code"},
		"portal.track.code.hint":           {"Ví dụ: 000.00.01.H62-260302-0001", "For example: 000.00.01.H62-260302-0001"},
		"portal.track.verify":              {"Xác minh bằng một trong hai cách", "Confirm it is yours, one of two ways"},
		"portal.track.secret":              {"Mã tra cứu", "Tracking code"},
		"portal.track.secret.hint":         {"10 ký tự in trên giấy tiếp nhận, ví dụ K7QM2XPA9D", "The 10 characters on your receipt, for example K7QM2XPA9D"},
		"portal.track.or":                  {"hoặc", "or"},
		"portal.track.phone":               {"Số điện thoại người nộp hồ sơ", "Applicant's phone number"},
		"portal.track.phone.hint":          {"Số đã khai khi nộp hồ sơ, ví dụ 0912 345 678", "The number given when applying, for example 0912 345 678"},
		"portal.track.submit":              {"Tra cứu", "Track"},
		"portal.track.err.code":            {"Nhập mã hồ sơ", "Enter the dossier code"},
		"portal.track.err.verify":          {"Nhập mã tra cứu hoặc số điện thoại người nộp hồ sơ", "Enter the tracking code or the applicant's phone number"},
		"portal.track.err.notfound":        {"Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu hoặc số điện thoại này. Kiểm tra lại giấy tiếp nhận.", "No dossier matches this code and tracking code or phone number. Check your receipt."},
		"portal.track.privacy":             {"Trang này không hiển thị thông tin cá nhân của người nộp hồ sơ.", "This page shows no personal data of the applicant."},
		"portal.track.result":              {"Hồ sơ %s", "Dossier %s"},
		"portal.track.procedure":           {"Thủ tục", "Procedure"},
		"portal.track.status":              {"Trạng thái", "Status"},
		"portal.track.step":                {"Bước hiện tại", "Current step"},
		"portal.track.unit":                {"Đơn vị đang xử lý", "Office handling it"},
		"portal.track.received":            {"Ngày tiếp nhận", "Received"},
		"portal.track.due":                 {"Ngày hẹn trả kết quả", "Result due"},
		"portal.track.finished":            {"Ngày có kết quả", "Result ready"},
		"portal.track.returned":            {"Ngày trả kết quả", "Result returned"},
		"portal.track.paused":              {"Thời hạn tạm dừng trong khi chờ người nộp; ngày hẹn sẽ lùi tương ứng.", "The clock stands still while the office waits for you; the due date moves by as long."},
		"portal.track.notyet":              {"Chưa tiếp nhận", "Not received yet"},
		"portal.track.timeline":            {"Quá trình xử lý", "Timeline"},
		"portal.track.another":             {"Tra cứu hồ sơ khác", "Track another dossier"},
		"portal.track.next.5":              {"Cơ quan yêu cầu bổ sung giấy tờ. Xem phiếu yêu cầu bổ sung đã gửi cho bạn, hoặc liên hệ Bộ phận Một cửa.", "The office needs more documents. See the supplement request sent to you, or contact the one-stop counter."},
		"portal.track.next.6":              {"Cần thực hiện nghĩa vụ tài chính (nộp phí, lệ phí, thuế) trước khi hồ sơ được xử lý tiếp.", "A fee or tax must be paid before the dossier goes on."},
		"portal.track.next.9":              {"Đã có kết quả. Mang giấy tiếp nhận đến Bộ phận Một cửa để nhận, hoặc chờ nhận qua bưu chính nếu đã đăng ký.", "The result is ready. Bring your receipt to the one-stop counter, or wait for the post if you asked for it."},
		"portal.timely.early":              {"Trước hạn", "Early"},
		"portal.timely.on_time":            {"Đúng hạn", "On time"},
		"portal.timely.late":               {"Quá hạn", "Late"},
		"portal.timely.within":             {"Trong hạn", "On schedule"},
		"portal.timely.soon":               {"Sắp đến hạn", "Due soon"},
		"portal.timely.overdue":            {"Quá hạn", "Overdue"},
		"portal.action.submit":             {"Nộp hồ sơ trực tuyến", "Submitted online"},
		"portal.action.intake":             {"Tiếp nhận hồ sơ", "Received at the counter"},
		"portal.action.receive":            {"Tiếp nhận hồ sơ", "Received"},
		"portal.action.refuse":             {"Từ chối tiếp nhận", "Refused"},
		"portal.action.request_supplement": {"Yêu cầu bổ sung giấy tờ", "More documents requested"},
		"portal.action.supplement":         {"Đã bổ sung giấy tờ", "Documents added"},
		"portal.action.forward":            {"Chuyển bước xử lý", "Moved to the next step"},
		"portal.action.send_back":          {"Trả lại bước trước", "Sent back a step"},
		"portal.action.request_payment":    {"Yêu cầu nộp phí, lệ phí", "Payment requested"},
		"portal.action.confirm_payment":    {"Đã nộp phí, lệ phí", "Payment made"},
		"portal.action.reschedule":         {"Hẹn lại ngày trả kết quả", "New due date"},
		"portal.action.transfer":           {"Chuyển cơ quan phối hợp", "Sent to another office"},
		"portal.action.transfer_return":    {"Cơ quan phối hợp trả lại", "Back from another office"},
		"portal.action.withdraw":           {"Rút hồ sơ", "Withdrawn"},
		"portal.action.stop":               {"Dừng xử lý", "Stopped"},
		"portal.action.return_result":      {"Trả kết quả", "Result returned"},
	})
}
