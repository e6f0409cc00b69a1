package web

import (
	"cmp"
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// The inbox: what the officer can act on now (a centre manager: every open dossier of their
// units), the most urgent first, each marked on time / due soon / overdue in colour and in words.

// Urgency classes, also the CSS tag classes (app.css: .tag.ok, .tag.soon, .tag.late).
const (
	urgencyLate = "late"
	urgencySoon = "soon"
	urgencyOK   = "ok"
)

func urgencyRank(u string) int {
	switch u {
	case urgencyLate:
		return 0
	case urgencySoon:
		return 1
	}
	return 2
}

// urgencyOf classifies an open dossier at now. The deadline is the earlier of the current step's
// and the dossier's due instants; "due soon" means within one working day of the receiving
// unit's sessions. A paused dossier is judged at the instant it was paused (its clock stands
// still); one whose result is ready, or that was never received, has no running deadline.
func urgencyOf(d *dossier.Dossier, now time.Time, cal *calendar.Calendar, sess calendar.Sessions) (class, key string, deadline *time.Time) {
	deadline = d.DueAt
	if d.StepDueAt != nil && (deadline == nil || d.StepDueAt.Before(*deadline)) {
		deadline = d.StepDueAt
	}
	switch {
	case d.Status == workflow.Done:
		return urgencyOK, "officer.urgency.ready", nil
	case deadline == nil:
		return urgencyOK, "officer.urgency.none", nil
	case d.Status.Paused():
		at := now
		if d.PausedAt != nil {
			at = *d.PausedAt
		}
		if at.After(*deadline) {
			return urgencyLate, "officer.urgency.late", deadline
		}
		return urgencyOK, "officer.urgency.paused", deadline
	case now.After(*deadline):
		return urgencyLate, "officer.urgency.late", deadline
	case !deadline.After(cal.Add(sess, now, sess.Daily())):
		return urgencySoon, "officer.urgency.soon", deadline
	}
	return urgencyOK, "officer.urgency.ok", deadline
}

type inboxRow struct {
	D           dossier.Dossier
	Urgency     string // late, soon, ok
	UrgencyKey  string // the words for it
	Deadline    *time.Time
	ActUnit     string
	ActUnitName string
}

type option struct {
	Value, Label string
}

type inboxFilter struct {
	Status    int
	Unit      string
	Procedure string
	Due       string
}

type inboxData struct {
	Rows                            []inboxRow
	Total                           int  // everything in the inbox
	Truncated                       bool // the inbox holds more than one page loads
	Late, Soon, OK                  int  // counts under the status, unit and procedure filters
	Filter                          inboxFilter
	Filtered                        bool
	Statuses                        []option
	Units                           []option
	Procedures                      []option
	Manager                         bool
	Intake                          bool   // may take dossiers at the counter (counter.go)
	Stats                           bool   // sees a unit's statistics (officer_stats.go)
	Sessions                        int    // devices the user is signed in on
	Gone                            string // a dossier that left the user's view after their action
	LateURL, SoonURL, OKURL, AllURL string
}

// unitInfo is what pages need of units: names and office sessions.
type unitInfo struct {
	names    map[string]string
	sessions map[string]calendar.Sessions
	list     []org.Unit
}

func (s *Server) unitInfo(ctx context.Context) (unitInfo, error) {
	us, err := s.store.Units(ctx)
	if err != nil {
		return unitInfo{}, err
	}
	ui := unitInfo{names: map[string]string{}, sessions: map[string]calendar.Sessions{}, list: us}
	for _, u := range us {
		ui.names[u.Code] = u.Name
		sess := calendar.DefaultSessions
		if u.Sessions != "" {
			if p, err := calendar.ParseSessions(u.Sessions); err == nil {
				sess = p
			}
		}
		ui.sessions[u.Code] = sess
	}
	return ui, nil
}

func (ui unitInfo) name(code string) string {
	if n, ok := ui.names[code]; ok {
		return n
	}
	return code
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx := r.Context()
	q := r.URL.Query()
	var f inboxFilter
	f.Status, _ = strconv.Atoi(q.Get("status"))
	f.Unit, f.Procedure, f.Due = q.Get("unit"), q.Get("procedure"), q.Get("due")
	page, err := s.store.Inbox(ctx, u, store.MaxLimit)
	if err != nil {
		s.log.Error("inbox", "user", u.ID, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	ui, err := s.unitInfo(ctx)
	if err != nil {
		s.log.Error("inbox units", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	cal, err := s.store.Calendar(ctx)
	if err != nil {
		s.log.Error("inbox calendar", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	now := s.store.Now()
	lang := langOf(r)
	data := inboxData{Total: page.Total, Truncated: page.Total > len(page.Items), Filter: f,
		Manager: u.Has(workflow.CentreManager), Intake: u.Has(workflow.IntakeOfficer), Stats: mayViewStats(u), Gone: q.Get("gone")}
	data.Filtered = f.Status != 0 || f.Unit != "" || f.Procedure != "" || f.Due != ""
	statuses, units, procs := map[workflow.Status]bool{}, map[string]bool{}, map[string]string{}
	for _, d := range page.Items {
		act, _ := d.ActingUnitRole()
		if act == "" {
			act = d.UnitCode
		}
		statuses[d.Status], units[act], procs[d.ProcedureCode] = true, true, d.ProcedureName
		if (f.Status != 0 && int(d.Status) != f.Status) || (f.Unit != "" && act != f.Unit) ||
			(f.Procedure != "" && d.ProcedureCode != f.Procedure) {
			continue
		}
		class, key, deadline := urgencyOf(&d, now, cal, ui.sessions[d.UnitCode])
		switch class {
		case urgencyLate:
			data.Late++
		case urgencySoon:
			data.Soon++
		default:
			data.OK++
		}
		if f.Due != "" && class != f.Due {
			continue
		}
		data.Rows = append(data.Rows, inboxRow{D: d, Urgency: class, UrgencyKey: key, Deadline: deadline,
			ActUnit: act, ActUnitName: ui.name(act)})
	}
	// The store sorts by the current step's due instant; the page puts the overdue first, then the
	// due soon, then the rest, each by its deadline. Dossiers with no running deadline (a result to
	// hand over, a submission to receive) lead the rest, in the store's order: they wait on the
	// officer alone.
	slices.SortStableFunc(data.Rows, func(a, b inboxRow) int {
		if c := cmp.Compare(urgencyRank(a.Urgency), urgencyRank(b.Urgency)); c != 0 {
			return c
		}
		switch {
		case a.Deadline == nil && b.Deadline == nil:
			return 0
		case a.Deadline == nil:
			return -1
		case b.Deadline == nil:
			return 1
		}
		return a.Deadline.Compare(*b.Deadline)
	})
	for _, st := range []workflow.Status{1, 2, 4, 5, 6, 9} {
		if statuses[st] || int(st) == f.Status {
			name := st.Name()
			if lang == English {
				name = st.NameEN()
			}
			data.Statuses = append(data.Statuses, option{strconv.Itoa(int(st)), name})
		}
	}
	for _, code := range u.Units() {
		units[code] = true
	}
	for code := range units {
		data.Units = append(data.Units, option{code, ui.name(code)})
	}
	slices.SortFunc(data.Units, func(a, b option) int { return cmp.Compare(a.Label, b.Label) })
	for code, name := range procs {
		data.Procedures = append(data.Procedures, option{code, name})
	}
	slices.SortFunc(data.Procedures, func(a, b option) int { return cmp.Compare(a.Label, b.Label) })
	link := func(due string) string {
		v := maps.Clone(q)
		v.Del("gone")
		if due == "" {
			v.Del("due")
		} else {
			v.Set("due", due)
		}
		if enc := v.Encode(); enc != "" {
			return "/can-bo?" + enc
		}
		return "/can-bo"
	}
	data.LateURL, data.SoonURL, data.OKURL, data.AllURL = link(urgencyLate), link(urgencySoon), link(urgencyOK), link("")
	if data.Sessions, err = s.store.ActiveSessions(ctx, u.ID); err != nil {
		s.log.Error("inbox sessions", "user", u.ID, "err", err)
	}
	s.render(w, r, http.StatusOK, "inbox", "officer.inbox.title", nil, data)
}
