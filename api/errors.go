package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua"
)

var statusOf = map[string]int{
	motcua.EINVALID:      http.StatusUnprocessableEntity,
	motcua.EBADREQUEST:   http.StatusBadRequest,
	motcua.ENOTFOUND:     http.StatusNotFound,
	motcua.ECONFLICT:     http.StatusConflict,
	motcua.EFORBIDDEN:    http.StatusForbidden,
	motcua.EUNAUTHORIZED: http.StatusUnauthorized,
	motcua.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	motcua.EINTERNAL:     http.StatusInternalServerError,
}

// messages are the caller-facing texts by message key: Vietnamese first, English second.
var messages = map[string][2]string{
	"bad_json":                {"Nội dung yêu cầu không phải JSON hợp lệ.", "The request body is not valid JSON."},
	"body_too_large":          {"Nội dung yêu cầu vượt quá giới hạn cho phép.", "The request body is larger than allowed."},
	"unauthorized":            {"Cần đăng nhập (thiếu hoặc sai mã truy cập).", "Sign-in required (missing or invalid token)."},
	"bad_token":               {"Mã truy cập không hợp lệ hoặc đã hết hạn.", "The token is unknown or has expired."},
	"bad_credentials":         {"Sai tên đăng nhập hoặc mật khẩu.", "Wrong username or password."},
	"not_found":               {"Không tìm thấy.", "Not found."},
	"dossier_not_found":       {"Không tìm thấy hồ sơ.", "Dossier not found."},
	"unknown_procedure":       {"Thủ tục hành chính không tồn tại.", "Unknown procedure."},
	"unknown_unit":            {"Đơn vị không tồn tại.", "Unknown unit."},
	"unknown_user":            {"Người dùng không tồn tại.", "Unknown user."},
	"required":                {"Trường này là bắt buộc.", "This field is required."},
	"too_long":                {"Nội dung quá dài.", "The text is too long."},
	"invalid_channel":         {"Kênh nộp phải là online, counter hoặc post.", "Channel must be online, counter or post."},
	"invalid_applicant_type":  {"Loại đối tượng phải từ 1 đến 4.", "Applicant type must be 1 to 4."},
	"invalid_email":           {"Địa chỉ thư điện tử không hợp lệ.", "Not a valid email address."},
	"invalid_phone":           {"Số điện thoại không hợp lệ.", "Not a valid phone number."},
	"competent_unit_required": {"Đơn vị tiếp nhận không giải quyết thủ tục này: hãy chọn đơn vị có thẩm quyền.", "The receiving unit does not implement this procedure: choose the competent unit."},
	"not_implementing_unit":   {"Đơn vị này không giải quyết thủ tục đã chọn.", "This unit does not implement the procedure."},
	"channel_not_offered":     {"Thủ tục không cung cấp kênh nộp này.", "The procedure is not offered through this channel."},
	"forbidden_create":        {"Bạn không có quyền tạo hồ sơ này.", "You may not create this dossier."},
	"stale_version":           {"Hồ sơ đã được người khác cập nhật. Vui lòng tải lại và thử lại.", "The dossier was changed by someone else. Reload and try again."},
	"action_not_allowed":      {"Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ.", "This action is not allowed in the dossier's current status."},
	"role_not_allowed":        {"Vai trò của bạn không được thực hiện thao tác này.", "Your role may not take this action."},
	"invalid_field":           {"Giá trị không hợp lệ.", "Invalid value."},
	"invalid_action":          {"Thao tác không hợp lệ.", "Unknown action."},
	"invalid_status":          {"Trạng thái phải từ 1 đến 10.", "Status must be 1 to 10."},
	"invalid_time":            {"Thời gian phải theo RFC 3339, ví dụ 2026-03-02T08:00:00+07:00.", "Times must be RFC 3339, e.g. 2026-03-02T08:00:00+07:00."},
	"invalid_limit":           {"Giới hạn phải từ 1 đến 500.", "Limit must be 1 to 500."},
	"invalid_cursor":          {"Con trỏ phân trang không hợp lệ.", "Invalid page cursor."},
	"slip_not_available":      {"Hồ sơ chưa có phiếu này (chưa được tiếp nhận, chưa có yêu cầu bổ sung, chưa bị từ chối hoặc chưa hẹn lại).", "The dossier has no such slip yet (not received, no request for papers, not refused or not rescheduled)."},
	"payment_not_found":       {"Không tìm thấy giao dịch thanh toán này trong hồ sơ.", "The dossier has no such payment order."},
	"payment_not_paid":        {"Giao dịch chưa được thanh toán (hoặc đã hủy): chưa có biên lai.", "The order is not paid (or was cancelled): there is no receipt."},
	"missing_secret":          {"Cần mã tra cứu in trên giấy tiếp nhận.", "The tracking secret printed on the receipt is required."},
	"internal":                {"Lỗi hệ thống. Vui lòng thử lại sau.", "Internal error. Please try again later."},
	"invalid_agency_code":     {"Mã định danh đơn vị không đúng định dạng.", "Invalid agency code."},
	"invalid_sessions":        {"Giờ làm việc không hợp lệ.", "Invalid office sessions."},
	"invalid_unit":            {"Đơn vị không hợp lệ.", "Invalid unit."},
	"username_taken":          {"Tên đăng nhập đã được sử dụng.", "The username is taken."},
	"password_too_short":      {"Mật khẩu phải có ít nhất 8 ký tự.", "The password must have at least 8 characters."},
	"invalid_role":            {"Vai trò không hợp lệ.", "Invalid role."},
	"invalid_schedule":        {"Lịch nghỉ không hợp lệ.", "Invalid holiday schedule."},
	"bad_body":                {"Không đọc được nội dung gửi lên.", "The request body could not be read."},
	"not_pdf":                 {"Tệp không phải PDF.", "The file is not a PDF."},
	"file_type":               {"Loại tệp không được chấp nhận.", "This type of file is not accepted."},
	"file_too_large":          {"Tệp quá lớn.", "The file is too large."},
	"file_empty":              {"Tệp rỗng.", "The file is empty."},
	"files_too_large":         {"Tổng dung lượng các tệp gửi một lần vượt quá giới hạn (50 MB).", "The files sent at once add up to more than allowed (50 MB)."},
	"dossier_too_large":       {"Tổng dung lượng các tệp của hồ sơ vượt quá giới hạn (100 MB).", "The dossier's files would add up to more than allowed (100 MB)."},
	"no_electronic_result":    {"Hồ sơ chưa có kết quả điện tử đã ký số để trả trực tuyến.", "The dossier has no signed electronic result to return online."},
	"verify_code_not_found":   {"Không có văn bản nào mang mã xác thực này.", "No document carries this verification code."},
	"forbidden_stats":         {"Chỉ lãnh đạo, quản lý trung tâm của đơn vị và quản trị viên xem được số liệu.", "Only the unit's leaders, centre managers and administrators see its figures."},
	"invalid_period":          {"Ngày kết thúc phải sau ngày bắt đầu.", "The period must end after it starts."},
	"invalid_date":            {"Ngày phải theo dạng YYYY-MM-DD.", "Dates must be YYYY-MM-DD."},
	"unknown_field":           {"Không có chỉ tiêu này để nhập.", "There is no such figure to enter."},
	"out_of_range":            {"Giá trị nằm ngoài khoảng cho phép.", "The value is out of the allowed range."},
	"more_than_feedback":      {"Số phản ánh, kiến nghị xử lý đúng hạn không được lớn hơn số đã tiếp nhận.", "Feedback answered on time cannot exceed the feedback received."},
	"invalid_month":           {"Tháng phải theo dạng YYYY-MM.", "The month must be YYYY-MM."},
	"reparent_out_of_order":   {"Đơn vị đã được chuyển vào một ngày sau ngày này: nhập việc chuyển theo thứ tự thời gian.", "The unit was moved on a later day: enter moves in the order they happened."},
	"unit_wide_report":        {"Báo cáo này là của cả đơn vị: không lọc theo lĩnh vực hay thủ tục được (trừ báo cáo số liệu và thời gian từng bước theo thủ tục).", "This report is the whole unit's: it cannot be kept to a field or a procedure (except the figure reports, and the step times to a procedure)."},
	"period_too_long":         {"Kỳ báo cáo dài tối đa 10 năm.", "A period is at most 10 years long."},
	"as_of_figures_only":      {"Chỉ các báo cáo số liệu (tong-hop, theo-kenh, theo-cap) tính lại được tại một ngày đã qua.", "Only the figure reports (tong-hop, theo-kenh, theo-cap) can be recomputed as of a past day."},
	"invalid_as_of":           {"Chỉ tính lại được số liệu tại một thời điểm từ ngày bắt đầu kỳ trở đi.", "The figures can be recomputed as of the period's start or later."},
	"result_not_found":        {"Hồ sơ chưa có kết quả điện tử.", "The dossier has no electronic result yet."},
	"no_certificate":          {"Không ký số được kết quả: đơn vị chưa có chứng thư số (con dấu) còn hiệu lực, hoặc người ký chưa có chứng thư cá nhân.", "The result cannot be signed: the unit has no valid seal certificate, or the signer no personal certificate."},
	"no_key_secret":           {"Máy chủ chưa cấu hình khóa bảo vệ khóa bí mật: chưa ký số được.", "The server has no key secret configured: nothing can be signed."},
	"no_private_key":          {"Hệ thống không giữ khóa bí mật của chứng thư này.", "The system holds no private key for this certificate."},
	"result_unsignable":       {"Tệp kết quả không ký số được (PDF hỏng?).", "The result file cannot be signed (a damaged PDF?)."},
	"certificate_not_found":   {"Không tìm thấy chứng thư số.", "Certificate not found."},
	"certificate_exists":      {"Chứng thư số đã có trong hệ thống.", "The certificate is already registered."},
	"unit_mismatch":           {"Chứng thư số ghi một đơn vị khác.", "The certificate names another unit."},
	"not_authority":           {"Chứng thư không phải của tổ chức cung cấp dịch vụ chứng thực.", "The certificate is not a certificate authority's."},
	"key_usage":               {"Chứng thư không được phép ký tài liệu.", "The certificate may not sign documents."},
	"expired":                 {"Chứng thư số đã hết hạn.", "The certificate has expired."},
	"verify_valid":            {"Chữ ký số hợp lệ; tài liệu không bị thay đổi sau khi ký.", "The digital signatures are valid; the document has not changed since signing."},
	"verify_revoked":          {"Chứng thư số đã bị thu hồi trước khi ký: chữ ký không còn giá trị.", "The certificate was revoked before it signed: the signature is void."},
	"verify_not_signed":       {"Tài liệu không có chữ ký số.", "The document carries no digital signature."},
	"verify_modified":         {"Tài liệu đã bị thay đổi sau khi ký: chữ ký không hợp lệ.", "The document was changed after signing: the signature is invalid."},
	"verify_untrusted":        {"Chứng thư số không do tổ chức chứng thực được tin cậy cấp, hoặc hết hạn khi ký.", "The certificate is not from a trusted authority, or was not valid when it signed."},
	"verify_unreadable":       {"Không đọc được tệp PDF.", "The PDF file cannot be read."},
}

