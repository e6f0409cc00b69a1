package dossier_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// Units of the fixtures: the desk that receives, the unit competent to decide, and a third unit
// a step can be transferred to.
const (
	rcv   = "000.00.01.H62"
	cmp   = "000.00.02.H62"
	other = "000.00.03.H62"
)

func knownUnit(u string) bool { return u == rcv || u == cmp || u == other }

// vn is a wall-clock instant in Vietnam.
func vn(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.Zone)
}

func ptr[T any](v T) *T { return &v }

func days(v float64) calendar.Duration { return calendar.Duration{Value: v, Unit: calendar.WorkingDay} }

var defaultClock = dossier.Clock{Calendar: calendar.Default(), Sessions: calendar.DefaultSessions}

// fixedTemplate has round budgets so that step due instants are easy to check by hand:
// receive 1 h, appraise 8 h, approve 4 h, stamp 2 h, return 0.
var fixedTemplate = catalog.Template{Steps: []catalog.Step{
	{Key: "receive", Name: "Tiếp nhận", Role: workflow.IntakeOfficer, Unit: catalog.AtReceiving, BudgetHours: 1},
	{Key: "appraise", Name: "Thẩm định", Role: workflow.ProcessingOfficer, Unit: catalog.AtCompetent, BudgetHours: 8},
	{Key: "approve", Name: "Phê duyệt", Role: workflow.Leader, Unit: catalog.AtCompetent, BudgetHours: 4},
	{Key: "stamp", Name: "Đóng dấu", Role: workflow.Clerk, Unit: catalog.AtCompetent, BudgetHours: 2},
	{Key: "return", Name: "Trả kết quả", Role: workflow.IntakeOfficer, Unit: catalog.AtReceiving, BudgetHours: 0},
}}

// procedure returns a procedure with a counter and an online processing time; tpl nil means the
// default template.
func procedure(counter, online calendar.Duration, tpl *catalog.Template) *catalog.Procedure {
	return &catalog.Procedure{
		Code: "1.000656", Version: 3, Name: "Đăng ký khai sinh",
		Channels: []catalog.ChannelRule{
			{Channel: catalog.InPerson, Time: counter},
			{Channel: catalog.Online, Time: online},
		},
		Template: tpl,
	}
}

// The actors. Step roles are those held at the current step's unit, so each actor is built for
// the step it acts in.
var (
	intake     = dossier.Who{ID: 11, Name: "intake", Roles: workflow.Actor{StepRoles: []workflow.Role{workflow.IntakeOfficer}, ReceivingRoles: []workflow.Role{workflow.IntakeOfficer}}}
	deskIntake = dossier.Who{ID: 11, Name: "intake", Roles: workflow.Actor{ReceivingRoles: []workflow.Role{workflow.IntakeOfficer}}}
	officer    = dossier.Who{ID: 12, Name: "officer", Roles: workflow.Actor{StepRoles: []workflow.Role{workflow.ProcessingOfficer}}}
	leader     = dossier.Who{ID: 13, Name: "leader", Roles: workflow.Actor{StepRoles: []workflow.Role{workflow.Leader}}}
	deskLeader = dossier.Who{ID: 14, Name: "desk leader", Roles: workflow.Actor{ReceivingRoles: []workflow.Role{workflow.Leader}}}
	clerk      = dossier.Who{ID: 15, Name: "clerk", Roles: workflow.Actor{StepRoles: []workflow.Role{workflow.Clerk}}}
	applicant  = dossier.Who{ID: 16, Name: "citizen", Roles: workflow.Actor{Applicant: true}}
)

// world is a procedure, the template its dossiers follow and the rules Apply runs with.
type world struct {
	p   *catalog.Procedure
	tpl catalog.Template
	clk dossier.Clock
	pol dossier.Policy
}

// fixedWorld: 3 working days at the counter, 2 online, the fixed template.
func fixedWorld() *world {
	p := procedure(days(3), days(2), &fixedTemplate)
	return &world{p: p, tpl: p.Process(days(3), defaultClock.Sessions.Daily()), clk: defaultClock}
}

func (w *world) create(ch catalog.Channel, who dossier.Who, now time.Time) (dossier.Dossier, dossier.Event) {
	seed := dossier.Dossier{UnitCode: rcv, CompetentUnit: cmp, Channel: ch, OwnerID: 99,
		Applicant: dossier.Applicant{Name: "Nguyễn Văn An", IDNumber: "001090000001", Type: 1}}
	return dossier.New(w.p, w.tpl, seed, who, now, w.clk)
}

func (w *world) apply(d *dossier.Dossier, req dossier.Request, who dossier.Who, now time.Time) (dossier.Event, error) {
	return dossier.Apply(d, w.tpl, req, who, now, w.clk, w.pol, knownUnit)
}

// must applies an action that has to succeed; the request's version is taken from d.
func (w *world) must(t *testing.T, d *dossier.Dossier, req dossier.Request, who dossier.Who, now time.Time) dossier.Event {
	t.Helper()
	req.Version = d.Version
	ev, err := w.apply(d, req, who, now)
	if err != nil {
		t.Fatalf("%s at %s: %v", req.Action, now.Format(time.RFC3339), err)
	}
	return ev
}

// clone is a deep copy, so that a change made through a pointer field shows up in a comparison.
func clone(d dossier.Dossier) dossier.Dossier {
	c := d
	for _, p := range []**time.Time{&c.StepDueAt, &c.ReceivedAt, &c.DueAt, &c.FinishedAt, &c.ReturnedAt, &c.PausedAt} {
		if *p != nil {
			*p = ptr(**p)
		}
	}
	if d.History != nil {
		c.History = make([]dossier.Event, len(d.History))
		for i, e := range d.History {
			if e.Payload != nil {
				m := make(map[string]any, len(e.Payload))
				for k, v := range e.Payload {
					m[k] = v
				}
				e.Payload = m
			}
			c.History[i] = e
		}
	}
	return c
}

func wantTime(t *testing.T, what string, got *time.Time, want time.Time) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = nil, want %s", what, want.Format(time.RFC3339))
		return
	}
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got.In(calendar.Zone).Format(time.RFC3339), want.Format(time.RFC3339))
	}
}

func wantNil(t *testing.T, what string, got *time.Time) {
	t.Helper()
	if got != nil {
		t.Errorf("%s = %s, want nil", what, got.Format(time.RFC3339))
	}
}

// ---- New -------------------------------------------------------------------------------------

func TestNewOnlineWaitsUnreceived(t *testing.T) {
	w := fixedWorld()
	for _, ch := range []catalog.Channel{catalog.Online, catalog.Post} {
		t.Run(string(ch), func(t *testing.T) {
			now := vn(2026, 3, 2, 20, 15)
			d, ev := w.create(ch, applicant, now)
			if d.Status != workflow.Submitted {
				t.Errorf("Status = %d, want 1", d.Status)
			}
			if d.Version != 1 {
				t.Errorf("Version = %d, want 1", d.Version)
			}
			if !d.CreatedAt.Equal(now) {
				t.Errorf("CreatedAt = %s, want %s", d.CreatedAt, now)
			}
			wantNil(t, "ReceivedAt", d.ReceivedAt)
			wantNil(t, "DueAt", d.DueAt)
			wantNil(t, "StepDueAt", d.StepDueAt)
			wantNil(t, "FinishedAt", d.FinishedAt)
			if d.Step != 0 || d.StepKey != "receive" || d.StepRole != workflow.IntakeOfficer || d.StepUnit != rcv {
				t.Errorf("step = %d %q %q at %q, want 0 receive intake_officer at %s", d.Step, d.StepKey, d.StepRole, d.StepUnit, rcv)
			}
			wantLegal := days(2) // online has its own time
			if ch == catalog.Post {
				wantLegal = days(3) // no post rule: falls back to the counter's
			}
			if d.LegalTime != wantLegal {
				t.Errorf("LegalTime = %+v, want %+v", d.LegalTime, wantLegal)
			}
			if d.ProcedureCode != "1.000656" || d.ProcedureVersion != 3 || d.ProcedureName != "Đăng ký khai sinh" {
				t.Errorf("procedure = %q v%d %q", d.ProcedureCode, d.ProcedureVersion, d.ProcedureName)
			}
			if d.Applicant.Name != "Nguyễn Văn An" || d.OwnerID != 99 || d.CompetentUnit != cmp {
				t.Errorf("seed fields lost: %+v owner %d competent %q", d.Applicant, d.OwnerID, d.CompetentUnit)
			}
			if tl := d.Timeliness(now.AddDate(0, 1, 0)); tl != "" {
				t.Errorf("Timeliness of an unreceived dossier = %q, want none", tl)
			}
			if ev.Action != workflow.Submit || ev.To != workflow.Submitted || ev.Step != "receive" || ev.StepUnit != rcv ||
				!ev.At.Equal(now) || ev.ActorID != applicant.ID || ev.Actor != applicant.Name {
				t.Errorf("event = %+v", ev)
			}
		})
	}
}

