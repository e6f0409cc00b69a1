package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// Notices to the applicant on the officer's dossier page: what was sent by email and SMS, what
// waits for another try and why, and a button to send a failed one again.

func (s *Server) routesNotices() {
	s.mux.HandleFunc("POST /can-bo/ho-so/{code}/thong-bao/{id}/gui-lai", s.form(MaxForm, s.officer(s.noticeRetry)))
}

// noticeRow is one notice as the page shows it.
type noticeRow struct {
	store.Notice
	KindKey   string
	StatusKey string
	Class     string // tag colour
	Retry     bool   // the "send again" button
	Waiting   bool   // pending after a failed attempt: show the next try
}

// dossierNotices words the dossier's notices for the page.
func (s *Server) dossierNotices(ctx context.Context, u user.User, code string) ([]noticeRow, error) {
	ns, err := s.store.Notices(ctx, u, code)
	if err != nil {
		return nil, err
	}
	rows := make([]noticeRow, len(ns))
	for i, n := range ns {
		r := noticeRow{Notice: n, KindKey: "officer.notices.kind." + string(n.Kind), StatusKey: "officer.notices.status." + string(n.Status)}
		switch n.Status {
		case store.NoticeSent:
			r.Class = urgencyOK
		case store.NoticeFailed:
			r.Class, r.Retry = urgencyLate, true
		case store.NoticeSkipped:
			r.Class, r.Retry = "plain", true
		default:
			r.Class = "soon"
			r.Waiting = n.Attempts > 0
			r.Retry = r.Waiting
		}
		rows[i] = r
	}
	return rows, nil
}

// noticeRetry sends a notice again at once, then shows the dossier page.
func (s *Server) noticeRetry(w http.ResponseWriter, r *http.Request, u user.User) {
	code := r.PathValue("code")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, http.StatusBadRequest, "officer.error.badform")
		return
	}
	err = s.store.RetryNotice(r.Context(), u, code, id)
	var e *motcua.Error
	switch {
	case err == nil:
		http.Redirect(w, r, "/can-bo/ho-so/"+url.PathEscape(code)+"#notices-h", http.StatusSeeOther)
	case errors.As(err, &e) && e.Code == motcua.ENOTFOUND:
		s.errorPage(w, r, http.StatusNotFound, "officer.dossier.notfound")
	case errors.As(err, &e) && e.Code == motcua.ECONFLICT:
		s.showDossier(w, r, u, http.StatusConflict, &dossierPageData{Conflict: "officer.notices.conflict"}, nil, nil)
	default:
		s.log.Error("retry notice", "code", code, "id", id, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
	}
}

func init() {
	addMessages(map[string][2]string{
		"officer.notices.title":    {"Thông báo cho người nộp", "Notices to the applicant"},
		"officer.notices.lead":     {"Thư điện tử và tin nhắn gửi tự động khi hồ sơ được tiếp nhận, cần bổ sung, cần nộp phí, được hẹn lại hoặc đã có kết quả.", "Emails and text messages sent automatically when the dossier is received, needs papers or a fee, is rescheduled or has its result."},
		"officer.notices.none":     {"Chưa có thông báo nào (người nộp không để lại thư điện tử hay số điện thoại, hoặc chưa đến lúc gửi).", "No notice yet (the applicant left no email or phone number, or nothing called for one)."},
		"officer.notices.kind":     {"Nội dung", "Notice"},
		"officer.notices.channel":  {"Kênh", "Channel"},
		"officer.notices.to":       {"Gửi đến", "To"},
		"officer.notices.status":   {"Tình trạng", "Status"},
		"officer.notices.attempts": {"Số lần gửi", "Attempts"},
		"officer.notices.next":     {"Thử lại lúc %s", "Next try at %s"},
		"officer.notices.sentat":   {"Đã gửi lúc %s", "Sent at %s"},
		"officer.notices.error":    {"Lỗi: %s", "Error: %s"},
		"officer.notices.retry":    {"Gửi lại", "Send again"},
		"officer.notices.conflict": {"Thông báo này đã được gửi hoặc đang được gửi; không gửi lại.", "This notice has been sent or is being sent; it was not sent again."},

		"officer.notices.channel.email": {"Thư điện tử", "Email"},
		"officer.notices.channel.sms":   {"Tin nhắn SMS", "SMS"},

		"officer.notices.kind.receipt":      {"Tiếp nhận hồ sơ, hẹn trả kết quả", "Receipt and appointment"},
		"officer.notices.kind.supplement":   {"Yêu cầu bổ sung hồ sơ", "Request for more documents"},
		"officer.notices.kind.payment":      {"Yêu cầu nộp phí, lệ phí", "Payment request"},
		"officer.notices.kind.reschedule":   {"Xin lỗi và hẹn lại ngày trả", "Apology and new date"},
		"officer.notices.kind.result_ready": {"Đã có kết quả", "Result ready"},

		"officer.notices.status.pending": {"Chờ gửi", "Waiting"},
		"officer.notices.status.sent":    {"Đã gửi", "Sent"},
		"officer.notices.status.failed":  {"Gửi không thành công", "Failed"},
		"officer.notices.status.skipped": {"Không gửi (chưa cấu hình kênh)", "Not sent (no channel configured)"},
	})
}