// english reports whether the caller prefers English to Vietnamese (Accept-Language with its
// q-values); Vietnamese is the default and wins ties.
func english(r *http.Request) bool {
	vi, en := -1.0, -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(part, ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		switch {
		case strings.HasPrefix(tag, "vi") && q > vi:
			vi = q
		case strings.HasPrefix(tag, "en") && q > en:
			en = q
		}
	}
	return en > 0 && en > vi
}

func message(r *http.Request, key string) string {
	m, ok := messages[key]
	if !ok {
		m = messages["invalid_field"]
	}
	if english(r) {
		return m[1]
	}
	return m[0]
}

type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

// writeError answers with the JSON error shape; only internal errors are logged.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *motcua.Error
	if !errors.As(err, &e) {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = &motcua.Error{Code: motcua.EINTERNAL, Key: "internal"}
	}
	var body errorBody
	body.Error.Code = e.Key
	if body.Error.Code == "" {
		body.Error.Code = e.Code
	}
	body.Error.Message = message(r, body.Error.Code)
	if e.Field != "" {
		detail := body.Error.Message
		if e.Message != "" && english(r) {
			detail = e.Message
		}
		body.Error.Fields = map[string]string{e.Field: detail}
	}
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		s.log.Log(r.Context(), slog.LevelError, "internal error", "path", r.URL.Path, "err", err)
	}
	writeJSON(w, status, body)
}