// TestNewCounterDue checks the legal and the first step's due instants of a dossier received at
// the counter, with the default template (step 0 gets 5 % of the legal time: 0.75 h of 16 h).
func TestNewCounterDue(t *testing.T) {
	tests := []struct {
		name     string
		legal    calendar.Duration
		at       time.Time
		due      time.Time
		stepDue  time.Time // zero: not checked
		stepHour float64   // expected budget of step 0 when stepDue is checked
	}{
		{"Monday morning", days(2), vn(2026, 3, 2, 8, 0), vn(2026, 3, 4, 8, 0), vn(2026, 3, 2, 8, 45), 0.75},
		{"late morning, step spans lunch", days(2), vn(2026, 3, 2, 11, 0), vn(2026, 3, 4, 11, 0), vn(2026, 3, 2, 13, 15), 0.75},
		{"before opening", days(2), vn(2026, 3, 2, 7, 0), vn(2026, 3, 3, 17, 0), vn(2026, 3, 2, 8, 15), 0.75},
		{"during lunch starts at 13:00", days(2), vn(2026, 3, 2, 12, 0), vn(2026, 3, 4, 11, 30), vn(2026, 3, 2, 13, 45), 0.75},
		{"at 17:00 starts next morning", days(2), vn(2026, 3, 2, 17, 0), vn(2026, 3, 4, 17, 0), vn(2026, 3, 3, 8, 15), 0.75},
		{"evening starts next morning", days(2), vn(2026, 3, 2, 17, 30), vn(2026, 3, 4, 17, 0), vn(2026, 3, 3, 8, 15), 0.75},
		{"Saturday starts Monday 07:30", days(2), vn(2026, 3, 7, 10, 0), vn(2026, 3, 10, 17, 0), vn(2026, 3, 9, 8, 15), 0.75},
		{"Sunday starts Monday 07:30", days(2), vn(2026, 3, 8, 15, 0), vn(2026, 3, 10, 17, 0), vn(2026, 3, 9, 8, 15), 0.75},
		{"Friday before Tết skips 16–20 Feb", days(2), vn(2026, 2, 13, 15, 0), vn(2026, 2, 24, 15, 0), vn(2026, 2, 13, 15, 45), 0.75},
		{"step due itself crosses Tết", days(2), vn(2026, 2, 13, 16, 30), vn(2026, 2, 24, 16, 30), vn(2026, 2, 23, 7, 45), 0.75},
		{"Thursday before Tết", days(2), vn(2026, 2, 12, 8, 0), vn(2026, 2, 23, 8, 0), vn(2026, 2, 12, 8, 45), 0.75},
		{"received during Tết", days(2), vn(2026, 2, 18, 9, 0), vn(2026, 2, 24, 17, 0), vn(2026, 2, 23, 8, 15), 0.75},
		{"across New Year 2026", days(2), vn(2025, 12, 31, 16, 0), vn(2026, 1, 5, 16, 0), vn(2025, 12, 31, 16, 45), 0.75},
		{"instant given in UTC", days(2), vn(2026, 3, 2, 8, 0).UTC(), vn(2026, 3, 4, 8, 0), vn(2026, 3, 2, 8, 45), 0.75},
		{"half a working day", days(0.5), vn(2026, 3, 2, 8, 0), vn(2026, 3, 2, 13, 30), time.Time{}, 0},
		{"working hours", calendar.Duration{Value: 3, Unit: calendar.WorkingHour}, vn(2026, 3, 2, 10, 0), vn(2026, 3, 2, 14, 30), time.Time{}, 0},
		{"calendar days ignore holidays", calendar.Duration{Value: 5, Unit: calendar.CalendarDay}, vn(2026, 2, 13, 15, 0), vn(2026, 2, 18, 15, 0), time.Time{}, 0},
		{"empty unit counts as working days", calendar.Duration{Value: 1}, vn(2026, 3, 6, 14, 0), vn(2026, 3, 9, 14, 0), time.Time{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := procedure(tt.legal, days(10), nil)
			tpl := p.Process(tt.legal, calendar.DefaultSessions.Daily())
			w := &world{p: p, tpl: tpl, clk: defaultClock}
			d, ev := w.create(catalog.InPerson, intake, tt.at)
			if d.Status != workflow.Received {
				t.Fatalf("Status = %d, want 2", d.Status)
			}
			if d.LegalTime != tt.legal {
				t.Errorf("LegalTime = %+v, want %+v", d.LegalTime, tt.legal)
			}
			wantTime(t, "ReceivedAt", d.ReceivedAt, tt.at)
			wantTime(t, "DueAt", d.DueAt, tt.due)
			if d.DueAt != nil && d.DueAt.Location() != calendar.Zone {
				t.Errorf("DueAt location = %v, want %v", d.DueAt.Location(), calendar.Zone)
			}
			if !d.StepReceivedAt.Equal(tt.at) {
				t.Errorf("StepReceivedAt = %s, want %s", d.StepReceivedAt, tt.at)
			}
			if d.Step != 0 || d.StepKey != "receive" || d.StepUnit != rcv || d.StepRole != workflow.IntakeOfficer {
				t.Errorf("step = %d %q at %q role %q", d.Step, d.StepKey, d.StepUnit, d.StepRole)
			}
			if !tt.stepDue.IsZero() {
				if got := tpl.Steps[0].BudgetHours; got != tt.stepHour {
					t.Fatalf("default template gives step 0 %v h, this case expects %v h", got, tt.stepHour)
				}
				wantTime(t, "StepDueAt", d.StepDueAt, tt.stepDue)
			}
			if ev.Action != workflow.Intake || ev.To != workflow.Received || ev.Step != "receive" || ev.StepUnit != rcv || !ev.At.Equal(tt.at) {
				t.Errorf("event = %+v", ev)
			}
		})
	}
}

// TestNewCounterCustomSessions: the clock counts in the sessions it is given, not the default.
func TestNewCounterCustomSessions(t *testing.T) {
	s, err := calendar.ParseSessions("07:00-11:30,13:30-17:00")
	if err != nil {
		t.Fatal(err)
	}
	w := fixedWorld()
	w.clk = dossier.Clock{Calendar: calendar.Default(), Sessions: s}
	// Received Monday 12:00 (lunch until 13:30), 3 days = 24 h: Mon 13:30–17:00 3.5 h, Tue 8 h,
	// Wed 8 h, Thu 07:00–11:30 4.5 h → Thu 11:30. The 1 h receive step: Mon 13:30 → 14:30.
	d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 12, 0))
	wantTime(t, "DueAt", d.DueAt, vn(2026, 3, 5, 11, 30))
	wantTime(t, "StepDueAt", d.StepDueAt, vn(2026, 3, 2, 14, 30))
}

// ---- Receive, forward, send back ------------------------------------------------------------

func TestReceiveOnlineStartsClock(t *testing.T) {
	w := fixedWorld()
	d, _ := w.create(catalog.Online, applicant, vn(2026, 3, 2, 20, 0))
	ev := w.must(t, &d, dossier.Request{Action: workflow.Receive, Note: "đủ giấy tờ"}, deskIntake, vn(2026, 3, 3, 8, 0))
	if d.Status != workflow.Received || d.Version != 2 {
		t.Fatalf("Status %d version %d, want 2 and 2", d.Status, d.Version)
	}
	wantTime(t, "ReceivedAt", d.ReceivedAt, vn(2026, 3, 3, 8, 0))
	// Online time is 2 days: Tue 7.5 h, Wed 8 h, Thu 0.5 h.
	wantTime(t, "DueAt", d.DueAt, vn(2026, 3, 5, 8, 0))
	wantTime(t, "StepDueAt", d.StepDueAt, vn(2026, 3, 3, 9, 0))
	if !d.CreatedAt.Equal(vn(2026, 3, 2, 20, 0)) {
		t.Errorf("CreatedAt changed to %s", d.CreatedAt)
	}
	if ev.Action != workflow.Receive || ev.From != workflow.Submitted || ev.To != workflow.Received ||
		ev.Step != "receive" || ev.StepUnit != rcv || ev.Note != "đủ giấy tờ" || ev.ActorID != deskIntake.ID || ev.Payload != nil {
		t.Errorf("event = %+v", ev)
	}
	if _, err := w.apply(&d, dossier.Request{Action: workflow.Receive, Version: d.Version}, deskIntake, vn(2026, 3, 3, 9, 0)); !isRefusal(err, workflow.NotAllowedNow) {
		t.Errorf("second receive: err = %v, want not allowed now", err)
	}
}

