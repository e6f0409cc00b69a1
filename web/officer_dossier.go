package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// The officer's dossier page: every fact of the dossier, the process control slip, and a form for
// each action the user may take now (decided by the store with the same rules as the action
// itself). Opening it is recorded in the personal-data access log.

// actionOrder puts the actions that move a dossier on first and the ones that end it last.
var actionOrder = []workflow.Action{workflow.Receive, workflow.Forward, workflow.ReturnResult,
	workflow.RecordSupplement, workflow.ConfirmPayment, workflow.TransferReturn, workflow.SendBack,
	workflow.RequestSupplement, workflow.RequestPayment, workflow.Transfer, workflow.Reschedule,
	workflow.Refuse, workflow.Withdraw, workflow.Stop}

// actionFields are the inputs each action's form has, in order (docs/workflow.md, "Fields each
// action needs").
var actionFields = map[workflow.Action][]string{
	workflow.Receive:           {"note"},
	workflow.Refuse:            {"reason", "note"},
	workflow.RequestSupplement: {"reason", "documents", "note"},
	workflow.RecordSupplement:  {"note"},
	workflow.Forward:           {"note"},
	workflow.SendBack:          {"reason", "note"},
	workflow.RequestPayment:    {"amount", "documents", "note"},
	workflow.ConfirmPayment:    {"note"},
	workflow.Reschedule:        {"new_due", "reason", "note"},
	workflow.Transfer:          {"to_unit", "reason", "note"},
	workflow.TransferReturn:    {"result", "note"},
	workflow.Withdraw:          {"reason", "note"},
	workflow.Stop:              {"reason", "note"},
	workflow.ReturnResult:      {"how", "postal_tracking", "note"},
}

func primaryAction(a workflow.Action) bool {
	switch a {
	case workflow.Receive, workflow.Forward, workflow.ReturnResult, workflow.RecordSupplement,
		workflow.ConfirmPayment, workflow.TransferReturn:
		return true
	}
	return false
}

// actionForm is one action's form on the page.
type actionForm struct {
	Action  workflow.Action
	ID      string // prefix of its inputs' ids: "request-supplement" → "request-supplement-reason"
	Fields  []string
	Values  map[string]string
	Open    bool
	Danger  bool
	Hint    string
	Version int
}

func (f actionForm) Has(field string) bool { return slices.Contains(f.Fields, field) }
func (f actionForm) FID(field string) string {
	return f.ID + "-" + strings.ReplaceAll(field, "_", "-")
}
func (f actionForm) Val(field string) string { return f.Values[field] }

type dossierPageData struct {
	D             *dossier.Dossier
	StatusClass   string
	StatusKey     string // timeliness or urgency words
	ReceivingName string
	CompetentName string
	StepUnitName  string
	TransferName  string
	Forms         []actionForm
	Slip          []slipRow
	Accesses      []store.Access
	Units         []option // transfer targets
	MinDue        string   // datetime-local lower bound
	Done          workflow.Action
	Conflict      string // message key of a refused action: stale, not allowed now, not your role
	Latest        *dossier.Event
	LegalTime     string
	ApplicantType string
	Slips         []slipLink // printable slips: print pages (counter.go) and PDFs (slip_pdf.go)
	Files         []fileRow
	Result        resultView // the result document and who signs it (officer_result.go)
	ResultAdded   bool
	Digitise      digitiseView        // digitising the papers, documents re-used (digitisation.go)
	Outside       *store.IntakeRecord // the desk's record when it took the dossier in outside the centre
	Notices       []noticeRow         // emails and SMS to the applicant (officer_notices.go)
	Payments      []paymentRow        // the fee orders, oldest first; none when no fee was requested
	PaymentAlerts int                 // callbacks an officer should look into, over all orders
}

// paymentRow is one fee order on the dossier page, with the provider callbacks for it that
// changed nothing but may mean money was taken (a wrong amount, a cancelled order, a forgery).
type paymentRow struct {
	payment.Order
	AmountText   string
	StatusKey    string
	ProviderText string
	ReceiptURL   string // the fee receipt of a paid order (fee_receipt.go)
	Warnings     []paymentWarning
}

type paymentWarning struct {
	store.PaymentCallbackRecord
	Key string // message key explaining the outcome
}

