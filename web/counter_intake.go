package web

import (
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Counter intake: the officer takes a counter (for its kiosk), finds the procedure, picks the
// case, enters the applicant, ticks the papers against the case's checklist and decides: receive
// (status 2, then the receipt slip), ask for papers (5, the supplement slip) or refuse (3, the
// refusal slip). The store records the dossier and the checklist in one transaction.

type counterOption struct {
	Value    string
	Label    string
	Selected bool
}

type counterProc struct {
	Code, Name, Field string
}

// findProcedures is the portal's search for the counter's procedure pickers: the best 30.
func (s *Server) findProcedures(r *http.Request, query string) ([]counterProc, error) {
	ps, err := s.store.CurrentProcedures(r.Context())
	if err != nil {
		return nil, err
	}
	var out []counterProc
	for i, p := range catalog.NewIndex(ps).Search(catalog.Query{Text: query}) {
		if i == 30 {
			break
		}
		out = append(out, counterProc{Code: p.Code, Name: p.Name, Field: p.FieldName})
	}
	return out, nil
}

type counterStartData struct {
	Desk       *store.Desk
	DeskUnit   string
	Options    []counterOption
	Query      string
	Searched   bool
	Results    []counterProc
	Notice     string
	CanKiosk   bool
	KioskPath  string
	Manager    bool
	NoCounters bool
}

// counterUnitNames maps agency codes to unit names.
func (s *Server) counterUnitNames(r *http.Request) (map[string]org.Unit, error) {
	us, err := s.store.Units(r.Context())
	if err != nil {
		return nil, err
	}
	m := make(map[string]org.Unit, len(us))
	for _, u := range us {
		m[u.Code] = u
	}
	return m, nil
}

func (s *Server) counterStart(w http.ResponseWriter, r *http.Request, u user.User) {
	lang := langOf(r)
	mine := intakeUnits(u)
	if len(mine) == 0 {
		s.errorPage(w, r, http.StatusForbidden, "counter.forbidden")
		return
	}
	units, err := s.counterUnitNames(r)
	if err != nil {
		s.counterInternal(w, r, "counter units", err)
		return
	}
	data := counterStartData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if len(data.Query) > 200 {
		data.Query = data.Query[:200]
	}
	switch r.URL.Query().Get("quay") {
	case "1":
		data.Notice = text(lang, "counter.desk.taken")
	case "0":
		data.Notice = text(lang, "counter.desk.left")
	}
	desk, ok, err := s.store.DeskOf(r.Context(), u.ID)
	if err != nil {
		s.counterInternal(w, r, "counter desk", err)
		return
	}
	if ok {
		data.Desk, data.DeskUnit = &desk, units[desk.UnitCode].Name
	}
	for _, code := range mine {
		for _, c := range units[code].Counters {
			id := counterID(code, c)
			data.Options = append(data.Options, counterOption{Value: id, Label: units[code].Name + " — " + c,
				Selected: ok && id == counterID(desk.UnitCode, desk.Counter)})
		}
	}
	data.NoCounters = len(data.Options) == 0
	if data.Query != "" {
		var err error
		if data.Results, err = s.findProcedures(r, data.Query); err != nil {
			s.counterInternal(w, r, "counter search", err)
			return
		}
		data.Searched = true
	}
	s.render(w, r, http.StatusOK, "counter_start", "counter.start.title", nil, data)
}

// counterTakeDesk seats the officer at a counter of their unit, or stands them up.
func (s *Server) counterTakeDesk(w http.ResponseWriter, r *http.Request, u user.User) {
	if r.PostFormValue("leave") != "" {
		if err := s.store.LeaveCounter(r.Context(), u); err != nil {
			s.counterInternal(w, r, "leave counter", err)
			return
		}
		http.Redirect(w, r, "/can-bo/tiep-nhan?quay=0", http.StatusSeeOther)
		return
	}
	unit, counter, ok := parseCounterID(r.PostFormValue("counter"))
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest, "counter.err.unknown_counter")
		return
	}
	if _, err := s.store.TakeCounter(r.Context(), u, unit, counter); err != nil {
		switch motcua.ErrorCode(err) {
		case motcua.EFORBIDDEN:
			s.errorPage(w, r, http.StatusForbidden, "counter.forbidden")
		case motcua.EINVALID, motcua.ENOTFOUND:
			s.errorPage(w, r, http.StatusBadRequest, "counter.err.unknown_counter")
		default:
			s.counterInternal(w, r, "take counter", err)
		}
		return
	}
	http.Redirect(w, r, "/can-bo/tiep-nhan?quay=1", http.StatusSeeOther)
}

// counterInternal logs an unexpected error and shows the error page.
func (s *Server) counterInternal(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.log.Error(what, "path", r.URL.Path, "err", err)
	s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
}