func TestReceiveOnSaturdayStartsMonday(t *testing.T) {
	w := fixedWorld()
	d, _ := w.create(catalog.Online, applicant, vn(2026, 3, 6, 20, 0))
	w.must(t, &d, dossier.Request{Action: workflow.Receive}, deskIntake, vn(2026, 3, 7, 9, 0))
	wantTime(t, "ReceivedAt", d.ReceivedAt, vn(2026, 3, 7, 9, 0))
	wantTime(t, "DueAt", d.DueAt, vn(2026, 3, 10, 17, 0))
	wantTime(t, "StepDueAt", d.StepDueAt, vn(2026, 3, 9, 8, 30))
}

func TestForwardThroughAllSteps(t *testing.T) {
	w := fixedWorld()
	recv := vn(2026, 3, 2, 8, 0)
	d, _ := w.create(catalog.InPerson, intake, recv)
	// 3 working days from Mon 08:00: Mon 7.5 h, Tue 8, Wed 8, Thu 0.5.
	legalDue := vn(2026, 3, 5, 8, 0)
	wantTime(t, "DueAt", d.DueAt, legalDue)
	wantTime(t, "StepDueAt", d.StepDueAt, vn(2026, 3, 2, 9, 0))

	steps := []struct {
		who      dossier.Who
		at       time.Time
		status   workflow.Status
		step     int
		key      string
		unit     string
		role     workflow.Role
		stepDue  *time.Time
		finished bool
	}{
		{intake, vn(2026, 3, 2, 8, 30), workflow.Processing, 1, "appraise", cmp, workflow.ProcessingOfficer, ptr(vn(2026, 3, 3, 8, 30)), false},
		{officer, vn(2026, 3, 3, 10, 0), workflow.Processing, 2, "approve", cmp, workflow.Leader, ptr(vn(2026, 3, 3, 15, 30)), false},
		// 2 h from 15:00 use up the afternoon: due at 17:00, not at the next opening.
		{leader, vn(2026, 3, 3, 15, 0), workflow.Processing, 3, "stamp", cmp, workflow.Clerk, ptr(vn(2026, 3, 3, 17, 0)), false},
		{clerk, vn(2026, 3, 4, 9, 0), workflow.Done, 4, "return", rcv, workflow.IntakeOfficer, nil, true},
	}
	for i, s := range steps {
		from, version := d.Status, d.Version
		ev := w.must(t, &d, dossier.Request{Action: workflow.Forward}, s.who, s.at)
		if d.Status != s.status || d.Step != s.step || d.StepKey != s.key || d.StepUnit != s.unit || d.StepRole != s.role {
			t.Errorf("forward %d: status %d step %d %q at %q role %q; want %d step %d %q at %q role %q",
				i, d.Status, d.Step, d.StepKey, d.StepUnit, d.StepRole, s.status, s.step, s.key, s.unit, s.role)
		}
		if d.Version != version+1 {
			t.Errorf("forward %d: version %d, want %d", i, d.Version, version+1)
		}
		if !d.StepReceivedAt.Equal(s.at) {
			t.Errorf("forward %d: StepReceivedAt %s, want %s", i, d.StepReceivedAt, s.at)
		}
		if s.stepDue == nil {
			wantNil(t, "StepDueAt", d.StepDueAt)
		} else {
			wantTime(t, "StepDueAt", d.StepDueAt, *s.stepDue)
		}
		if s.finished {
			wantTime(t, "FinishedAt", d.FinishedAt, s.at)
		} else {
			wantNil(t, "FinishedAt", d.FinishedAt)
		}
		wantTime(t, "DueAt", d.DueAt, legalDue)
		if ev.Action != workflow.Forward || ev.From != from || ev.To != s.status || ev.Step != s.key || ev.StepUnit != s.unit ||
			!ev.At.Equal(s.at) || ev.ActorID != s.who.ID || ev.Actor != s.who.Name {
			t.Errorf("forward %d: event %+v", i, ev)
		}
	}
	if u, r := d.ActingUnitRole(); u != rcv || r != workflow.IntakeOfficer {
		t.Errorf("ActingUnitRole in 9 = %q %q, want the desk's intake officer", u, r)
	}
	if tl := d.Timeliness(vn(2026, 3, 20, 8, 0)); tl != dossier.Early {
		t.Errorf("finished Wednesday, due Thursday: timeliness %q, want early", tl)
	}
	if _, err := w.apply(&d, dossier.Request{Action: workflow.Forward, Version: d.Version}, intake, vn(2026, 3, 4, 10, 0)); !isRefusal(err, workflow.NotAllowedNow) {
		t.Errorf("forward past the return step: err = %v, want not allowed now", err)
	}

	ev := w.must(t, &d, dossier.Request{Action: workflow.ReturnResult, How: "post", PostalTracking: "EB123456789VN"}, deskIntake, vn(2026, 3, 6, 10, 0))
	if d.Status != workflow.Returned || d.ReturnMethod != "post" {
		t.Errorf("after return_result: status %d method %q", d.Status, d.ReturnMethod)
	}
	wantTime(t, "ReturnedAt", d.ReturnedAt, vn(2026, 3, 6, 10, 0))
	wantTime(t, "FinishedAt after return", d.FinishedAt, vn(2026, 3, 4, 9, 0))
	if ev.From != workflow.Done || ev.To != workflow.Returned || ev.Payload["how"] != "post" || ev.Payload["postal_tracking"] != "EB123456789VN" {
		t.Errorf("return event = %+v", ev)
	}
	if tl := d.Timeliness(vn(2026, 3, 20, 8, 0)); tl != dossier.Early {
		t.Errorf("returned after the due date but finished before: timeliness %q, want early", tl)
	}
}

func TestSendBack(t *testing.T) {
	w := fixedWorld()
	d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0))
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, intake, vn(2026, 3, 2, 8, 30))

	// From the first processing step there is no going back to the desk.
	before := clone(d)
	if _, err := w.apply(&d, dossier.Request{Action: workflow.SendBack, Version: d.Version, Reason: "thiếu"}, officer, vn(2026, 3, 2, 9, 0)); !isRefusal(err, workflow.NotAllowedNow) {
		t.Errorf("send_back from step 1: err = %v, want not allowed now", err)
	}
	if !reflect.DeepEqual(d, before) {
		t.Errorf("refused send_back changed the dossier:\n got %+v\nwant %+v", d, before)
	}

	w.must(t, &d, dossier.Request{Action: workflow.Forward}, officer, vn(2026, 3, 3, 10, 0))
	if d.StepKey != "approve" {
		t.Fatalf("at %q, want approve", d.StepKey)
	}
	back := vn(2026, 3, 3, 16, 0)
	ev := w.must(t, &d, dossier.Request{Action: workflow.SendBack, Reason: "Cần thẩm định lại"}, leader, back)
	if d.Status != workflow.Processing || d.Step != 1 || d.StepKey != "appraise" || d.StepUnit != cmp || d.StepRole != workflow.ProcessingOfficer {
		t.Errorf("after send_back: status %d step %d %q at %q role %q", d.Status, d.Step, d.StepKey, d.StepUnit, d.StepRole)
	}
	if !d.StepReceivedAt.Equal(back) {
		t.Errorf("StepReceivedAt = %s, want %s", d.StepReceivedAt, back)
	}
	// A fresh 8 h budget from Tue 16:00: Tue 1 h, Wed 7 h → 16:00.
	wantTime(t, "StepDueAt", d.StepDueAt, vn(2026, 3, 4, 16, 0))
	wantTime(t, "DueAt", d.DueAt, vn(2026, 3, 5, 8, 0))
	wantNil(t, "FinishedAt", d.FinishedAt)
	if ev.Action != workflow.SendBack || ev.From != workflow.Processing || ev.To != workflow.Processing ||
		ev.Step != "appraise" || ev.Payload["reason"] != "Cần thẩm định lại" {
		t.Errorf("event = %+v", ev)
	}
	// The step's own role acts again: the officer can forward it once more.
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, officer, vn(2026, 3, 4, 8, 0))
	if d.StepKey != "approve" {
		t.Errorf("forward after send_back: at %q, want approve", d.StepKey)
	}
}

// ---- Pauses ---------------------------------------------------------------------------------

