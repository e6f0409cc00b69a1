package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// portalTrack is /tra-cuu: a dossier's status, current step, due date and timeline, for anyone
// holding its code and either the tracking code printed on the receipt or the applicant's
// phone number. Dossier codes follow a pattern and can be guessed, so the code alone shows
// nothing. The page never shows personal data: the template only gets portalTracked, which
// holds none. It is a GET form so that the receipt's QR code can link straight to the result:
// /tra-cuu?code=…&secret=….
func (s *Server) portalTrack(w http.ResponseWriter, r *http.Request) {
	in := r.URL.Query()
	f := portalTrackForm{
		Code:   strings.ToUpper(strings.Join(strings.Fields(portalClip(in.Get("code"), 64)), "")),
		Secret: strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(portalClip(in.Get("secret"), 32))),
		Phone:  strings.TrimSpace(portalClip(in.Get("phone"), 32)),
	}
	data := portalTrackData{Form: f}
	if !in.Has("code") && !in.Has("secret") && !in.Has("phone") {
		s.render(w, r, http.StatusOK, "track", "portal.track.title", nil, data)
		return
	}
	lang := langOf(r)
	var errs FieldErrors
	if f.Code == "" {
		errs = append(errs, FieldError{Field: "code", Message: text(lang, "portal.track.err.code")})
	}
	if f.Secret == "" && f.Phone == "" {
		errs = append(errs, FieldError{Field: "secret", Message: text(lang, "portal.track.err.verify")})
	}
	if len(errs) > 0 {
		s.render(w, r, http.StatusBadRequest, "track", "portal.track.title", errs, data)
		return
	}
	d, err := s.portalFind(r, f)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		// One message for a wrong code, tracking code or phone: no telling which was wrong.
		errs = FieldErrors{{Field: "code", Message: text(lang, "portal.track.err.notfound")}}
		s.render(w, r, http.StatusNotFound, "track", "portal.track.title", errs, data)
		return
	}
	if err != nil {
		s.log.Error("track", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	data.Found = s.portalTracked(r, &d, lang)
	s.render(w, r, http.StatusOK, "track", "portal.track.title", nil, data)
}

// portalFind looks the dossier up by tracking code, or by phone number when no tracking code
// was given or it did not match.
func (s *Server) portalFind(r *http.Request, f portalTrackForm) (dossier.Dossier, error) {
	var d dossier.Dossier
	var err error = motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "no dossier")
	if f.Secret != "" {
		d, err = s.store.Track(r.Context(), f.Code, f.Secret)
	}
	if f.Phone != "" && motcua.ErrorCode(err) == motcua.ENOTFOUND {
		d, err = s.store.TrackByPhone(r.Context(), f.Code, f.Phone)
	}
	return d, err
}

type portalTrackForm struct{ Code, Secret, Phone string }

type portalTrackData struct {
	Form  portalTrackForm
	Found *portalTracked
}

// portalTracked is what tracking may show of a dossier: nothing about the applicant.
type portalTracked struct {
	Code          string
	ProcedureCode string
	ProcedureName string
	Status        workflow.Status
	Next          string // a message key: what the applicant should do now, or ""
	Paused        bool   // the clock stands still: the due date will move
	Open          bool   // someone still acts on it: the current step means something
	StepName      string
	StepUnit      string
	ReceivedAt    *time.Time
	DueAt         *time.Time
	FinishedAt    *time.Time
	ReturnedAt    *time.Time
	Timeliness    string // a message key, or ""
	TimelyTag     string // ok, soon or late
	Events        []portalEvent
}

type portalEvent struct {
	At     time.Time
	Action string // a message key
	To     workflow.Status
	Step   string
	Unit   string
}

func (s *Server) portalTracked(r *http.Request, d *dossier.Dossier, lang Lang) *portalTracked {
	t := &portalTracked{Code: d.Code, ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName,
		Status: d.Status, Open: !d.Status.Closed(), Paused: d.Status.Paused(), StepName: d.StepName,
		ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, FinishedAt: d.FinishedAt, ReturnedAt: d.ReturnedAt}
	switch d.Status {
	case workflow.Supplement, workflow.Payment, workflow.Done:
		t.Next = "portal.track.next." + strconv.Itoa(int(d.Status))
	}
	now := s.store.Now()
	switch tl := d.Timeliness(now); tl {
	case dossier.Early, dossier.OnTime:
		t.Timeliness, t.TimelyTag = "portal.timely."+string(tl), "ok"
	case dossier.Late, dossier.Overdue:
		t.Timeliness, t.TimelyTag = "portal.timely."+string(tl), "late"
	case dossier.Within:
		t.Timeliness, t.TimelyTag = "portal.timely.within", "ok"
		if d.DueAt.Sub(now) < 24*time.Hour && !d.Status.Paused() {
			t.Timeliness, t.TimelyTag = "portal.timely.soon", "soon"
		}
	}
	// Unit and step names: the units are public, the step names come from the procedure's
	// process (its current version; the dossier's own step name wins for its current step).
	names := map[string]string{}
	if units, err := s.store.Units(r.Context()); err == nil {
		for _, u := range units {
			names[u.Code] = u.Name
		}
	}
	unitName := func(code string) string {
		if n, ok := names[code]; ok {
			return n
		}
		return code
	}
	t.StepUnit = unitName(d.StepUnit)
	steps := map[string]string{}
	if p, err := s.store.Procedure(r.Context(), d.ProcedureCode); err == nil {
		tpl := p.Template
		if tpl == nil {
			def := catalog.DefaultTemplate(0)
			tpl = &def
		}
		for _, st := range tpl.Steps {
			steps[st.Key] = st.Name
		}
	}
	steps[d.StepKey] = d.StepName
	for _, ev := range d.History {
		e := portalEvent{At: ev.At, Action: portalActionKey(ev.Action), To: ev.To, Unit: unitName(ev.StepUnit)}
		if text(lang, e.Action) == e.Action { // an action this page has no words for
			e.Action = ""
		}
		if !ev.To.Closed() {
			e.Step = steps[ev.Step]
		}
		t.Events = append(t.Events, e)
	}
	return t
}
