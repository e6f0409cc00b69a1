package web

import (
	"context"
	"github.com/motcua/motcua/payment"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// "My dossiers": the signed-in citizen's drafts and dossiers (the store lists only their own),
// each dossier's page with the actions the citizen may take now — answer a supplement request,
// withdraw, rate the service once the result is returned — and who opened their personal data.

type myDossierRow struct {
	D        dossier.Dossier
	Tag      string // tag class
	NeedsKey string // what the citizen should do now, a message key, or ""
}

func (s *Server) myDossiers(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx := r.Context()
	drafts, err := s.store.Drafts(ctx, u)
	if err != nil {
		s.log.Error("drafts", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	cursor, _ := strconv.ParseInt(r.URL.Query().Get("sau"), 10, 64)
	page, err := s.store.ListDossiers(ctx, u, store.ListFilter{Cursor: cursor, Limit: 20})
	if err != nil {
		s.log.Error("my dossiers", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	now := s.store.Now()
	data := struct {
		Drafts  []store.Draft
		Rows    []myDossierRow
		Total   int
		Next    int64
		Deleted bool
	}{Drafts: drafts, Total: page.Total, Next: page.NextCursor, Deleted: r.URL.Query().Get("da-xoa") != ""}
	for _, d := range page.Items {
		row := myDossierRow{D: d, Tag: "ok"}
		switch {
		case d.Status == workflow.Supplement:
			row.Tag, row.NeedsKey = "soon", "citizen.my.needs.supplement"
		case d.Status == workflow.Payment:
			row.Tag, row.NeedsKey = "soon", "citizen.my.needs.payment"
		case d.Status == workflow.Done:
			row.NeedsKey = "citizen.my.needs.collect"
		case d.Status == workflow.Returned:
			if rs, err := s.store.Ratings(ctx, u, d.Code); err == nil && !ratedOnline(rs) {
				row.NeedsKey = "citizen.my.needs.rate"
			}
		case !d.Status.Finished() && d.DueAt != nil && d.DueAt.Before(now):
			row.Tag = "late"
		}
		data.Rows = append(data.Rows, row)
	}
	s.render(w, r, http.StatusOK, "citizen_dossiers", "citizen.my.title", nil, data)
}

func ratedOnline(rs []store.Rating) bool {
	return slices.ContainsFunc(rs, func(x store.Rating) bool { return x.Channel == store.RatingOnline })
}

type myEvent struct {
	At     time.Time
	Action string
	Unit   string
	Reason string
	Note   string
	Docs   string
}

type myDossierData struct {
	D                dossier.Dossier
	UnitName         string
	CompetentName    string
	Files            []fileView
	Events           []myEvent
	CanSupplement    bool
	CanWithdraw      bool
	SupplementReason string
	SupplementDocs   []string
	CanRate          bool
	Rating           *store.Rating
	RatingReasons    []string
	Accesses         []accessRow
	Flash            string // a message key
	Note             string // the supplement note, kept on error
	Value            int    // the rating, kept on error
	Reason           string
	Comment          string
	Pay              *payment.Order // the order the dossier waits for, when it waits for a payment
	PayProvider      string         // the online provider's name; "" when there is none
	Paid             []paidFee      // the paid orders, with their receipts (fee_receipt.go)
}

// loadMyDossier reads one of the citizen's dossiers with everything its page shows; another's
// dossier is "not found".
func (s *Server) loadMyDossier(w http.ResponseWriter, r *http.Request, u user.User) (*myDossierData, bool) {
	ctx := r.Context()
	code := r.PathValue("code")
	o, err := s.store.DossierForOfficer(ctx, u, code)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND || (err == nil && o.Dossier.OwnerID != u.ID) {
		s.errorPage(w, r, http.StatusNotFound, "citizen.my.notfound")
		return nil, false
	}
	if err != nil {
		s.log.Error("my dossier", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return nil, false
	}
	lang := langOf(r)
	d := o.Dossier
	data := &myDossierData{D: d, UnitName: s.unitName(ctx, d.UnitCode), CompetentName: s.unitName(ctx, d.CompetentUnit),
		CanSupplement: slices.Contains(o.Allowed, workflow.RecordSupplement),
		CanWithdraw:   slices.Contains(o.Allowed, workflow.Withdraw), RatingReasons: store.RatingReasons}
	files, err := s.store.DossierFiles(ctx, u, code)
	if err != nil {
		s.log.Error("my dossier files", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return nil, false
	}
	for _, f := range files {
		data.Files = append(data.Files, fileView{File: f, SizeText: sizeText(lang, f.Size)})
	}
	names := map[string]string{}
	for i := len(d.History) - 1; i >= 0; i-- {
		ev := d.History[i]
		me := myEvent{At: ev.At, Action: text(lang, portalActionKey(ev.Action)), Note: ev.Note}
		if ev.Action == workflow.Submit || ev.Action == workflow.Intake {
			me.Note = "" // the store's own note ("received through channel online")
		}
		if ev.StepUnit != "" {
			if _, ok := names[ev.StepUnit]; !ok {
				names[ev.StepUnit] = s.unitName(ctx, ev.StepUnit)
			}
			me.Unit = names[ev.StepUnit]
		}
		if reason, ok := ev.Payload["reason"].(string); ok {
			me.Reason = reason
		}
		var docs []string
		if list, ok := ev.Payload["documents"].([]any); ok {
			for _, x := range list {
				if sx, ok := x.(string); ok {
					docs = append(docs, sx)
				}
			}
		}
		me.Docs = strings.Join(docs, "; ")
		if ev.Action == workflow.RequestSupplement && data.SupplementReason == "" && data.CanSupplement {
			data.SupplementReason, data.SupplementDocs = me.Reason, docs
		}
		data.Events = append(data.Events, me)
	}
	if d.Status == workflow.Returned {
		rs, err := s.store.Ratings(ctx, u, code)
		if err != nil {
			s.log.Error("ratings", "code", code, "err", err)
		}
		for i := range rs {
			if rs[i].Channel == store.RatingOnline {
				data.Rating = &rs[i]
			}
		}
		data.CanRate = err == nil && data.Rating == nil
	}
	if d.Status == workflow.Payment {
		o, found, err := s.store.PendingPayment(ctx, u, code)
		if err != nil {
			s.log.Error("pending payment", "code", code, "err", err)
		}
		if found {
			data.Pay = &o
			if s.pay != nil {
				data.PayProvider = strings.ToUpper(s.pay.Name())
			}
		}
	}
	if orders, err := s.store.PaymentOrders(ctx, u, code); err != nil {
		s.log.Error("payment orders", "code", code, "err", err)
	} else {
		data.Paid = paidFees(orders)
	}
	log, err := s.store.AccessLog(ctx, code)
	if err != nil {
		s.log.Error("access log", "code", code, "err", err)
	}
	for _, a := range log {
		if a.UserID != u.ID {
			data.Accesses = append(data.Accesses, accessRow{a, screenKey(a.Screen)})
		}
	}
	return data, true
}

func (s *Server) unitName(ctx context.Context, code string) string {
	if code == "" {
		return ""
	}
	un, err := s.store.Unit(ctx, code)
	if err != nil {
		return code
	}
	return un.Name
}

var myFlash = map[string]string{"da-bo-sung": "citizen.my.flash.supplement", "da-rut": "citizen.my.flash.withdrawn",
	"da-danh-gia": "citizen.my.flash.rated"}

func (s *Server) myDossier(w http.ResponseWriter, r *http.Request, u user.User) {
	data, ok := s.loadMyDossier(w, r, u)
	if !ok {
		return
	}
	for q, key := range myFlash {
		if r.URL.Query().Has(q) {
			data.Flash = key
		}
	}
	s.render(w, r, http.StatusOK, "citizen_dossier", "citizen.my.dossier.title", nil, data)
}

// mySubmitted is the confirmation after an online submission: the dossier code, the tracking
// code and what happens next.
func (s *Server) mySubmitted(w http.ResponseWriter, r *http.Request, u user.User) {
	data, ok := s.loadMyDossier(w, r, u)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "citizen_done", "citizen.done.title", nil, data)
}

func formVersion(r *http.Request) int {
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	return v
}

// supplementDocument is the checklist name of files sent in answer to a supplement request.
const supplementDocument = "Giấy tờ bổ sung"

// mySupplement answers a supplement request: files (and a note) with the action "supplement".
func (s *Server) mySupplement(w http.ResponseWriter, r *http.Request, u user.User, tooLarge bool) {
	data, ok := s.loadMyDossier(w, r, u)
	if !ok {
		return
	}
	if !data.CanSupplement {
		s.errorPage(w, r, http.StatusConflict, "citizen.my.notnow")
		return
	}
	lang := langOf(r)
	if tooLarge {
		s.render(w, r, http.StatusRequestEntityTooLarge, "citizen_dossier", "citizen.my.dossier.title",
			FieldErrors{{"files", text(lang, "citizen.err.toolarge", store.MaxSubmissionSize>>20)}}, data)
		return
	}
	data.Note = clip(strings.TrimSpace(r.PostFormValue("note")), 2000)
	files, errs := readUploads(r, lang, []uploadField{{"files", supplementDocument}}, 0)
	if len(errs) == 0 && len(files) == 0 {
		errs = FieldErrors{{"files", text(lang, "citizen.err.file.none")}}
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "citizen_dossier", "citizen.my.dossier.title", errs, data)
		return
	}
	_, err := s.store.AnswerSupplement(r.Context(), u, data.D.Code, formVersion(r), data.Note, files)
	if err != nil {
		if motcua.ErrorCode(err) == motcua.ECONFLICT {
			s.render(w, r, http.StatusConflict, "citizen_dossier", "citizen.my.dossier.title",
				FieldErrors{{"files", text(lang, "citizen.err.stale")}}, data)
			return
		}
		if errs, ok := storeFileError(lang, err, "files"); ok {
			s.render(w, r, http.StatusUnprocessableEntity, "citizen_dossier", "citizen.my.dossier.title", errs, data)
			return
		}
		s.log.Error("supplement", "code", data.D.Code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.Redirect(w, r, "/cong-dan/ho-so/"+data.D.Code+"?da-bo-sung=1", http.StatusSeeOther)
}

func (s *Server) myWithdrawPage(w http.ResponseWriter, r *http.Request, u user.User) {
	data, ok := s.loadMyDossier(w, r, u)
	if !ok {
		return
	}
	if !data.CanWithdraw {
		s.errorPage(w, r, http.StatusConflict, "citizen.my.notnow")
		return
	}
	s.render(w, r, http.StatusOK, "citizen_withdraw", "citizen.withdraw.title", nil, data)
}

func (s *Server) myWithdraw(w http.ResponseWriter, r *http.Request, u user.User) {
	data, ok := s.loadMyDossier(w, r, u)
	if !ok {
		return
	}
	if !data.CanWithdraw {
		s.errorPage(w, r, http.StatusConflict, "citizen.my.notnow")
		return
	}
	lang := langOf(r)
	reason := clip(strings.TrimSpace(r.PostFormValue("reason")), 1000)
	data.Note = reason
	if reason == "" {
		s.render(w, r, http.StatusUnprocessableEntity, "citizen_withdraw", "citizen.withdraw.title",
			FieldErrors{{"reason", text(lang, "citizen.err.withdraw.reason")}}, data)
		return
	}
	_, err := s.store.Act(r.Context(), u, data.D.Code, dossier.Request{Action: workflow.Withdraw, Version: formVersion(r), Reason: reason})
	if motcua.ErrorCode(err) == motcua.ECONFLICT {
		s.render(w, r, http.StatusConflict, "citizen_withdraw", "citizen.withdraw.title",
			FieldErrors{{"reason", text(lang, "citizen.err.stale")}}, data)
		return
	}
	if err != nil {
		s.log.Error("withdraw", "code", data.D.Code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.Redirect(w, r, "/cong-dan/ho-so/"+data.D.Code+"?da-rut=1", http.StatusSeeOther)
}

// myRate records the online rating of a returned dossier.
func (s *Server) myRate(w http.ResponseWriter, r *http.Request, u user.User) {
	data, ok := s.loadMyDossier(w, r, u)
	if !ok {
		return
	}
	if data.D.Status != workflow.Returned {
		s.errorPage(w, r, http.StatusConflict, "citizen.my.notnow")
		return
	}
	if data.Rating != nil {
		http.Redirect(w, r, "/cong-dan/ho-so/"+data.D.Code, http.StatusSeeOther)
		return
	}
	lang := langOf(r)
	data.Value, _ = strconv.Atoi(r.PostFormValue("value"))
	data.Reason = r.PostFormValue("reason")
	data.Comment = clip(strings.TrimSpace(r.PostFormValue("comment")), store.MaxRatingComment)
	var errs FieldErrors
	if data.Value < store.NotSatisfied || data.Value > store.VerySatisfied {
		errs = append(errs, FieldError{"value-3", text(lang, "citizen.err.rate.value")})
	}
	if data.Reason != "" && !slices.Contains(store.RatingReasons, data.Reason) {
		errs = append(errs, FieldError{"reason", text(lang, "citizen.err.rate.reason")})
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "citizen_dossier", "citizen.my.dossier.title", errs, data)
		return
	}
	_, err := s.store.RateDossier(r.Context(), u, data.D.Code, store.Rating{Value: data.Value, Reason: data.Reason, Comment: data.Comment})
	if err != nil && !store.AlreadyRated(err) {
		if motcua.ErrorCode(err) == motcua.EINVALID {
			s.render(w, r, http.StatusUnprocessableEntity, "citizen_dossier", "citizen.my.dossier.title",
				FieldErrors{{"value-3", text(lang, "citizen.err.rate.value")}}, data)
			return
		}
		s.log.Error("rate", "code", data.D.Code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	http.Redirect(w, r, "/cong-dan/ho-so/"+data.D.Code+"?da-danh-gia=1", http.StatusSeeOther)
}

// myAccessLog is "who opened my personal data": every opening by someone else of the dossiers
// the citizen submitted or that were filed with their ID number (Decree 13/2023).
func (s *Server) myAccessLog(w http.ResponseWriter, r *http.Request, u user.User) {
	log, err := s.store.CitizenAccessLog(r.Context(), u, 500)
	if err != nil {
		s.log.Error("citizen access log", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	rows := make([]accessRow, len(log))
	for i, a := range log {
		rows[i] = accessRow{a, screenKey(a.Screen)}
	}
	s.render(w, r, http.StatusOK, "citizen_access", "citizen.access.title", nil, rows)
}

type accessRow struct {
	store.Access
	ScreenKey string
}

// screenKey names an access log's screen for the citizen.
func screenKey(screen string) string {
	switch screen {
	case store.ScreenDossier, store.ScreenReceipt, ScreenFile, store.ScreenAPI, store.ScreenSlipPDF, store.ScreenFeePDF:
		return "citizen.access.screen." + screen
	}
	return "citizen.access.screen.other"
}

func init() {
	addMessages(map[string][2]string{
		"citizen.my.title":                   {"Hồ sơ của tôi", "My dossiers"},
		"citizen.my.drafts":                  {"Hồ sơ đang soạn", "Applications in progress"},
		"citizen.my.drafts.none":             {"Bạn không có hồ sơ đang soạn.", "You have no application in progress."},
		"citizen.my.draft.saved":             {"Lưu lần cuối lúc %s", "Last saved at %s"},
		"citizen.my.draft.continue":          {"Tiếp tục", "Continue"},
		"citizen.my.draft.delete":            {"Xóa", "Delete"},
		"citizen.my.draft.deleted":           {"Đã xóa hồ sơ đang soạn.", "The application in progress was deleted."},
		"citizen.my.submitted":               {"Hồ sơ đã nộp (%d)", "Dossiers sent (%d)"},
		"citizen.my.none":                    {"Bạn chưa có hồ sơ nào. Tìm thủ tục để nộp hồ sơ trực tuyến.", "You have no dossiers yet. Find a procedure to apply online."},
		"citizen.my.code":                    {"Mã hồ sơ", "Dossier code"},
		"citizen.my.procedure":               {"Thủ tục", "Procedure"},
		"citizen.my.status":                  {"Tình trạng", "Status"},
		"citizen.my.due":                     {"Hẹn trả kết quả", "Due"},
		"citizen.my.due.none":                {"Chưa có (chờ tiếp nhận)", "Not yet (waiting to be received)"},
		"citizen.my.more":                    {"Xem thêm hồ sơ", "More dossiers"},
		"citizen.my.needs.supplement":        {"Cần bổ sung giấy tờ", "Documents needed"},
		"citizen.my.needs.payment":           {"Cần nộp phí, lệ phí", "Payment needed"},
		"citizen.my.needs.collect":           {"Đã có kết quả, chờ trả", "Result ready to collect"},
		"citizen.my.needs.rate":              {"Mời bạn đánh giá", "Please rate the service"},
		"citizen.my.access.link":             {"Ai đã xem thông tin cá nhân trong hồ sơ của tôi?", "Who has seen the personal data in my dossiers?"},
		"citizen.my.notfound":                {"Không tìm thấy hồ sơ này trong hồ sơ của bạn", "This dossier is not among yours"},
		"citizen.my.notnow":                  {"Hồ sơ đang ở trạng thái không cho phép thao tác này. Hãy tải lại trang hồ sơ.", "The dossier's status does not allow this now. Reload the dossier's page."},
		"citizen.my.dossier.title":           {"Hồ sơ của tôi", "My dossier"},
		"citizen.my.secret":                  {"Mã tra cứu", "Tracking code"},
		"citizen.my.received":                {"Ngày tiếp nhận", "Received"},
		"citizen.my.unit":                    {"Nơi nộp", "Office"},
		"citizen.my.competent":               {"Cơ quan giải quyết", "Deciding office"},
		"citizen.my.files":                   {"Giấy tờ đã gửi", "Documents sent"},
		"citizen.my.files.none":              {"Không có tệp đính kèm.", "No files attached."},
		"citizen.my.history":                 {"Quá trình xử lý", "What has happened"},
		"citizen.my.history.when":            {"Thời gian", "When"},
		"citizen.my.history.what":            {"Nội dung", "What"},
		"citizen.my.reason":                  {"Lý do: %s", "Reason: %s"},
		"citizen.my.docs":                    {"Giấy tờ: %s", "Documents: %s"},
		"citizen.my.flash.supplement":        {"Đã gửi giấy tờ bổ sung. Cơ quan sẽ tiếp tục xử lý hồ sơ.", "Your documents were sent. The office will carry on with your dossier."},
		"citizen.my.flash.withdrawn":         {"Đã rút hồ sơ.", "The dossier was withdrawn."},
		"citizen.my.flash.rated":             {"Cảm ơn bạn đã đánh giá.", "Thank you for your rating."},
		"citizen.my.track":                   {"Xem trang tra cứu công khai", "See the public tracking page"},
		"citizen.supplement.title":           {"Bổ sung giấy tờ", "Send more documents"},
		"citizen.supplement.asked":           {"Cơ quan yêu cầu bổ sung:", "The office asks for more:"},
		"citizen.supplement.files":           {"Tệp bổ sung", "Files to add"},
		"citizen.supplement.files.hint":      {"PDF, JPG hoặc PNG, mỗi tệp không quá %d MB. Có thể chọn nhiều tệp.", "PDF, JPG or PNG, each at most %d MB. You can select several files."},
		"citizen.supplement.note":            {"Ghi chú cho cán bộ", "A note for the officer"},
		"citizen.supplement.send":            {"Gửi bổ sung", "Send documents"},
		"citizen.withdraw.link":              {"Rút hồ sơ", "Withdraw this dossier"},
		"citizen.withdraw.title":             {"Rút hồ sơ", "Withdraw your dossier"},
		"citizen.withdraw.warn":              {"Hồ sơ đã rút sẽ không được xử lý tiếp. Muốn giải quyết lại, bạn phải nộp hồ sơ mới.", "A withdrawn dossier is not processed any further. To apply again you must send a new dossier."},
		"citizen.withdraw.reason":            {"Lý do rút hồ sơ", "Why are you withdrawing it?"},
		"citizen.withdraw.button":            {"Rút hồ sơ", "Withdraw dossier"},
		"citizen.withdraw.cancel":            {"Không rút, quay lại hồ sơ", "Do not withdraw, go back"},
		"citizen.err.withdraw.reason":        {"Nhập lý do rút hồ sơ", "Enter why you are withdrawing the dossier"},
		"citizen.err.stale":                  {"Hồ sơ vừa được cán bộ cập nhật. Hãy xem lại tình trạng hồ sơ rồi thử lại.", "An officer has just updated the dossier. Check its status and try again."},
		"citizen.rate.title":                 {"Đánh giá mức độ hài lòng", "Rate the service"},
		"citizen.rate.legend":                {"Bạn có hài lòng với việc giải quyết hồ sơ này không?", "How satisfied are you with how this dossier was handled?"},
		"citizen.rate.3":                     {"Rất hài lòng", "Very satisfied"},
		"citizen.rate.2":                     {"Hài lòng", "Satisfied"},
		"citizen.rate.1":                     {"Không hài lòng", "Not satisfied"},
		"citizen.rate.reason":                {"Nếu không hài lòng, vì sao?", "If not satisfied, why?"},
		"citizen.rate.reason.none":           {"(chọn lý do)", "(choose a reason)"},
		"citizen.rate.reason.waiting":        {"Chờ đợi lâu, trễ hẹn", "Long wait, late"},
		"citizen.rate.reason.attitude":       {"Thái độ cán bộ", "Officer's attitude"},
		"citizen.rate.reason.guidance":       {"Hướng dẫn chưa rõ", "Unclear guidance"},
		"citizen.rate.reason.papers":         {"Yêu cầu giấy tờ ngoài quy định", "Papers beyond what the law asks"},
		"citizen.rate.reason.other":          {"Lý do khác", "Other"},
		"citizen.rate.comment":               {"Góp ý thêm", "Anything else"},
		"citizen.rate.send":                  {"Gửi đánh giá", "Send rating"},
		"citizen.rate.done":                  {"Bạn đã đánh giá: %s", "Your rating: %s"},
		"citizen.err.rate.value":             {"Chọn mức độ hài lòng", "Select how satisfied you are"},
		"citizen.err.rate.reason":            {"Chọn một lý do trong danh sách", "Select a reason from the list"},
		"citizen.done.title":                 {"Đã nộp hồ sơ", "Application sent"},
		"citizen.done.code":                  {"Mã hồ sơ của bạn", "Your dossier code"},
		"citizen.done.secret":                {"Mã tra cứu: %s", "Tracking code: %s"},
		"citizen.done.keep":                  {"Hãy ghi lại mã hồ sơ và mã tra cứu: bạn cần chúng để tra cứu hồ sơ mà không cần đăng nhập.", "Write down the dossier code and the tracking code: you need them to track the dossier without signing in."},
		"citizen.done.next":                  {"Tiếp theo", "What happens next"},
		"citizen.done.next.1":                {"%s kiểm tra hồ sơ. Hồ sơ hợp lệ sẽ được tiếp nhận và có ngày hẹn trả kết quả.", "%s checks your application. A complete one is received and given a due date."},
		"citizen.done.next.2":                {"Nếu cần bổ sung giấy tờ, cơ quan sẽ báo và bạn gửi bổ sung ngay trong mục Hồ sơ của tôi.", "If more documents are needed, the office tells you and you send them from My dossiers."},
		"citizen.done.track":                 {"Tra cứu hồ sơ này", "Track this dossier"},
		"citizen.done.mine":                  {"Xem hồ sơ của tôi", "Go to my dossiers"},
		"citizen.access.title":               {"Ai đã xem thông tin cá nhân của tôi", "Who has seen my personal data"},
		"citizen.access.lead":                {"Theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân, mỗi lần cán bộ mở thông tin cá nhân trong hồ sơ của bạn đều được ghi lại: ai, khi nào, trên màn hình nào.", "Under Decree 13/2023 on personal-data protection, every time an officer opens the personal data in your dossiers it is recorded: who, when and on which screen."},
		"citizen.access.none":                {"Chưa có ai ngoài bạn xem thông tin cá nhân trong hồ sơ của bạn.", "Nobody but you has opened the personal data in your dossiers."},
		"citizen.access.when":                {"Thời gian", "When"},
		"citizen.access.who":                 {"Cán bộ", "Officer"},
		"citizen.access.dossier":             {"Hồ sơ", "Dossier"},
		"citizen.access.screen":              {"Màn hình", "Screen"},
		"citizen.access.here":                {"Ai đã xem hồ sơ này", "Who has seen this dossier"},
		"citizen.access.all":                 {"Xem tất cả", "See all"},
		"citizen.access.screen.dossier_page": {"Trang hồ sơ", "Dossier page"},
		"citizen.access.screen.receipt":      {"In giấy tiếp nhận", "Printed receipt"},
		"citizen.access.screen.file":         {"Mở tệp đính kèm", "Opened a file"},
		"citizen.access.screen.api":          {"Đọc qua API (phần mềm kết nối)", "Read through the API (connected software)"},
		"citizen.access.screen.slip_pdf":     {"Tải phiếu (PDF)", "Downloaded a slip (PDF)"},
		"citizen.access.screen.other":        {"Khác", "Other"},
	})
}