func TestSupplementMovesDueByPausedWorkingTime(t *testing.T) {
	tests := []struct {
		name       string
		received   time.Time
		requested  time.Time
		supplied   time.Time
		pausedHour float64
		due        time.Time // before the pause
		newDue     time.Time
		newStepDue time.Time
	}{
		{"3 working hours across lunch", vn(2026, 3, 2, 8, 0), vn(2026, 3, 2, 9, 0), vn(2026, 3, 2, 13, 30), 3,
			vn(2026, 3, 5, 8, 0), vn(2026, 3, 5, 11, 0), vn(2026, 3, 2, 13, 30)},
		{"overnight counts only sessions", vn(2026, 3, 2, 8, 0), vn(2026, 3, 3, 16, 0), vn(2026, 3, 4, 8, 30), 2,
			vn(2026, 3, 5, 8, 0), vn(2026, 3, 5, 10, 0), vn(2026, 3, 2, 11, 0)},
		{"outside sessions only: nothing moves", vn(2026, 3, 2, 8, 0), vn(2026, 3, 3, 17, 30), vn(2026, 3, 3, 20, 0), 0,
			vn(2026, 3, 5, 8, 0), vn(2026, 3, 5, 8, 0), vn(2026, 3, 2, 9, 0)},
		{"weekend", vn(2026, 3, 2, 8, 0), vn(2026, 3, 6, 16, 0), vn(2026, 3, 9, 8, 30), 2,
			vn(2026, 3, 5, 8, 0), vn(2026, 3, 5, 10, 0), vn(2026, 3, 2, 11, 0)},
		{"across Tết", vn(2026, 2, 12, 8, 0), vn(2026, 2, 13, 16, 0), vn(2026, 2, 23, 8, 30), 2,
			vn(2026, 2, 24, 8, 0), vn(2026, 2, 24, 10, 0), vn(2026, 2, 12, 11, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := fixedWorld()
			d, _ := w.create(catalog.InPerson, intake, tt.received)
			wantTime(t, "DueAt", d.DueAt, tt.due)

			ev := w.must(t, &d, dossier.Request{Action: workflow.RequestSupplement, Reason: "Thiếu tờ khai",
				Documents: []string{"Tờ khai", "CCCD"}}, deskIntake, tt.requested)
			if d.Status != workflow.Supplement || d.PrevStatus != workflow.Received {
				t.Fatalf("after request: status %d prev %d, want 5 and 2", d.Status, d.PrevStatus)
			}
			wantTime(t, "PausedAt", d.PausedAt, tt.requested)
			wantTime(t, "DueAt while paused", d.DueAt, tt.due)
			if ev.From != workflow.Received || ev.To != workflow.Supplement || ev.Payload["reason"] != "Thiếu tờ khai" ||
				!reflect.DeepEqual(ev.Payload["documents"], []string{"Tờ khai", "CCCD"}) {
				t.Errorf("request event = %+v", ev)
			}
			if u, r := d.ActingUnitRole(); u != rcv || r != workflow.IntakeOfficer {
				t.Errorf("ActingUnitRole while paused = %q %q", u, r)
			}

			ev = w.must(t, &d, dossier.Request{Action: workflow.RecordSupplement}, applicant, tt.supplied)
			if d.Status != workflow.Received || d.PrevStatus != 0 {
				t.Errorf("after supplement: status %d prev %d, want 2 and 0", d.Status, d.PrevStatus)
			}
			wantNil(t, "PausedAt", d.PausedAt)
			wantTime(t, "DueAt", d.DueAt, tt.newDue)
			wantTime(t, "StepDueAt", d.StepDueAt, tt.newStepDue)
			wantTime(t, "ReceivedAt", d.ReceivedAt, tt.received)
			if got, ok := ev.Payload["paused_hours"].(float64); !ok || got != tt.pausedHour {
				t.Errorf("paused_hours = %#v, want %v", ev.Payload["paused_hours"], tt.pausedHour)
			}
			if got := ev.Payload["old_due"]; got != tt.due.Format(time.RFC3339) {
				t.Errorf("old_due = %#v, want %q", got, tt.due.Format(time.RFC3339))
			}
			if got := ev.Payload["new_due"]; got != tt.newDue.Format(time.RFC3339) {
				t.Errorf("new_due = %#v, want %q", got, tt.newDue.Format(time.RFC3339))
			}
			if ev.Action != workflow.RecordSupplement || ev.From != workflow.Supplement || ev.To != workflow.Received || ev.ActorID != applicant.ID {
				t.Errorf("supplement event = %+v", ev)
			}
		})
	}
}

// A supplement requested while processing returns to processing at the same step.
func TestSupplementDuringProcessing(t *testing.T) {
	w := fixedWorld()
	d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0))
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, intake, vn(2026, 3, 2, 8, 30))
	w.must(t, &d, dossier.Request{Action: workflow.RequestSupplement, Reason: "Thiếu bản sao"}, officer, vn(2026, 3, 2, 14, 0))
	if d.Status != workflow.Supplement || d.PrevStatus != workflow.Processing || d.Step != 1 {
		t.Fatalf("status %d prev %d step %d", d.Status, d.PrevStatus, d.Step)
	}
	// Recorded by the desk 2 working hours later (Mon 14:00 → 16:00).
	w.must(t, &d, dossier.Request{Action: workflow.RecordSupplement}, deskIntake, vn(2026, 3, 2, 16, 0))
	if d.Status != workflow.Processing || d.Step != 1 || d.StepKey != "appraise" {
		t.Errorf("status %d step %d %q, want 4 at appraise", d.Status, d.Step, d.StepKey)
	}
	wantTime(t, "DueAt", d.DueAt, vn(2026, 3, 5, 10, 0))
	wantTime(t, "StepDueAt", d.StepDueAt, vn(2026, 3, 3, 10, 30))
}

func TestPaymentMovesDueAndReturns(t *testing.T) {
	tests := []struct {
		name      string
		forward   bool // forward to step 1 first (status 4) or stay received (status 2)
		payer     dossier.Who
		prev      workflow.Status
		stepDue   time.Time // before the pause
		newStep   time.Time
		requestAt time.Time
		confirmAt time.Time
		newDue    time.Time
	}{
		{"from processing", true, officer, workflow.Processing, vn(2026, 3, 3, 8, 30), vn(2026, 3, 3, 11, 30),
			vn(2026, 3, 2, 14, 0), vn(2026, 3, 2, 17, 0), vn(2026, 3, 5, 11, 0)},
		{"from received", false, deskIntake, workflow.Received, vn(2026, 3, 2, 9, 0), vn(2026, 3, 2, 13, 30),
			vn(2026, 3, 2, 8, 30), vn(2026, 3, 2, 13, 0), vn(2026, 3, 5, 11, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := fixedWorld()
			d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0))
			if tt.forward {
				w.must(t, &d, dossier.Request{Action: workflow.Forward}, intake, vn(2026, 3, 2, 8, 30))
			}
			wantTime(t, "StepDueAt", d.StepDueAt, tt.stepDue)
			step := d.Step
			ev := w.must(t, &d, dossier.Request{Action: workflow.RequestPayment, Amount: 500000, Documents: []string{"Tờ khai lệ phí"}}, tt.payer, tt.requestAt)
			if d.Status != workflow.Payment || d.PrevStatus != tt.prev {
				t.Fatalf("after request_payment: status %d prev %d, want 6 and %d", d.Status, d.PrevStatus, tt.prev)
			}
			wantTime(t, "PausedAt", d.PausedAt, tt.requestAt)
			if ev.Payload["amount"] != int64(500000) || !reflect.DeepEqual(ev.Payload["documents"], []string{"Tờ khai lệ phí"}) {
				t.Errorf("request_payment payload = %#v", ev.Payload)
			}
			// The clock stands still: judged at the pause, it is within even weeks later.
			if tl := d.Timeliness(vn(2026, 4, 1, 8, 0)); tl != dossier.Within {
				t.Errorf("paused timeliness = %q, want within", tl)
			}

			ev = w.must(t, &d, dossier.Request{Action: workflow.ConfirmPayment}, deskIntake, tt.confirmAt)
			if d.Status != tt.prev || d.PrevStatus != 0 || d.Step != step {
				t.Errorf("after confirm_payment: status %d prev %d step %d, want %d, 0, %d", d.Status, d.PrevStatus, d.Step, tt.prev, step)
			}
			wantNil(t, "PausedAt", d.PausedAt)
			wantTime(t, "DueAt", d.DueAt, tt.newDue)
			wantTime(t, "StepDueAt", d.StepDueAt, tt.newStep)
			if ev.Payload["paused_hours"] != 3.0 {
				t.Errorf("paused_hours = %#v, want 3", ev.Payload["paused_hours"])
			}
		})
	}
}

