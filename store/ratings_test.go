package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// withCounters gives the fixture's department two counters.
func withCounters(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	u, err := st.Unit(ctx, testdb.Dept)
	if err != nil {
		t.Fatal(err)
	}
	u.Counters = []string{"Quầy 1", "Quầy 2"}
	if err := st.PutUnits(ctx, []org.Unit{u}); err != nil {
		t.Fatal(err)
	}
}

func intake(name string, decision store.IntakeDecision) store.CounterIntake {
	return store.CounterIntake{NewDossier: counterDossier(name), Case: "Công dân Việt Nam", Decision: decision,
		Documents: []store.IntakeDocument{{Name: "Tờ khai", Required: true, Received: decision == store.IntakeReceive, Originals: 1}},
		Counter:   "Quầy 1"}
}

func errKey(err error) string {
	var e *motcua.Error
	if asError(err, &e) {
		return e.Key
	}
	return ""
}

func TestCounterIntakeDecisions(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st, in := f.Store, f.Users["intake"]
		for _, c := range []struct {
			decision store.IntakeDecision
			reason   string
			status   workflow.Status
		}{
			{store.IntakeReceive, "", workflow.Received},
			{store.IntakeSupplement, "Thiếu tờ khai", workflow.Supplement},
			{store.IntakeRefuse, "Không thuộc thẩm quyền", workflow.Refused},
		} {
			x := intake("Nguyễn Văn "+string(c.decision), c.decision)
			x.Reason = c.reason
			d, err := st.Intake(ctx, in, x)
			if err != nil {
				t.Fatalf("%s: %v", c.decision, err)
			}
			if d.Status != c.status {
				t.Errorf("%s: status %d, want %d", c.decision, d.Status, c.status)
			}
			rec, ok, err := st.IntakeOf(ctx, in, d.Code)
			if err != nil || !ok || rec.Decision != c.decision || len(rec.Documents) != 1 || rec.Documents[0].Received != (c.decision == store.IntakeReceive) {
				t.Errorf("%s: intake record %+v %v %v", c.decision, rec, ok, err)
			}
			if c.decision == store.IntakeSupplement {
				full, _ := st.Dossier(ctx, in, d.Code)
				last := full.History[len(full.History)-1]
				if docs, _ := last.Payload["documents"].([]any); len(docs) != 1 || docs[0] != "Tờ khai" {
					t.Errorf("the supplement request does not name the missing paper: %v", last.Payload)
				}
			}
		}
		// The checklist is enforced, a reason is required to turn away, and only an intake
		// officer of the unit takes dossiers in.
		bad := intake("Thiếu giấy", store.IntakeReceive)
		bad.Documents[0].Received = false
		if _, err := st.Intake(ctx, in, bad); errKey(err) != "required_missing" {
			t.Errorf("receive without the required paper: %v", err)
		}
		if _, err := st.Intake(ctx, in, intake("Không lý do", store.IntakeRefuse)); errKey(err) != "required" {
			t.Errorf("refuse without reason: %v", err)
		}
		if _, err := st.Intake(ctx, f.Users["other.intake"], intake("Đơn vị khác", store.IntakeReceive)); motcua.ErrorCode(err) != motcua.EFORBIDDEN {
			t.Errorf("intake officer of another unit: %v", err)
		}
		future := testdb.At(9, 0)
		away := intake("Tại nhà", store.IntakeReceive)
		away.Place, away.PlaceAt = "Số 5 phố Hùng Vương", &future
		if _, err := st.Intake(ctx, in, away); errKey(err) != "future_time" {
			t.Errorf("an intake outside the centre in the future: %v", err)
		}
		past := testdb.At(7, 0).Add(-12 * time.Hour)
		away.PlaceAt = &past
		d, err := st.Intake(ctx, in, away)
		if err != nil {
			t.Fatal(err)
		}
		if rec, _, _ := st.IntakeOf(ctx, in, d.Code); rec.Place != away.Place || rec.PlaceAt == nil || !rec.PlaceAt.Equal(past) {
			t.Errorf("place and time of the intake outside the centre: %+v", rec)
		}
		if _, _, err := st.IntakeOf(ctx, f.Users["other.intake"], d.Code); motcua.ErrorCode(err) != motcua.ENOTFOUND {
			t.Errorf("another unit reads the intake record: %v", err)
		}
	})
}