type counterDoc struct {
	Index     int
	Name      string
	Required  bool
	Form      string
	FormURL   string
	Received  bool
	Originals string
	Copies    string
}

// counterValues are the form's inputs as typed, kept on error.
type counterValues struct {
	Unit, Competent, Name, IDNumber, Phone, Email, Address, Type string
	Sets, Summary, Delivery, Place, PlaceAt, Reason, Appointment string
}

type counterFormData struct {
	Proc          *catalog.Procedure
	Action        string
	CaseIdx       int
	CaseName      string
	MultiCase     bool
	LegalTime     string
	Units         []counterOption
	UnitName      string
	Competent     []counterOption
	Types         []counterOption
	Deliveries    []counterOption
	Docs          []counterDoc
	F             counterValues
	Appointment   *store.Appointment
	OutsideOpen   bool
	CaseChoices   []counterOption
	CaseChooseURL string
}

// counterProcedure loads the procedure of the path, or answers 404, or 409 for a procedure not
// taken in person.
func (s *Server) counterProcedure(w http.ResponseWriter, r *http.Request) (*catalog.Procedure, bool) {
	p, err := s.store.Procedure(r.Context(), r.PathValue("proc"))
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "error.notfound")
		return nil, false
	}
	if err != nil {
		s.counterInternal(w, r, "counter procedure", err)
		return nil, false
	}
	if !p.AcceptsChannel(catalog.InPerson) {
		s.errorPage(w, r, http.StatusConflict, "counter.err.channel_not_offered")
		return nil, false
	}
	return &p, true
}

// counterSetup fills what the form offers: units, competent units, types, deliveries, checklist.
func (s *Server) counterSetup(r *http.Request, u user.User, p *catalog.Procedure, caseIdx int, f counterValues) (counterFormData, error) {
	lang := langOf(r)
	units, err := s.counterUnitNames(r)
	if err != nil {
		return counterFormData{}, err
	}
	d := counterFormData{Proc: p, CaseIdx: caseIdx, MultiCase: len(p.Cases) > 1, F: f,
		Action: "/can-bo/tiep-nhan/" + url.PathEscape(p.Code)}
	if lt, ok := p.TimeFor(catalog.InPerson); ok {
		d.LegalTime = counterDuration(lang, lt)
	}
	mine := intakeUnits(u)
	if d.F.Unit == "" {
		d.F.Unit = mine[0]
		// The unit of the officer's counter, if they sit at one.
		if desk, ok, _ := s.store.DeskOf(r.Context(), u.ID); ok && slices.Contains(mine, desk.UnitCode) {
			d.F.Unit = desk.UnitCode
		}
	}
	for _, code := range mine {
		d.Units = append(d.Units, counterOption{Value: code, Label: units[code].Name, Selected: code == d.F.Unit})
	}
	d.UnitName = units[d.F.Unit].Name
	// The competent unit is asked for when one of the officer's units does not handle the
	// procedure (a service centre receives for the departments).
	ask := false
	for _, code := range mine {
		if !p.Implements(code) {
			ask = true
		}
	}
	if ask {
		d.Competent = append(d.Competent, counterOption{Value: "", Label: text(lang, "counter.form.competent.same"), Selected: d.F.Competent == ""})
		for _, code := range p.UnitCodes {
			name := units[code].Name
			if name == "" {
				name = code
			}
			d.Competent = append(d.Competent, counterOption{Value: code, Label: name, Selected: code == d.F.Competent})
		}
	}
	if d.F.Type == "" {
		d.F.Type = "1"
	}
	for i := 1; i <= 4; i++ {
		v := strconv.Itoa(i)
		d.Types = append(d.Types, counterOption{Value: v, Label: text(lang, "counter.type."+v), Selected: v == d.F.Type})
	}
	if d.F.Delivery == "" {
		d.F.Delivery = store.DeliveryCounter
	}
	for _, v := range []string{store.DeliveryCounter, store.DeliveryPost, store.DeliveryOnline} {
		d.Deliveries = append(d.Deliveries, counterOption{Value: v, Label: text(lang, "counter.delivery."+v), Selected: v == d.F.Delivery})
	}
	if d.F.Sets == "" {
		d.F.Sets = "1"
	}
	if caseIdx >= 0 && caseIdx < len(p.Cases) {
		c := p.Cases[caseIdx]
		d.CaseName = c.Name
		for i, doc := range c.Documents {
			d.Docs = append(d.Docs, counterDoc{Index: i, Name: doc.Name, Required: doc.Required, Form: doc.Form, FormURL: doc.FormURL,
				Originals: strconv.Itoa(doc.Originals), Copies: strconv.Itoa(doc.Copies)})
		}
	}
	d.OutsideOpen = d.F.Place != "" || d.F.PlaceAt != ""
	if d.F.Appointment != "" {
		if id, err := strconv.ParseInt(d.F.Appointment, 10, 64); err == nil {
			if a, err := s.store.Appointment(r.Context(), u, id); err == nil && a.Status == store.AppointmentBooked {
				d.Appointment = &a
			}
		}
		if d.Appointment == nil {
			d.F.Appointment = ""
		}
	}
	q := url.Values{}
	if d.F.Appointment != "" {
		q.Set("lich-hen", d.F.Appointment)
	}
	d.CaseChooseURL = d.Action
	if len(q) > 0 {
		d.CaseChooseURL += "?" + q.Encode()
	}
	return d, nil
}