// ---- Reschedule -----------------------------------------------------------------------------

func TestRescheduleFields(t *testing.T) {
	w := fixedWorld()
	d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0)) // due Thu 5 Mar 08:00
	tests := []struct {
		name    string
		req     dossier.Request
		now     time.Time
		field   string
		missing bool
	}{
		{"no reason", dossier.Request{NewDue: ptr(vn(2026, 3, 9, 17, 0))}, vn(2026, 3, 4, 9, 0), "reason", true},
		{"no new due", dossier.Request{Reason: "quá tải"}, vn(2026, 3, 4, 9, 0), "new_due", true},
		{"equal to the current due", dossier.Request{Reason: "quá tải", NewDue: ptr(vn(2026, 3, 5, 8, 0))}, vn(2026, 3, 4, 9, 0), "new_due", false},
		{"before the current due", dossier.Request{Reason: "quá tải", NewDue: ptr(vn(2026, 3, 4, 17, 0))}, vn(2026, 3, 4, 9, 0), "new_due", false},
		{"after the due but not after now", dossier.Request{Reason: "quá tải", NewDue: ptr(vn(2026, 3, 5, 17, 0))}, vn(2026, 3, 6, 9, 0), "new_due", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := clone(d)
			tt.req.Action, tt.req.Version = workflow.Reschedule, c.Version
			ev, err := w.apply(&c, tt.req, deskLeader, tt.now)
			wantInvalid(t, err, tt.field, tt.missing)
			if !reflect.DeepEqual(c, d) {
				t.Errorf("dossier changed on error:\n got %+v\nwant %+v", c, d)
			}
			if !reflect.DeepEqual(ev, dossier.Event{}) {
				t.Errorf("event on error = %+v", ev)
			}
		})
	}
	c := clone(d)
	if _, err := w.apply(&c, dossier.Request{Action: workflow.Reschedule, Version: c.Version, Reason: "x", NewDue: ptr(vn(2026, 3, 9, 17, 0))}, officer, vn(2026, 3, 4, 9, 0)); !isRefusal(err, workflow.NotYourRole) {
		t.Errorf("reschedule by a processing officer: err = %v, want not your role", err)
	}
}

func TestReschedule(t *testing.T) {
	w := fixedWorld()
	d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0))
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, intake, vn(2026, 3, 2, 8, 30))
	stepDue := *d.StepDueAt
	newDue := vn(2026, 3, 9, 17, 0)
	ev := w.must(t, &d, dossier.Request{Action: workflow.Reschedule, Reason: "Cần xác minh thêm", NewDue: ptr(newDue.UTC())}, leader, vn(2026, 3, 4, 9, 0))
	wantTime(t, "DueAt", d.DueAt, newDue)
	wantTime(t, "StepDueAt", d.StepDueAt, stepDue)
	if d.Reschedules != 1 || d.Status != workflow.Processing || d.Step != 1 {
		t.Errorf("reschedules %d status %d step %d, want 1, 4, 1", d.Reschedules, d.Status, d.Step)
	}
	want := map[string]any{"reason": "Cần xác minh thêm", "old_due": "2026-03-05T08:00:00+07:00", "new_due": "2026-03-09T17:00:00+07:00"}
	if !reflect.DeepEqual(ev.Payload, want) {
		t.Errorf("payload = %#v, want %#v", ev.Payload, want)
	}
	if ev.Action != workflow.Reschedule || ev.From != workflow.Processing || ev.To != workflow.Processing {
		t.Errorf("event = %+v", ev)
	}
	// Judged against the new due date.
	if tl := d.Timeliness(vn(2026, 3, 6, 9, 0)); tl != dossier.Within {
		t.Errorf("timeliness after reschedule = %q, want within", tl)
	}
}

func TestRescheduleLimit(t *testing.T) {
	tests := []struct {
		max     int
		allowed int // how many of 5 attempts succeed
	}{
		{0, 5}, // unlimited
		{1, 1},
		{2, 2},
	}
	for _, tt := range tests {
		w := fixedWorld()
		w.pol = dossier.Policy{MaxReschedules: tt.max}
		d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0))
		for i := 0; i < 5; i++ {
			before := clone(d)
			newDue := d.DueAt.AddDate(0, 0, 7)
			req := dossier.Request{Action: workflow.Reschedule, Version: d.Version, Reason: "quá tải", NewDue: &newDue}
			_, err := w.apply(&d, req, deskLeader, vn(2026, 3, 4, 9, 0))
			if i < tt.allowed {
				if err != nil {
					t.Errorf("max %d, attempt %d: %v", tt.max, i+1, err)
				}
				if d.Reschedules != i+1 {
					t.Errorf("max %d, attempt %d: Reschedules = %d", tt.max, i+1, d.Reschedules)
				}
				continue
			}
			wantInvalid(t, err, "new_due", false)
			if !reflect.DeepEqual(d, before) {
				t.Errorf("max %d, attempt %d: refused reschedule changed the dossier", tt.max, i+1)
			}
		}
		if d.Reschedules != tt.allowed {
			t.Errorf("max %d: Reschedules = %d, want %d", tt.max, d.Reschedules, tt.allowed)
		}
	}
}

// ---- Transfer -------------------------------------------------------------------------------

func TestTransferAndReturn(t *testing.T) {
	w := fixedWorld()
	d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0))
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, intake, vn(2026, 3, 2, 8, 30))
	stepDue := *d.StepDueAt

	ev := w.must(t, &d, dossier.Request{Action: workflow.Transfer, Reason: "Lấy ý kiến", ToUnit: other}, officer, vn(2026, 3, 2, 10, 0))
	if d.TransferFromUnit != cmp || d.StepUnit != other || d.Status != workflow.Processing || d.Step != 1 || d.StepKey != "appraise" {
		t.Errorf("after transfer: from %q unit %q status %d step %d %q", d.TransferFromUnit, d.StepUnit, d.Status, d.Step, d.StepKey)
	}
	if !d.StepReceivedAt.Equal(vn(2026, 3, 2, 10, 0)) {
		t.Errorf("StepReceivedAt = %s", d.StepReceivedAt)
	}
	wantTime(t, "StepDueAt", d.StepDueAt, stepDue)
	if ev.Payload["to_unit"] != other || ev.Payload["reason"] != "Lấy ý kiến" || ev.StepUnit != other || ev.To != workflow.Processing {
		t.Errorf("transfer event = %+v", ev)
	}
	if u, r := d.ActingUnitRole(); u != other || r != workflow.ProcessingOfficer {
		t.Errorf("ActingUnitRole while transferred = %q %q, want %s processing_officer", u, r, other)
	}

	// While transferred the step cannot move and cannot be transferred again.
	for _, req := range []dossier.Request{
		{Action: workflow.Forward},
		{Action: workflow.Transfer, Reason: "x", ToUnit: rcv},
	} {
		before := clone(d)
		req.Version = d.Version
		if _, err := w.apply(&d, req, officer, vn(2026, 3, 2, 11, 0)); !isRefusal(err, workflow.NotAllowedNow) {
			t.Errorf("%s while transferred: err = %v, want not allowed now", req.Action, err)
		}
		if !reflect.DeepEqual(d, before) {
			t.Errorf("%s while transferred changed the dossier", req.Action)
		}
	}

	ev = w.must(t, &d, dossier.Request{Action: workflow.TransferReturn, Result: "Đồng ý"}, officer, vn(2026, 3, 2, 15, 0))
	if d.StepUnit != cmp || d.TransferFromUnit != "" || d.Status != workflow.Processing || d.Step != 1 {
		t.Errorf("after transfer_return: unit %q from %q status %d step %d", d.StepUnit, d.TransferFromUnit, d.Status, d.Step)
	}
	if !d.StepReceivedAt.Equal(vn(2026, 3, 2, 15, 0)) {
		t.Errorf("StepReceivedAt = %s", d.StepReceivedAt)
	}
	wantTime(t, "StepDueAt", d.StepDueAt, stepDue)
	if ev.Payload["from_unit"] != other || ev.Payload["result"] != "Đồng ý" || ev.StepUnit != cmp {
		t.Errorf("transfer_return event = %+v", ev)
	}
	if _, err := w.apply(&d, dossier.Request{Action: workflow.TransferReturn, Version: d.Version}, officer, vn(2026, 3, 2, 16, 0)); !isRefusal(err, workflow.NotAllowedNow) {
		t.Errorf("transfer_return when not transferred: err = %v, want not allowed now", err)
	}
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, officer, vn(2026, 3, 2, 16, 0))
	if d.StepKey != "approve" {
		t.Errorf("forward after return: at %q", d.StepKey)
	}
}