// paymentRows words a dossier's orders and sorts its callbacks under them. Routine outcomes —
// confirmed, a duplicate, a payment the payer abandoned — are not warnings; nor is an error of
// ours on an order since paid, as the gateway's retry went through.
func paymentRows(orders []payment.Order, callbacks []store.PaymentCallbackRecord, lang Lang) ([]paymentRow, int) {
	rows := make([]paymentRow, len(orders))
	byRef := map[string]*paymentRow{}
	for i, o := range orders {
		r := paymentRow{Order: o, AmountText: formatVND(o.Amount), StatusKey: "officer.payments.status." + string(o.Status), ProviderText: o.Provider}
		switch o.Status {
		case payment.Pending, payment.Paid, payment.Cancelled:
		default:
			r.StatusKey = ""
		}
		switch o.Provider {
		case "vnpay", "counter":
			r.ProviderText = text(lang, "officer.payments.provider."+o.Provider)
		}
		if o.Status == payment.Paid {
			r.ReceiptURL = officerReceiptURL(o)
		}
		rows[i] = r
		byRef[o.Ref] = &rows[i]
	}
	alerts := 0
	for _, c := range callbacks {
		r := byRef[c.Ref]
		if r == nil {
			continue
		}
		switch c.Outcome {
		case payment.BadSignature, payment.WrongAmount, payment.NotPayable, payment.UnknownOrder:
		case "error":
			if r.Status == payment.Paid {
				continue
			}
		default:
			continue
		}
		r.Warnings = append(r.Warnings, paymentWarning{PaymentCallbackRecord: c, Key: "officer.payments.warn." + string(c.Outcome)})
		alerts++
	}
	return rows, alerts
}

// fileRow is one uploaded file in the dossier page's list; its name links to /tep/{id}, which
// serves it and records the opening in the access log.
type fileRow struct {
	store.File
	TypeText  string
	SizeText  string
	ShortHash string
}

// fileRows words a dossier's files for the page.
func fileRows(files []store.File, lang Lang) []fileRow {
	rows := make([]fileRow, len(files))
	for i, f := range files {
		r := fileRow{File: f, TypeText: f.ContentType, SizeText: sizeText(lang, f.Size), ShortHash: f.SHA256}
		switch f.ContentType {
		case "application/pdf":
			r.TypeText = "PDF"
		case "image/jpeg":
			r.TypeText = "JPEG"
		case "image/png":
			r.TypeText = "PNG"
		}
		if len(r.ShortHash) > 12 {
			r.ShortHash = r.ShortHash[:12] + "…"
		}
		rows[i] = r
	}
	return rows
}

func (s *Server) dossierPage(w http.ResponseWriter, r *http.Request, u user.User) {
	data := &dossierPageData{Done: workflow.Action(r.URL.Query().Get("xong"))}
	if !data.Done.Valid() {
		data.Done = ""
	}
	s.showDossier(w, r, u, http.StatusOK, data, nil, nil)
}