func TestKioskRating(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st, in := f.Store, f.Users["intake"]
		withCounters(t, st)
		if _, err := st.TakeCounter(ctx, f.Users["officer"], testdb.Dept, "Quầy 1"); motcua.ErrorCode(err) != motcua.EFORBIDDEN {
			t.Fatalf("a processing officer sits at a counter: %v", err)
		}
		if _, err := st.TakeCounter(ctx, in, testdb.Dept, "Quầy 9"); errKey(err) != "unknown_counter" {
			t.Fatalf("unknown counter: %v", err)
		}
		if _, err := st.TakeCounter(ctx, in, testdb.Dept, "Quầy 1"); err != nil {
			t.Fatal(err)
		}
		if _, _, ok, _ := st.LastHandled(ctx, testdb.Dept, "Quầy 1"); ok {
			t.Fatal("nothing handled yet, but the kiosk has a dossier")
		}
		d, err := st.Intake(ctx, in, intake("Trần Thị B", store.IntakeReceive))
		if err != nil {
			t.Fatal(err)
		}
		desk, h, ok, err := st.LastHandled(ctx, testdb.Dept, "Quầy 1")
		if err != nil || !ok || h.Code != d.Code || desk.UserID != in.ID || h.Rated {
			t.Fatalf("last handled: %+v %+v %v %v", desk, h, ok, err)
		}
		if _, err := st.RateAtKiosk(ctx, testdb.Dept, "Quầy 2", d.Code, store.VerySatisfied); errKey(err) != "not_at_counter" {
			t.Errorf("rated from another counter's kiosk: %v", err)
		}
		if _, err := st.RateAtKiosk(ctx, testdb.Dept, "Quầy 1", d.Code, 4); errKey(err) != "invalid_rating" {
			t.Errorf("rating 4: %v", err)
		}
		r, err := st.RateAtKiosk(ctx, testdb.Dept, "Quầy 1", d.Code, store.NotSatisfied)
		if err != nil || r.OfficerID != in.ID {
			t.Fatalf("rate: %+v %v", r, err)
		}
		if _, err := st.RateAtKiosk(ctx, testdb.Dept, "Quầy 1", d.Code, store.VerySatisfied); !store.AlreadyRated(err) {
			t.Errorf("second kiosk rating: %v", err)
		}
		if _, h, _, _ := st.LastHandled(ctx, testdb.Dept, "Quầy 1"); !h.Rated {
			t.Error("the kiosk still offers a rated dossier")
		}
		if err := st.ExplainKioskRating(ctx, testdb.Dept, "Quầy 1", d.Code, "bogus", ""); errKey(err) != "invalid_reason" {
			t.Errorf("unknown reason: %v", err)
		}
		if err := st.ExplainKioskRating(ctx, testdb.Dept, "Quầy 1", d.Code, "waiting", "Chờ lâu"); err != nil {
			t.Fatal(err)
		}
		if err := st.ExplainKioskRating(ctx, testdb.Dept, "Quầy 1", d.Code, "attitude", ""); errKey(err) != "cannot_explain" {
			t.Errorf("a reason changed twice: %v", err)
		}
		rs, err := st.Ratings(ctx, in, d.Code)
		if err != nil || len(rs) != 1 || rs[0].Value != store.NotSatisfied || rs[0].Reason != "waiting" || rs[0].Comment != "Chờ lâu" || rs[0].Counter != "Quầy 1" {
			t.Fatalf("ratings: %+v %v", rs, err)
		}
		// Another officer takes the counter: the kiosk forgets the first officer's dossiers.
		in2 := f.Users["intake"]
		in2.ID = addIntake(t, st, "intake2")
		if _, err := st.TakeCounter(ctx, in2, testdb.Dept, "Quầy 1"); err != nil {
			t.Fatal(err)
		}
		if desk, _, ok, _ := st.LastHandled(ctx, testdb.Dept, "Quầy 1"); ok || desk.UserID != in2.ID {
			t.Errorf("after a change of officer: %+v %v", desk, ok)
		}
		if _, ok, _ := st.DeskOf(ctx, in.ID); ok {
			t.Error("the first officer still sits at the counter")
		}
	})
}