// counterForm shows the case choice when the procedure has several cases, then the form.
func (s *Server) counterForm(w http.ResponseWriter, r *http.Request, u user.User) {
	if len(intakeUnits(u)) == 0 {
		s.errorPage(w, r, http.StatusForbidden, "counter.forbidden")
		return
	}
	p, ok := s.counterProcedure(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	var f counterValues
	if id := q.Get("lich-hen"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err == nil {
			if a, err := s.store.Appointment(r.Context(), u, n); err == nil && a.Status == store.AppointmentBooked {
				f = counterValues{Name: a.Name, Phone: a.Phone, Address: a.Address, Place: a.Address, Appointment: id}
				if slices.Contains(intakeUnits(u), a.UnitCode) {
					f.Unit = a.UnitCode
				}
			}
		}
	}
	caseIdx, err := strconv.Atoi(q.Get("truong-hop"))
	if len(p.Cases) <= 1 {
		caseIdx, err = 0, nil
	}
	data, serr := s.counterSetup(r, u, p, caseIdx, f)
	if serr != nil {
		s.counterInternal(w, r, "counter form", serr)
		return
	}
	if len(p.Cases) > 0 && (err != nil || caseIdx < 0 || caseIdx >= len(p.Cases)) {
		for i, c := range p.Cases {
			data.CaseChoices = append(data.CaseChoices, counterOption{Value: strconv.Itoa(i), Label: c.Name, Selected: i == 0})
		}
		s.render(w, r, http.StatusOK, "counter_case", "counter.case.title", nil, data)
		return
	}
	s.render(w, r, http.StatusOK, "counter_form", "counter.form.title", nil, data)
}

// counterParseTime reads "02/03/2026 19:30" or a datetime-local value, in Vietnam time.
func counterParseTime(v string) (time.Time, bool) {
	for _, layout := range []string{"02/01/2006 15:04", "2/1/2006 15:04", "2006-01-02T15:04", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, v, calendar.Zone); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (s *Server) counterSubmit(w http.ResponseWriter, r *http.Request, u user.User) {
	lang := langOf(r)
	mine := intakeUnits(u)
	if len(mine) == 0 {
		s.errorPage(w, r, http.StatusForbidden, "counter.forbidden")
		return
	}
	p, ok := s.counterProcedure(w, r)
	if !ok {
		return
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := counterValues{Unit: v("unit"), Competent: v("competent"), Name: v("name"), IDNumber: v("id-number"),
		Phone: v("phone"), Email: v("email"), Address: v("address"), Type: v("type"), Sets: v("sets"),
		Summary: v("summary"), Delivery: v("delivery"), Place: v("place"), PlaceAt: v("place-at"),
		Reason: v("reason"), Appointment: v("appointment")}
	caseIdx, _ := strconv.Atoi(v("case"))
	if len(p.Cases) == 0 {
		caseIdx = 0
	} else if caseIdx < 0 || caseIdx >= len(p.Cases) {
		s.errorPage(w, r, http.StatusBadRequest, "counter.err.invalid")
		return
	}
	data, err := s.counterSetup(r, u, p, caseIdx, f)
	if err != nil {
		s.counterInternal(w, r, "counter form", err)
		return
	}
	decision := store.IntakeDecision(v("decision"))
	if decision != store.IntakeSupplement && decision != store.IntakeRefuse {
		decision = store.IntakeReceive
	}

	var errs FieldErrors
	add := func(field, key string) { errs = append(errs, FieldError{Field: field, Message: text(lang, key)}) }
	in := store.CounterIntake{NewDossier: store.NewDossier{ProcedureCode: p.Code, UnitCode: f.Unit,
		CompetentUnitCode: f.Competent, Channel: catalog.InPerson, Summary: f.Summary,
		Applicant: dossier.Applicant{Name: f.Name, IDNumber: f.IDNumber, Email: f.Email, Address: f.Address}},
		Case: data.CaseName, Delivery: f.Delivery, Place: f.Place, Decision: decision, Reason: f.Reason}
	if !slices.Contains(mine, f.Unit) {
		add("unit", "counter.err.unit")
	}
	if f.Competent != "" && !p.Implements(f.Competent) {
		add("competent", "counter.err.not_implementing_unit")
	} else if f.Competent == "" && !p.Implements(f.Unit) {
		add("competent", "counter.err.competent")
	}
	if f.Name == "" {
		add("name", "counter.err.name")
	} else if len(f.Name) > 200 {
		add("name", "counter.err.too_long")
	}
	if f.Phone != "" {
		if n, ok := store.NormalisePhone(f.Phone); ok {
			in.Applicant.Phone = n
		} else {
			add("phone", "counter.err.phone")
		}
	}
	if f.Email != "" {
		if _, err := mail.ParseAddress(f.Email); err != nil {
			add("email", "counter.err.email")
		}
	}
	if len(f.Address) > 500 {
		add("address", "counter.err.too_long")
	}
	t, err := strconv.Atoi(f.Type)
	if err != nil || t < 1 || t > 4 {
		add("type-1", "counter.err.type")
	}
	in.Applicant.Type = t
	var firstMissing = -1
	for i := range data.Docs {
		doc := &data.Docs[i]
		doc.Received = r.PostFormValue("doc-"+strconv.Itoa(i)) != ""
		doc.Originals, doc.Copies = v("doc-"+strconv.Itoa(i)+"-originals"), v("doc-"+strconv.Itoa(i)+"-copies")
		o, err1 := strconv.Atoi(doc.Originals)
		c, err2 := strconv.Atoi(doc.Copies)
		switch {
		case err1 != nil || o < 0 || o > 99:
			add("doc-"+strconv.Itoa(i)+"-originals", "counter.err.count")
		case err2 != nil || c < 0 || c > 99:
			add("doc-"+strconv.Itoa(i)+"-copies", "counter.err.count")
		case doc.Received && o+c == 0:
			add("doc-"+strconv.Itoa(i)+"-originals", "counter.err.received_nothing")
		}
		if doc.Required && !doc.Received && firstMissing < 0 {
			firstMissing = i
		}
		in.Documents = append(in.Documents, store.IntakeDocument{Name: doc.Name, Required: doc.Required,
			Received: doc.Received, Originals: o, Copies: c})
	}
	if decision == store.IntakeReceive && firstMissing >= 0 {
		add("doc-"+strconv.Itoa(firstMissing), "counter.err.required_missing")
	}
	if in.Sets, err = strconv.Atoi(f.Sets); err != nil || in.Sets < 1 || in.Sets > 20 {
		add("sets", "counter.err.sets")
	}
	if len(f.Summary) > 2000 {
		add("summary", "counter.err.too_long")
	}
	if f.PlaceAt != "" {
		if at, ok := counterParseTime(f.PlaceAt); ok {
			in.PlaceAt = &at
			if f.Place == "" {
				add("place", "counter.err.place")
			}
		} else {
			add("place-at", "counter.err.placeat")
		}
	}
	if decision != store.IntakeReceive && f.Reason == "" {
		add("reason", "counter.err.required")
	}
	if data.Appointment != nil {
		in.AppointmentID = data.Appointment.ID
	}
	if desk, ok, _ := s.store.DeskOf(r.Context(), u.ID); ok && desk.UnitCode == f.Unit {
		in.Counter = desk.Counter
	}
	if len(errs) == 0 {
		d, err := s.store.Intake(r.Context(), u, in)
		if err == nil {
			http.Redirect(w, r, counterSlipPath(d), http.StatusSeeOther)
			return
		}
		fe, ok := counterErr(lang, err, map[string]string{"applicant.name": "name", "applicant.email": "email",
			"applicant.phone": "phone", "applicant.type": "type-1", "competent_unit_code": "competent",
			"unit_code": "unit", "documents": "doc-0", "reason": "reason", "place": "place",
			"place_at": "place-at", "sets": "sets", "delivery": "delivery-counter", "appointment": "name"}, "name")
		if !ok {
			if motcua.ErrorCode(err) == motcua.EFORBIDDEN {
				s.errorPage(w, r, http.StatusForbidden, "counter.forbidden")
				return
			}
			s.counterInternal(w, r, "counter intake", err)
			return
		}
		errs = FieldErrors{fe}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "counter_form", "counter.form.title", errs, data)
}

// counterSlipPath is the slip that follows the desk's decision.
func counterSlipPath(d dossier.Dossier) string {
	base := "/can-bo/ho-so/" + url.PathEscape(d.Code)
	switch d.Status {
	case workflow.Refused:
		return base + "/phieu-tu-choi"
	case workflow.Supplement:
		return base + "/phieu-bo-sung"
	}
	return base + "/giay-tiep-nhan"
}