// showDossier loads the dossier fresh, logs the access and renders the page; posted holds the
// form the user sent (its values are kept and it is opened) when the page answers a refused action.
func (s *Server) showDossier(w http.ResponseWriter, r *http.Request, u user.User, status int, data *dossierPageData, posted *actionForm, errs FieldErrors) {
	ctx := r.Context()
	code := r.PathValue("code")
	o, err := s.store.DossierForOfficer(ctx, u, code)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "officer.dossier.notfound")
		return
	}
	if err != nil {
		s.log.Error("dossier page", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	// Decree 13/2023: the page shows the applicant's personal data, so who opened it is recorded
	// first; without the record the page is not shown.
	if err := s.store.LogAccess(ctx, u, code, store.ScreenDossier); err != nil {
		s.log.Error("access log", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	ui, err := s.unitInfo(ctx)
	if err != nil {
		s.log.Error("dossier page units", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	accesses, err := s.store.AccessLog(ctx, code)
	if err != nil {
		s.log.Error("dossier page access log", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	if len(accesses) > 20 {
		accesses = accesses[:20]
	}
	lang := langOf(r)
	files, err := s.store.DossierFiles(ctx, u, code)
	if err != nil {
		s.log.Error("dossier page files", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	data.Files = fileRows(files, lang)
	data.Result = resultOf(&o.Dossier, o.Template.Steps, data.Files, u)
	data.ResultAdded = r.URL.Query().Has("ket-qua")
	if data.Digitise, err = s.dossierDigitise(ctx, u, code, data.Files, r.URL.Query().Has("so-hoa")); err != nil {
		s.log.Error("dossier page digitisation", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	in, found, err := s.store.IntakeOf(ctx, u, code)
	if err != nil {
		s.log.Error("dossier page intake", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	if found && in.Place != "" {
		data.Outside = &in
	}
	if data.Notices, err = s.dossierNotices(ctx, u, code); err != nil {
		s.log.Error("dossier page notices", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	orders, err := s.store.PaymentOrders(ctx, u, code)
	if err != nil {
		s.log.Error("dossier page payments", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	if len(orders) > 0 {
		callbacks, err := s.store.DossierPaymentCallbacks(ctx, u, code)
		if err != nil {
			s.log.Error("dossier page payment callbacks", "code", code, "err", err)
			s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
			return
		}
		data.Payments, data.PaymentAlerts = paymentRows(orders, callbacks, lang)
	}
	now := s.store.Now()
	d := &o.Dossier
	data.D, data.Accesses = d, accesses
	data.ReceivingName, data.CompetentName = ui.name(d.UnitCode), ui.name(d.CompetentUnit)
	data.StepUnitName = ui.name(d.StepUnit)
	if d.TransferFromUnit != "" {
		data.TransferName = ui.name(d.TransferFromUnit)
	}
	data.LegalTime = legalTime(d.LegalTime, lang)
	data.ApplicantType = text(lang, "officer.applicant.type."+strconv.Itoa(d.Applicant.Type))
	if t := d.Timeliness(now); t != "" && d.FinishedAt != nil {
		data.StatusKey = "officer.timeliness." + string(t)
		data.StatusClass = urgencyOK
		if t == dossier.Late {
			data.StatusClass = urgencyLate
		}
	} else if !d.Status.Closed() {
		data.StatusClass, data.StatusKey, _ = urgencyOf(d, now, o.Clock.Calendar, o.Clock.Sessions)
	}
	if n := len(d.History); n > 0 {
		data.Latest = &d.History[n-1]
	}
	data.Slip = slip(d, o.Template, o.Clock, ui, now, lang)
	data.Slips = pdfSlipLinks(d, printableSlips(d))
	for _, a := range actionOrder {
		if !slices.Contains(o.Allowed, a) {
			continue
		}
		f := actionForm{Action: a, ID: strings.ReplaceAll(string(a), "_", "-"), Fields: actionFields[a],
			Values: map[string]string{}, Danger: a == workflow.Refuse || a == workflow.Withdraw || a == workflow.Stop,
			Version: d.Version}
		if posted != nil && posted.Action == a {
			f.Values, f.Open = posted.Values, true
		}
		f.Hint = actionHint(a, d, o.Template.Steps, lang)
		if a == workflow.ReturnResult && f.Values["how"] == "" {
			// Online only when there is a signed result to hand over; an online applicant
			// without one gets the paper result by post.
			switch {
			case d.Channel == catalog.Online && data.Result.Signed:
				f.Values["how"] = "online"
			case d.Channel == catalog.Online || d.Channel == catalog.Post:
				f.Values["how"] = "post"
			default:
				f.Values["how"] = "counter"
			}
		}
		data.Forms = append(data.Forms, f)
	}
	if posted == nil && len(data.Forms) > 0 && (len(data.Forms) == 1 || primaryAction(data.Forms[0].Action)) {
		data.Forms[0].Open = true
	}
	if slices.Contains(o.Allowed, workflow.Transfer) {
		for _, un := range ui.list {
			if un.Code != d.StepUnit && un.ActiveAt(now) {
				data.Units = append(data.Units, option{un.Code, un.Name + " (" + un.Code + ")"})
			}
		}
	}
	data.MinDue = now.In(calendar.Zone).Format("2006-01-02T15:04")
	s.render(w, r, status, "dossier", "officer.dossier.title", errs, data)
}

// printableSlips are the paper forms of DOMAIN.md §6 this dossier has, as links to the counter's
// print pages: the receipt once received, the supplement request once one was made, the refusal.
func printableSlips(d *dossier.Dossier) []option {
	base := "/can-bo/ho-so/" + url.PathEscape(d.Code)
	var out []option
	if d.ReceivedAt != nil && d.Status != workflow.Refused {
		out = append(out, option{base + "/giay-tiep-nhan", "officer.print.receipt"})
	}
	for _, ev := range d.History {
		if ev.Action == workflow.RequestSupplement {
			out = append(out, option{base + "/phieu-bo-sung", "officer.print.supplement"})
			break
		}
	}
	if d.Status == workflow.Refused {
		out = append(out, option{base + "/phieu-tu-choi", "officer.print.refusal"})
	}
	return out
}

// actionHint says what an action will do where that is not obvious from its name.
func actionHint(a workflow.Action, d *dossier.Dossier, steps []catalog.Step, lang Lang) string {
	switch a {
	case workflow.Forward:
		next := d.Step + 1
		if next >= len(steps)-1 {
			return text(lang, "officer.hint.forward.done")
		}
		if next < len(steps) {
			return text(lang, "officer.hint.forward", steps[next].Name, text(lang, "officer.role."+string(steps[next].Role)))
		}
	case workflow.SendBack:
		if prev := d.Step - 1; prev >= 0 && prev < len(steps) {
			return text(lang, "officer.hint.sendback", steps[prev].Name)
		}
	case workflow.Reschedule:
		due := "—"
		if d.DueAt != nil {
			due = d.DueAt.In(calendar.Zone).Format("15:04 02/01/2006")
		}
		return text(lang, "officer.hint.reschedule", due, d.Reschedules)
	case workflow.RecordSupplement, workflow.ConfirmPayment:
		return text(lang, "officer.hint.resume")
	case workflow.RequestSupplement, workflow.RequestPayment:
		return text(lang, "officer.hint.pause")
	}
	return ""
}

func legalTime(lt calendar.Duration, lang Lang) string {
	v := strconv.FormatFloat(lt.Value, 'f', -1, 64)
	if lang == Vietnamese {
		v = strings.ReplaceAll(v, ".", ",")
	}
	return text(lang, "officer.unit."+string(lt.Unit), v)
}

// dossierAct takes the action a form posted. Success goes back to the page (a fresh GET);
// a refusal shows the page again, fresh, with the reason — never a silent overwrite.
func (s *Server) dossierAct(w http.ResponseWriter, r *http.Request, u user.User) {
	lang := langOf(r)
	code := r.PathValue("code")
	a := workflow.Action(r.PostFormValue("action"))
	fields, ok := actionFields[a]
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if !ok || err != nil || version <= 0 {
		s.errorPage(w, r, http.StatusBadRequest, "officer.error.badform")
		return
	}
	posted := &actionForm{Action: a, ID: strings.ReplaceAll(string(a), "_", "-"), Fields: fields, Values: map[string]string{}}
	req := dossier.Request{Action: a, Version: version}
	var errs FieldErrors
	parseErr := map[string]string{} // field → message key, used if the store refuses that field
	for _, f := range fields {
		v := strings.TrimSpace(r.PostFormValue(f))
		posted.Values[f] = v
		if utf8.RuneCountInString(v) > 2000 {
			errs = append(errs, FieldError{posted.FID(f), text(lang, "officer.field.toolong")})
			continue
		}
		switch f {
		case "note":
			req.Note = v
		case "reason":
			req.Reason = v
		case "result":
			req.Result = v
		case "to_unit":
			req.ToUnit = v
		case "how":
			req.How = v
		case "postal_tracking":
			req.PostalTracking = v
		case "documents":
			for _, line := range strings.Split(v, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					req.Documents = append(req.Documents, line)
				}
			}
		case "amount":
			if v != "" {
				n, err := parseAmount(v)
				if err != nil {
					parseErr[f] = "officer.field.amount.format"
				}
				req.Amount = n
			}
		case "new_due":
			if v != "" {
				t, err := parseLocal(v)
				if err != nil {
					parseErr[f] = "officer.field.new_due.format"
				} else {
					req.NewDue = &t
				}
			}
		}
	}
	if len(errs) > 0 {
		s.showDossier(w, r, u, http.StatusUnprocessableEntity, &dossierPageData{}, posted, errs)
		return
	}
	_, err = s.store.Act(r.Context(), u, code, req)
	var e *motcua.Error
	if err != nil && !errors.As(err, &e) {
		s.log.Error("dossier action", "code", code, "action", a, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	switch {
	case err == nil:
		// An action may take the dossier out of the user's units (giving a transferred dossier
		// back): then the inbox says it left.
		if _, err := s.store.Dossier(r.Context(), u, code); motcua.ErrorCode(err) == motcua.ENOTFOUND {
			http.Redirect(w, r, "/can-bo?gone="+url.QueryEscape(code), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/can-bo/ho-so/"+url.PathEscape(code)+"?xong="+string(a), http.StatusSeeOther)
	case e.Code == motcua.EINVALID && e.Field != "":
		msg := fieldMessage(lang, e, posted.Values[e.Field], parseErr[e.Field])
		s.showDossier(w, r, u, http.StatusUnprocessableEntity, &dossierPageData{}, posted, FieldErrors{{posted.FID(e.Field), msg}})
	case e.Key == "stale_version":
		s.showDossier(w, r, u, http.StatusConflict, &dossierPageData{Conflict: "officer.conflict.stale"}, posted, nil)
	case e.Key == "action_not_allowed":
		s.showDossier(w, r, u, http.StatusConflict, &dossierPageData{Conflict: "officer.conflict.notnow"}, posted, nil)
	case e.Key == "no_electronic_result":
		s.showDossier(w, r, u, http.StatusConflict, &dossierPageData{}, posted,
			FieldErrors{{posted.FID("how"), text(lang, "officer.field.how.noresult")}})
	case e.Key == "no_certificate" || e.Key == "no_key_secret" || e.Key == "no_private_key":
		s.showDossier(w, r, u, http.StatusConflict, &dossierPageData{Conflict: "officer.conflict." + e.Key}, posted, nil)
	case e.Code == motcua.EFORBIDDEN:
		s.showDossier(w, r, u, http.StatusForbidden, &dossierPageData{Conflict: "officer.conflict.role"}, posted, nil)
	case e.Code == motcua.ENOTFOUND:
		// A dossier the user may not see (Act checks inside its transaction) is a 404, as on the API.
		s.errorPage(w, r, http.StatusNotFound, "officer.dossier.notfound")
	default:
		s.log.Error("dossier action", "code", code, "action", a, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
	}
}

// fieldMessage words a field the store refused; parseKey is set when the input could not be read.
// The posted value is not needed: the error's code tells an empty field from a bad one.
func fieldMessage(lang Lang, e *motcua.Error, _, parseKey string) string {
	if parseKey != "" {
		return text(lang, parseKey)
	}
	// The store says "required" for a field left empty and "invalid_field" for a bad value.
	missing := e.Key == "required"
	switch e.Field {
	case "reason":
		return text(lang, "officer.field.reason.required")
	case "amount":
		return text(lang, "officer.field.amount.required")
	case "new_due":
		switch {
		case missing:
			return text(lang, "officer.field.new_due.required")
		case strings.Contains(e.Message, "rescheduled"):
			return text(lang, "officer.field.new_due.limit")
		}
		return text(lang, "officer.field.new_due.later")
	case "to_unit":
		if missing {
			return text(lang, "officer.field.to_unit.required")
		}
		return text(lang, "officer.field.to_unit.other")
	case "how":
		return text(lang, "officer.field.how.required")
	case "postal_tracking":
		if missing {
			return text(lang, "officer.field.postal_tracking.required")
		}
		return text(lang, "officer.field.postal_tracking.invalid")
	}
	return text(lang, "officer.field.invalid")
}

// parseAmount reads an amount in đồng as people type it: 200000, 200.000, 200 000 đ.
func parseAmount(v string) (int64, error) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ToLower(v)), "đ"))
	v = strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "").Replace(v)
	return strconv.ParseInt(v, 10, 64)
}

// parseLocal reads a datetime-local value as Vietnam time (UTC+7).
func parseLocal(v string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, calendar.Zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errors.New("not a date and time")
}