func TestTransferNeedsKnownOtherUnit(t *testing.T) {
	w := fixedWorld()
	d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0))
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, intake, vn(2026, 3, 2, 8, 30))
	tests := []struct {
		name    string
		req     dossier.Request
		exists  func(string) bool
		field   string
		missing bool
	}{
		{"no reason", dossier.Request{ToUnit: other}, knownUnit, "reason", true},
		{"no unit", dossier.Request{Reason: "x"}, knownUnit, "to_unit", true},
		{"the same unit", dossier.Request{Reason: "x", ToUnit: cmp}, knownUnit, "to_unit", false},
		{"unknown unit", dossier.Request{Reason: "x", ToUnit: "999.99.99.H62"}, knownUnit, "to_unit", false},
		{"no unit lookup", dossier.Request{Reason: "x", ToUnit: other}, nil, "to_unit", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := clone(d)
			tt.req.Action, tt.req.Version = workflow.Transfer, c.Version
			_, err := dossier.Apply(&c, w.tpl, tt.req, officer, vn(2026, 3, 2, 9, 0), w.clk, w.pol, tt.exists)
			wantInvalid(t, err, tt.field, tt.missing)
			if !reflect.DeepEqual(c, d) {
				t.Errorf("dossier changed on error")
			}
		})
	}
}

// ---- Finishing without a result -------------------------------------------------------------

// setup builds a dossier in a given state for the table tests.
type setup func(t *testing.T, w *world) dossier.Dossier

func submitted(t *testing.T, w *world) dossier.Dossier {
	d, _ := w.create(catalog.Online, applicant, vn(2026, 3, 2, 7, 0))
	return d
}

func received(t *testing.T, w *world) dossier.Dossier {
	d, _ := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0))
	return d
}

func processing(t *testing.T, w *world) dossier.Dossier {
	d := received(t, w)
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, intake, vn(2026, 3, 2, 8, 30))
	return d
}

func supplementFromReceived(t *testing.T, w *world) dossier.Dossier {
	d := received(t, w)
	w.must(t, &d, dossier.Request{Action: workflow.RequestSupplement, Reason: "thiếu"}, deskIntake, vn(2026, 3, 2, 9, 0))
	return d
}

func paymentFromProcessing(t *testing.T, w *world) dossier.Dossier {
	d := processing(t, w)
	w.must(t, &d, dossier.Request{Action: workflow.RequestPayment, Amount: 100000}, officer, vn(2026, 3, 2, 9, 0))
	return d
}

func transferred(t *testing.T, w *world) dossier.Dossier {
	d := processing(t, w)
	w.must(t, &d, dossier.Request{Action: workflow.Transfer, Reason: "x", ToUnit: other}, officer, vn(2026, 3, 2, 9, 0))
	return d
}

// transferredAtApprove: a processing officer of the competent unit sends the leader's step out
// for an opinion; the other unit's processing officers act on it, not its leaders.
func transferredAtApprove(t *testing.T, w *world) dossier.Dossier {
	d := processing(t, w)
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, officer, vn(2026, 3, 2, 9, 0))
	w.must(t, &d, dossier.Request{Action: workflow.Transfer, Reason: "x", ToUnit: other}, officer, vn(2026, 3, 2, 9, 30))
	return d
}

func done(t *testing.T, w *world) dossier.Dossier {
	d := processing(t, w)
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, officer, vn(2026, 3, 2, 9, 0))
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, leader, vn(2026, 3, 2, 9, 30))
	w.must(t, &d, dossier.Request{Action: workflow.Forward}, clerk, vn(2026, 3, 2, 10, 0))
	return d
}

func TestFinishingActions(t *testing.T) {
	tests := []struct {
		name   string
		setup  setup
		action workflow.Action
		who    dossier.Who
		status workflow.Status
		// timeliness at the finishing instant below, "" for a dossier never received
		timeliness dossier.Timeliness
	}{
		{"refuse submitted", submitted, workflow.Refuse, deskIntake, workflow.Refused, ""},
		{"refuse received", received, workflow.Refuse, deskIntake, workflow.Refused, dossier.Early},
		{"withdraw submitted by the applicant", submitted, workflow.Withdraw, applicant, workflow.Withdrawn, ""},
		{"withdraw processing by the desk", processing, workflow.Withdraw, deskIntake, workflow.Withdrawn, dossier.Early},
		{"withdraw while supplement requested", supplementFromReceived, workflow.Withdraw, applicant, workflow.Withdrawn, dossier.Early},
		{"stop received", received, workflow.Stop, deskLeader, workflow.Stopped, dossier.Early},
		{"stop processing by the step's leader", processing, workflow.Stop, leader, workflow.Stopped, dossier.Early},
		{"stop while payment requested", paymentFromProcessing, workflow.Stop, deskLeader, workflow.Stopped, dossier.Early},
		{"stop while transferred", transferred, workflow.Stop, deskLeader, workflow.Stopped, dossier.Early},
	}
	now := vn(2026, 3, 3, 10, 0) // before the due date, Thu 5 Mar
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := fixedWorld()
			d := tt.setup(t, w)
			from, due := d.Status, d.DueAt
			ev := w.must(t, &d, dossier.Request{Action: tt.action, Reason: "lý do"}, tt.who, now)
			if d.Status != tt.status {
				t.Errorf("Status = %d, want %d", d.Status, tt.status)
			}
			wantTime(t, "FinishedAt", d.FinishedAt, now)
			wantNil(t, "PausedAt", d.PausedAt)
			wantNil(t, "ReturnedAt", d.ReturnedAt)
			if d.PrevStatus != 0 {
				t.Errorf("PrevStatus = %d, want 0", d.PrevStatus)
			}
			if !reflect.DeepEqual(d.DueAt, due) {
				t.Errorf("DueAt changed from %v to %v", due, d.DueAt)
			}
			if tl := d.Timeliness(now.AddDate(0, 0, 30)); tl != tt.timeliness {
				t.Errorf("Timeliness = %q, want %q", tl, tt.timeliness)
			}
			if ev.Action != tt.action || ev.From != from || ev.To != tt.status || ev.Payload["reason"] != "lý do" {
				t.Errorf("event = %+v", ev)
			}
			if u, r := d.ActingUnitRole(); u != "" || r != "" {
				t.Errorf("ActingUnitRole of a closed dossier = %q %q", u, r)
			}
			// Closed: nothing more is allowed.
			_, err := w.apply(&d, dossier.Request{Action: workflow.Withdraw, Version: d.Version, Reason: "x"}, applicant, now)
			if !isRefusal(err, workflow.NotAllowedNow) {
				t.Errorf("withdraw after %s: err = %v, want not allowed now", tt.action, err)
			}
		})
	}
}

// ---- Errors leave the dossier as it was ----------------------------------------------------

func TestInvalidFields(t *testing.T) {
	tests := []struct {
		name    string
		setup   setup
		who     dossier.Who
		req     dossier.Request
		field   string
		missing bool
	}{
		{"refuse without reason", received, deskIntake, dossier.Request{Action: workflow.Refuse}, "reason", true},
		{"send_back without reason", func(t *testing.T, w *world) dossier.Dossier {
			d := processing(t, w)
			w.must(t, &d, dossier.Request{Action: workflow.Forward}, officer, vn(2026, 3, 2, 9, 0))
			return d
		}, leader, dossier.Request{Action: workflow.SendBack}, "reason", true},
		{"request_supplement without reason", received, deskIntake, dossier.Request{Action: workflow.RequestSupplement, Documents: []string{"a"}}, "reason", true},
		{"withdraw without reason", processing, applicant, dossier.Request{Action: workflow.Withdraw}, "reason", true},
		{"stop without reason", processing, deskLeader, dossier.Request{Action: workflow.Stop}, "reason", true},
		{"transfer without reason", processing, officer, dossier.Request{Action: workflow.Transfer, ToUnit: other}, "reason", true},
		{"reschedule without reason", received, deskLeader, dossier.Request{Action: workflow.Reschedule, NewDue: ptr(vn(2026, 4, 1, 8, 0))}, "reason", true},
		{"request_payment without amount", processing, officer, dossier.Request{Action: workflow.RequestPayment}, "amount", true},
		{"request_payment negative amount", received, deskIntake, dossier.Request{Action: workflow.RequestPayment, Amount: -5}, "amount", false},
		{"return_result without how", done, deskIntake, dossier.Request{Action: workflow.ReturnResult}, "how", true},
		{"return_result unknown how", done, deskIntake, dossier.Request{Action: workflow.ReturnResult, How: "email"}, "how", false},
		{"return_result by post without tracking", done, deskIntake, dossier.Request{Action: workflow.ReturnResult, How: "post"}, "postal_tracking", true},
		{"return_result by post, bad tracking", done, deskIntake, dossier.Request{Action: workflow.ReturnResult, How: "post", PostalTracking: "EB 1/2"}, "postal_tracking", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := fixedWorld()
			d := tt.setup(t, w)
			before := clone(d)
			tt.req.Version = d.Version
			ev, err := w.apply(&d, tt.req, tt.who, vn(2026, 3, 3, 10, 0))
			wantInvalid(t, err, tt.field, tt.missing)
			if !reflect.DeepEqual(d, before) {
				t.Errorf("dossier changed on error:\n got %+v\nwant %+v", d, before)
			}
			if !reflect.DeepEqual(ev, dossier.Event{}) {
				t.Errorf("event on error = %+v", ev)
			}
		})
	}
}