func addIntake(t *testing.T, st *store.Store, name string) int64 {
	t.Helper()
	id, err := st.AddUser(context.Background(), user.User{Username: name, FullName: name,
		Roles: []user.RoleAt{{Role: workflow.IntakeOfficer, Unit: testdb.Dept}}}, "password-"+name)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestOnlineRating(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit := f.Users["citizen"]
		d, err := st.CreateDossier(ctx, cit, store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
			Channel: "online", Applicant: dossier.Applicant{Name: "Công dân", Phone: "0912345678"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.RateDossier(ctx, cit, d.Code, store.Rating{Value: store.Satisfied}); errKey(err) != "not_returned" {
			t.Fatalf("rating before the result is returned: %v", err)
		}
		steps := []struct {
			who string
			req dossier.Request
		}{
			{"intake", dossier.Request{Action: workflow.Receive}},
			{"intake", dossier.Request{Action: workflow.Forward}},
			{"officer", dossier.Request{Action: workflow.Forward}},
			{"leader", dossier.Request{Action: workflow.Forward}},
			{"clerk", dossier.Request{Action: workflow.Forward}},
			{"intake", dossier.Request{Action: workflow.ReturnResult, How: "counter"}},
		}
		for _, s := range steps {
			s.req.Version = d.Version
			if d, err = st.Act(ctx, f.Users[s.who], d.Code, s.req); err != nil {
				t.Fatalf("%s %s: %v", s.who, s.req.Action, err)
			}
		}
		if _, err := st.RateDossier(ctx, f.Users["citizen2"], d.Code, store.Rating{Value: store.Satisfied}); motcua.ErrorCode(err) != motcua.ENOTFOUND {
			t.Errorf("another citizen rates: %v", err)
		}
		r, err := st.RateDossier(ctx, cit, d.Code, store.Rating{Value: store.VerySatisfied, Comment: "Nhanh"})
		if err != nil || r.OfficerID != f.Users["intake"].ID || r.Channel != store.RatingOnline {
			t.Fatalf("online rating: %+v %v", r, err)
		}
		if _, err := st.RateDossier(ctx, cit, d.Code, store.Rating{Value: store.NotSatisfied}); !store.AlreadyRated(err) {
			t.Errorf("second online rating: %v", err)
		}
	})
}

func TestAppointments(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		days, err := st.AppointmentDays(ctx)
		if err != nil || len(days) == 0 {
			t.Fatal(days, err)
		}
		// Monday 2 March 2026: the first bookable day is Tuesday, never a weekend.
		if days[0] != (calendar.Date{Year: 2026, Month: 3, Day: 3}) {
			t.Errorf("first day %s", days[0])
		}
		ok := store.Appointment{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Name: "Lê Văn C",
			Phone: "0912 345 678", Address: "Thôn Đông, xã Đạo Trù", Day: days[0], Slot: store.AppointmentSlots[0]}
		for _, c := range []struct {
			name  string
			edit  func(a *store.Appointment)
			field string
		}{
			{"no name", func(a *store.Appointment) { a.Name = " " }, "name"},
			{"bad phone", func(a *store.Appointment) { a.Phone = "12345" }, "phone"},
			{"letters in phone", func(a *store.Appointment) { a.Phone = "09123abc78" }, "phone"},
			{"no address", func(a *store.Appointment) { a.Address = "" }, "address"},
			{"today", func(a *store.Appointment) { a.Day = calendar.Date{Year: 2026, Month: 3, Day: 2} }, "day"},
			{"saturday", func(a *store.Appointment) { a.Day = calendar.Date{Year: 2026, Month: 3, Day: 7} }, "day"},
			{"too far", func(a *store.Appointment) { a.Day = calendar.Date{Year: 2026, Month: 6, Day: 1} }, "day"},
			{"no slot", func(a *store.Appointment) { a.Slot = "21:00" }, "slot"},
			{"unit not implementing", func(a *store.Appointment) { a.UnitCode = testdb.Commune }, "unit_code"},
		} {
			a := ok
			c.edit(&a)
			_, err := st.BookAppointment(ctx, user.User{}, a)
			var e *motcua.Error
			if !asError(err, &e) || e.Field != c.field {
				t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
			}
		}
		a, err := st.BookAppointment(ctx, f.Users["citizen"], ok)
		if err != nil || a.Phone != "0912345678" || a.CitizenID != f.Users["citizen"].ID || a.Ref == "" {
			t.Fatalf("book: %+v %v", a, err)
		}
		for i := 1; i < store.MaxOpenAppointments; i++ {
			if _, err := st.BookAppointment(ctx, user.User{}, ok); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.BookAppointment(ctx, user.User{}, ok); errKey(err) != "too_many_appointments" {
			t.Errorf("a fourth open booking for one phone: %v", err)
		}
		list, err := st.Appointments(ctx, f.Users["officer"], store.AppointmentFilter{Status: store.AppointmentBooked})
		if err != nil || len(list) != store.MaxOpenAppointments {
			t.Fatalf("officer's list: %d %v", len(list), err)
		}
		if list, _ := st.Appointments(ctx, f.Users["other.intake"], store.AppointmentFilter{}); len(list) != 0 {
			t.Errorf("another unit sees %d appointments", len(list))
		}
		if err := st.SetAppointmentStatus(ctx, f.Users["officer"], a.ID, store.AppointmentDone); motcua.ErrorCode(err) != motcua.ECONFLICT {
			t.Errorf("a processing officer closes an appointment: %v", err)
		}
		// Taking the dossier in at home closes the appointment with the dossier's code.
		x := intake("Lê Văn C", store.IntakeReceive)
		x.AppointmentID, x.Place = a.ID, a.Address
		d, err := st.Intake(ctx, f.Users["intake"], x)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Appointment(ctx, f.Users["intake"], a.ID)
		if err != nil || got.Status != store.AppointmentDone || got.DossierCode != d.Code || got.HandledBy != "intake" {
			t.Fatalf("appointment after intake: %+v %v", got, err)
		}
		if err := st.SetAppointmentStatus(ctx, f.Users["intake"], a.ID, store.AppointmentCancelled); motcua.ErrorCode(err) != motcua.ECONFLICT {
			t.Errorf("a closed appointment cancelled: %v", err)
		}
	})
}