func TestRefusedActionsLeaveDossierUnchanged(t *testing.T) {
	tests := []struct {
		name  string
		setup setup
		who   dossier.Who
		req   dossier.Request
		kind  workflow.RefusalKind
	}{
		{"forward unreceived", submitted, intake, dossier.Request{Action: workflow.Forward}, workflow.NotAllowedNow},
		{"return_result before done", received, deskIntake, dossier.Request{Action: workflow.ReturnResult, How: "counter"}, workflow.NotAllowedNow},
		{"receive twice", received, deskIntake, dossier.Request{Action: workflow.Receive}, workflow.NotAllowedNow},
		{"supplement without a request", processing, applicant, dossier.Request{Action: workflow.RecordSupplement}, workflow.NotAllowedNow},
		{"confirm_payment without a request", processing, deskIntake, dossier.Request{Action: workflow.ConfirmPayment}, workflow.NotAllowedNow},
		{"stop an unreceived dossier", submitted, deskLeader, dossier.Request{Action: workflow.Stop, Reason: "x"}, workflow.NotAllowedNow},
		{"refuse while processing", processing, deskIntake, dossier.Request{Action: workflow.Refuse, Reason: "x"}, workflow.NotAllowedNow},
		{"transfer a received dossier", received, officer, dossier.Request{Action: workflow.Transfer, Reason: "x", ToUnit: other}, workflow.NotAllowedNow},
		{"forward while paused", supplementFromReceived, intake, dossier.Request{Action: workflow.Forward}, workflow.NotAllowedNow},
		{"request_payment while paused", supplementFromReceived, deskIntake, dossier.Request{Action: workflow.RequestPayment, Amount: 1}, workflow.NotAllowedNow},
		{"send_back from step 1 while transferred", transferred, officer, dossier.Request{Action: workflow.SendBack, Reason: "x"}, workflow.NotAllowedNow},
		{"withdraw a done dossier", done, applicant, dossier.Request{Action: workflow.Withdraw, Reason: "x"}, workflow.NotAllowedNow},
		{"unknown action", processing, officer, dossier.Request{Action: "approve_all"}, workflow.NotAllowedNow},
		// Not allowed now wins over a missing field: the contract is checked first.
		{"refuse while processing without reason", processing, deskIntake, dossier.Request{Action: workflow.Refuse}, workflow.NotAllowedNow},
		{"forward by the applicant", processing, applicant, dossier.Request{Action: workflow.Forward}, workflow.NotYourRole},
		{"forward by the wrong step role", processing, clerk, dossier.Request{Action: workflow.Forward}, workflow.NotYourRole},
		{"receive by a processing officer", submitted, officer, dossier.Request{Action: workflow.Receive}, workflow.NotYourRole},
		{"confirm_payment by the applicant", paymentFromProcessing, applicant, dossier.Request{Action: workflow.ConfirmPayment}, workflow.NotYourRole},
		{"stop by a processing officer", processing, officer, dossier.Request{Action: workflow.Stop, Reason: "x"}, workflow.NotYourRole},
		// Not your role wins over a missing field too.
		{"refuse by the applicant without reason", received, applicant, dossier.Request{Action: workflow.Refuse}, workflow.NotYourRole},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := fixedWorld()
			d := tt.setup(t, w)
			before := clone(d)
			tt.req.Version = d.Version
			ev, err := w.apply(&d, tt.req, tt.who, vn(2026, 3, 3, 10, 0))
			if !isRefusal(err, tt.kind) {
				t.Errorf("err = %v (%T), want a refusal of kind %d", err, err, tt.kind)
			}
			if !reflect.DeepEqual(d, before) {
				t.Errorf("dossier changed on refusal:\n got %+v\nwant %+v", d, before)
			}
			if !reflect.DeepEqual(ev, dossier.Event{}) {
				t.Errorf("event on refusal = %+v", ev)
			}
		})
	}
}

func TestStaleVersion(t *testing.T) {
	w := fixedWorld()
	d := processing(t, w)
	before := clone(d)
	for _, v := range []int{d.Version - 1, d.Version + 1, 0} {
		// A request that would otherwise succeed, and one that would be refused: staleness is
		// checked first.
		for _, req := range []dossier.Request{
			{Action: workflow.Forward, Version: v},
			{Action: workflow.ReturnResult, Version: v, How: "counter"},
		} {
			ev, err := w.apply(&d, req, officer, vn(2026, 3, 3, 10, 0))
			if !errors.Is(err, dossier.ErrStale) {
				t.Errorf("version %d (dossier at %d), %s: err = %v, want ErrStale", v, d.Version, req.Action, err)
			}
			if !reflect.DeepEqual(d, before) {
				t.Errorf("version %d: stale request changed the dossier", v)
			}
			if !reflect.DeepEqual(ev, dossier.Event{}) {
				t.Errorf("version %d: event on error = %+v", v, ev)
			}
		}
	}
	// And with the right version the same request goes through.
	if _, err := w.apply(&d, dossier.Request{Action: workflow.Forward, Version: d.Version}, officer, vn(2026, 3, 3, 10, 0)); err != nil {
		t.Errorf("current version: %v", err)
	}
}

// A dossier's history is not Apply's to write: the caller appends the event.
func TestApplyLeavesHistoryAlone(t *testing.T) {
	w := fixedWorld()
	d, ev0 := w.create(catalog.InPerson, intake, vn(2026, 3, 2, 8, 0))
	d.History = []dossier.Event{ev0}
	ev := w.must(t, &d, dossier.Request{Action: workflow.Forward, Note: "chuyển"}, intake, vn(2026, 3, 2, 8, 30))
	if len(d.History) != 1 || d.History[0].Action != workflow.Intake {
		t.Errorf("History = %+v, want only the intake", d.History)
	}
	if ev.Note != "chuyển" || ev.Payload != nil {
		t.Errorf("event = %+v, want the note and no payload", ev)
	}
}

// A successful Apply gives d new due instants rather than writing through the pointers it had, so
// a copy of the dossier taken before (the store's loaded row, a diff) keeps its values.
func TestApplyDoesNotWriteThroughOldPointers(t *testing.T) {
	w := fixedWorld()
	d := processing(t, w)
	w.must(t, &d, dossier.Request{Action: workflow.RequestSupplement, Reason: "x"}, officer, vn(2026, 3, 2, 9, 0))
	steps := []struct {
		req dossier.Request
		who dossier.Who
		at  time.Time
	}{
		{dossier.Request{Action: workflow.RecordSupplement}, applicant, vn(2026, 3, 2, 13, 30)},
		{dossier.Request{Action: workflow.Reschedule, Reason: "x", NewDue: ptr(vn(2026, 3, 20, 17, 0))}, leader, vn(2026, 3, 3, 8, 0)},
		{dossier.Request{Action: workflow.Forward}, officer, vn(2026, 3, 3, 9, 0)},
		{dossier.Request{Action: workflow.RequestPayment, Amount: 1000}, deskIntake, vn(2026, 3, 3, 9, 30)},
		{dossier.Request{Action: workflow.ConfirmPayment}, deskIntake, vn(2026, 3, 3, 10, 30)},
	}
	for _, s := range steps {
		old, want := d, clone(d) // old shares d's pointers; want does not
		w.must(t, &d, s.req, s.who, s.at)
		if !reflect.DeepEqual(old, want) {
			t.Errorf("%s wrote through a pointer of the previous dossier value:\n got %+v\nwant %+v", s.req.Action, old, want)
		}
	}
}

// ---- Timeliness -----------------------------------------------------------------------------

func TestTimeliness(t *testing.T) {
	due := vn(2026, 3, 4, 8, 0) // Wednesday
	tests := []struct {
		name     string
		due      *time.Time
		finished *time.Time
		paused   *time.Time
		now      time.Time
		want     dossier.Timeliness
	}{
		{"no due date", nil, nil, nil, vn(2026, 3, 4, 9, 0), ""},
		{"no due date, finished", nil, ptr(vn(2026, 3, 4, 9, 0)), nil, vn(2026, 3, 4, 9, 0), ""},
		{"finished the day before", &due, ptr(vn(2026, 3, 3, 16, 59)), nil, vn(2026, 3, 10, 8, 0), dossier.Early},
		{"finished just after midnight +07:00 on the due day (still Tuesday in UTC)", &due, ptr(vn(2026, 3, 4, 0, 30).UTC()), nil, vn(2026, 3, 10, 8, 0), dossier.OnTime},
		{"finished on the due day before the due hour", &due, ptr(vn(2026, 3, 4, 7, 45)), nil, vn(2026, 3, 10, 8, 0), dossier.OnTime},
		{"finished on the due day after the due hour", &due, ptr(vn(2026, 3, 4, 16, 30)), nil, vn(2026, 3, 10, 8, 0), dossier.OnTime},
		{"finished late evening on the due day", &due, ptr(vn(2026, 3, 4, 23, 59)), nil, vn(2026, 3, 10, 8, 0), dossier.OnTime},
		{"finished just after midnight +07:00 the next day (still Wednesday in UTC)", &due, ptr(vn(2026, 3, 5, 0, 30).UTC()), nil, vn(2026, 3, 10, 8, 0), dossier.Late},
		{"finished the day after", &due, ptr(vn(2026, 3, 5, 8, 0)), nil, vn(2026, 3, 5, 8, 0), dossier.Late},
		{"finished early, judged long after", &due, ptr(vn(2026, 3, 2, 8, 0)), nil, vn(2027, 1, 1, 8, 0), dossier.Early},
		{"open, before the due instant", &due, nil, nil, vn(2026, 3, 4, 7, 59), dossier.Within},
		{"open, at the due instant", &due, nil, nil, due, dossier.Within},
		{"open, a minute after", &due, nil, nil, vn(2026, 3, 4, 8, 1), dossier.Overdue},
		{"open, same instant in UTC", &due, nil, nil, due.UTC(), dossier.Within},
		{"paused before the due, judged later", &due, nil, ptr(vn(2026, 3, 3, 10, 0)), vn(2026, 3, 20, 8, 0), dossier.Within},
		{"paused after the due", &due, nil, ptr(vn(2026, 3, 4, 9, 0)), vn(2026, 3, 4, 9, 0), dossier.Overdue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dossier.Dossier{Status: workflow.Processing, DueAt: tt.due, FinishedAt: tt.finished, PausedAt: tt.paused}
			if got := d.Timeliness(tt.now); got != tt.want {
				t.Errorf("Timeliness = %q, want %q", got, tt.want)
			}
		})
	}
}

// Timeliness of dossiers taken through Apply: on time and late at finishing, overdue while open.
func TestTimelinessThroughApply(t *testing.T) {
	w := fixedWorld()
	// Due Thu 5 Mar 08:00.
	finishAt := func(at time.Time) dossier.Dossier {
		d := processing(t, w)
		w.must(t, &d, dossier.Request{Action: workflow.Forward}, officer, at)
		w.must(t, &d, dossier.Request{Action: workflow.Forward}, leader, at)
		w.must(t, &d, dossier.Request{Action: workflow.Forward}, clerk, at)
		return d
	}
	onTime, late := finishAt(vn(2026, 3, 5, 16, 0)), finishAt(vn(2026, 3, 6, 8, 0))
	if tl := onTime.Timeliness(vn(2026, 3, 9, 8, 0)); tl != dossier.OnTime {
		t.Errorf("done Thu 16:00, due Thu 08:00: %q, want on_time", tl)
	}
	if tl := late.Timeliness(vn(2026, 3, 9, 8, 0)); tl != dossier.Late {
		t.Errorf("done Fri, due Thu: %q, want late", tl)
	}
	d := processing(t, w)
	if tl := d.Timeliness(vn(2026, 3, 5, 8, 0)); tl != dossier.Within {
		t.Errorf("open at the due instant: %q, want within", tl)
	}
	if tl := d.Timeliness(vn(2026, 3, 5, 8, 1)); tl != dossier.Overdue {
		t.Errorf("open after the due instant: %q, want overdue", tl)
	}
	// A pause that ended moves the due instant: 3 working hours later it is within again.
	w.must(t, &d, dossier.Request{Action: workflow.RequestSupplement, Reason: "x"}, officer, vn(2026, 3, 2, 9, 0))
	w.must(t, &d, dossier.Request{Action: workflow.RecordSupplement}, applicant, vn(2026, 3, 2, 13, 30))
	if tl := d.Timeliness(vn(2026, 3, 5, 10, 59)); tl != dossier.Within {
		t.Errorf("after a 3 h pause, Thu 10:59: %q, want within", tl)
	}
	if tl := d.Timeliness(vn(2026, 3, 5, 11, 1)); tl != dossier.Overdue {
		t.Errorf("after a 3 h pause, Thu 11:01: %q, want overdue", tl)
	}
}

// ---- Inbox helpers --------------------------------------------------------------------------

func TestUrgentAt(t *testing.T) {
	w := fixedWorld()
	d := submitted(t, w)
	if !d.UrgentAt().Equal(d.CreatedAt) {
		t.Errorf("unreceived: UrgentAt = %s, want the creation %s", d.UrgentAt(), d.CreatedAt)
	}
	d = processing(t, w)
	if !d.UrgentAt().Equal(*d.StepDueAt) {
		t.Errorf("processing: UrgentAt = %s, want the step due %s", d.UrgentAt(), d.StepDueAt)
	}
	d = done(t, w)
	if !d.UrgentAt().Equal(*d.DueAt) {
		t.Errorf("done: UrgentAt = %s, want the legal due %s", d.UrgentAt(), d.DueAt)
	}
}

func TestActingUnitRole(t *testing.T) {
	tests := []struct {
		name  string
		setup setup
		unit  string
		role  workflow.Role
	}{
		{"submitted", submitted, rcv, workflow.IntakeOfficer},
		{"received", received, rcv, workflow.IntakeOfficer},
		{"processing", processing, cmp, workflow.ProcessingOfficer},
		{"payment", paymentFromProcessing, rcv, workflow.IntakeOfficer},
		{"transferred", transferred, other, workflow.ProcessingOfficer},
		{"approve step transferred", transferredAtApprove, other, workflow.ProcessingOfficer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.setup(t, fixedWorld())
			if u, r := d.ActingUnitRole(); u != tt.unit || r != tt.role {
				t.Errorf("ActingUnitRole = %q %q, want %q %q", u, r, tt.unit, tt.role)
			}
		})
	}
}

// ---- helpers --------------------------------------------------------------------------------

func isRefusal(err error, kind workflow.RefusalKind) bool {
	var r *workflow.Refusal
	return errors.As(err, &r) && r.Kind == kind
}

// wantInvalid checks that err refuses field, as left empty (missing) or as a bad value.
func wantInvalid(t *testing.T, err error, field string, missing bool) {
	t.Helper()
	var ie *dossier.InvalidError
	if !errors.As(err, &ie) {
		t.Errorf("err = %v (%T), want *InvalidError on %q", err, err, field)
		return
	}
	if ie.Field != field {
		t.Errorf("InvalidError.Field = %q (%s), want %q", ie.Field, ie.Message, field)
	}
	if ie.Missing != missing {
		t.Errorf("InvalidError.Missing = %v (%s), want %v", ie.Missing, ie.Message, missing)
	}
	if ie.Message == "" || ie.Error() != ie.Field+": "+ie.Message {
		t.Errorf("InvalidError text = %q", ie.Error())
	}
}

func TestRescheduleNeedsADueDate(t *testing.T) {
	w := fixedWorld()
	d, _ := w.create(catalog.Online, applicant, vn(2026, 3, 2, 20, 0))
	w.must(t, &d, dossier.Request{Action: workflow.RequestSupplement, Reason: "Thiếu tờ khai"}, deskIntake, vn(2026, 3, 3, 8, 0))
	before := clone(d)
	_, err := w.apply(&d, dossier.Request{Action: workflow.Reschedule, Version: d.Version, Reason: "xin lỗi",
		NewDue: ptr(vn(2026, 3, 10, 17, 0))}, deskLeader, vn(2026, 3, 3, 9, 0))
	if err == nil || !reflect.DeepEqual(d, before) {
		t.Fatalf("reschedule of a never-received dossier: err=%v DueAt=%v Reschedules=%d; want refused, unchanged", err, d.DueAt, d.Reschedules)
	}
}
