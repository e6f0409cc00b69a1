package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// clocked is each with a clock the test moves.
func clocked(t *testing.T, fn func(t *testing.T, f testdb.Fixture, at func(time.Time))) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			st, err := store.Open(context.Background(), db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			now := testdb.At(8, 0)
			var mu sync.Mutex
			st.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
			f := testdb.Seed(t, st)
			fn(t, f, func(t time.Time) { mu.Lock(); now = t; mu.Unlock() })
		})
	}
}

func TestSignInChecksPasswordAndHidesUnknownAccounts(t *testing.T) {
	clocked(t, func(t *testing.T, f testdb.Fixture, _ func(time.Time)) {
		ctx := context.Background()
		u, err := f.Store.SignIn(ctx, " intake ", "password-intake", "192.0.2.1")
		if err != nil || u.ID != f.Users["intake"].ID || len(u.Roles) != 1 {
			t.Fatalf("right password: %+v %v", u, err)
		}
		_, wrong := f.Store.SignIn(ctx, "intake", "password-officer", "192.0.2.1")
		_, unknown := f.Store.SignIn(ctx, "nobody", "password-intake", "192.0.2.1")
		for _, err := range []error{wrong, unknown} {
			var e *motcua.Error
			if !errors.As(err, &e) || e.Key != "bad_credentials" {
				t.Fatalf("want bad_credentials, got %v", err)
			}
		}
		if wrong.Error() != unknown.Error() {
			t.Fatalf("unknown account and wrong password differ: %q vs %q", unknown, wrong)
		}
	})
}

func TestSignInThrottlesAnAccount(t *testing.T) {
	clocked(t, func(t *testing.T, f testdb.Fixture, at func(time.Time)) {
		ctx := context.Background()
		start := testdb.At(8, 0)
		for i := 0; i < store.MaxAccountFailures; i++ {
			at(start.Add(time.Duration(i) * time.Minute))
			// From different addresses: the account's own counter locks it.
			if _, err := f.Store.SignIn(ctx, "Intake", "wrong", fmt.Sprintf("192.0.2.%d", i)); motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		at(start.Add(10 * time.Minute))
		_, err := f.Store.SignIn(ctx, "intake", "password-intake", "198.51.100.1")
		var th *store.ThrottledError
		if !errors.As(err, &th) || !th.Account {
			t.Fatalf("sixth attempt, right password: want the account throttled, got %v", err)
		}
		if want := start.Add(store.ThrottleWindow); !th.Until.Equal(want) {
			t.Fatalf("locked until %v, want %v (the first failure leaves the window)", th.Until, want)
		}
		// Another account from the same addresses is not affected.
		if _, err := f.Store.SignIn(ctx, "officer", "password-officer", "192.0.2.1"); err != nil {
			t.Fatalf("another account: %v", err)
		}
		at(th.Until.Add(time.Second))
		if _, err := f.Store.SignIn(ctx, "intake", "password-intake", "198.51.100.1"); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
		// The success cleared the account's counter: four more failures do not lock it.
		for i := 0; i < store.MaxAccountFailures-1; i++ {
			if _, err := f.Store.SignIn(ctx, "intake", "wrong", "198.51.100.1"); motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
				t.Fatalf("failure %d after success: %v", i, err)
			}
		}
		if _, err := f.Store.SignIn(ctx, "intake", "password-intake", "198.51.100.1"); err != nil {
			t.Fatalf("the counter was not cleared by the success: %v", err)
		}
	})
}

func TestSignInThrottlesAnAddress(t *testing.T) {
	clocked(t, func(t *testing.T, f testdb.Fixture, at func(time.Time)) {
		ctx := context.Background()
		start := testdb.At(8, 0)
		at(start)
		const addr = "203.0.113.7"
		// Successes from the address do not count against it.
		for i := 0; i < 2; i++ {
			if _, err := f.Store.SignIn(ctx, "clerk", "password-clerk", addr); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < store.MaxAddressFailures; i++ {
			// A different made-up account each time: only the address counter reaches its limit.
			if _, err := f.Store.SignIn(ctx, fmt.Sprintf("guess%d", i), "x", addr); motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		_, err := f.Store.SignIn(ctx, "clerk", "password-clerk", addr)
		var th *store.ThrottledError
		if !errors.As(err, &th) || th.Account {
			t.Fatalf("want the address throttled, got %v", err)
		}
		if _, err := f.Store.SignIn(ctx, "clerk", "password-clerk", "203.0.113.8"); err != nil {
			t.Fatalf("another address: %v", err)
		}
		at(start.Add(store.ThrottleWindow + time.Second))
		if _, err := f.Store.SignIn(ctx, "clerk", "password-clerk", addr); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestSessionsExpire(t *testing.T) {
	clocked(t, func(t *testing.T, f testdb.Fixture, at func(time.Time)) {
		ctx := context.Background()
		start := testdb.At(8, 0)
		alive := func(tok string) bool {
			t.Helper()
			u, err := f.Store.SessionUser(ctx, tok)
			if err == nil && u.ID != f.Users["intake"].ID {
				t.Fatalf("session of the wrong user %d", u.ID)
			}
			if err != nil && motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
				t.Fatal(err)
			}
			return err == nil
		}
		id := f.Users["intake"].ID
		at(start)
		idle, _ := f.Store.NewSession(ctx, id, "192.0.2.1")
		busy, _ := f.Store.NewSession(ctx, id, "192.0.2.1")
		if !alive(idle) || !alive(busy) || alive("mc_forged") || alive("") {
			t.Fatal("a new session is not alive, or a forged one is")
		}
		// Used again within the minute: last_seen does not move, so the idle clock still runs
		// from the start.
		at(start.Add(30 * time.Second))
		if !alive(idle) {
			t.Fatal("session dead after 30 s")
		}
		at(start.Add(store.SessionIdle + 10*time.Second))
		if alive(idle) {
			t.Fatal("a session unused for the idle timeout is alive (touched within the first minute?)")
		}
		// A session used every hour lives until the absolute limit.
		for h := time.Hour; h < store.SessionLifetime; h += time.Hour {
			at(start.Add(h))
			if !alive(busy) {
				t.Fatalf("busy session dead after %v", h)
			}
		}
		if n, err := f.Store.ActiveSessions(ctx, id); err != nil || n != 1 {
			t.Fatalf("active sessions %d %v, want 1", n, err)
		}
		at(start.Add(store.SessionLifetime))
		if alive(busy) {
			t.Fatal("a session outlived its absolute limit")
		}
	})
}

func TestSignOutEverywhereRevokesSessionsAndTokens(t *testing.T) {
	clocked(t, func(t *testing.T, f testdb.Fixture, _ func(time.Time)) {
		ctx := context.Background()
		id, other := f.Users["intake"].ID, f.Users["officer"].ID
		s1, _ := f.Store.NewSession(ctx, id, "")
		s2, _ := f.Store.NewSession(ctx, id, "")
		tok, _ := f.Store.NewToken(ctx, id, 0)
		keep, _ := f.Store.NewSession(ctx, other, "")
		keepTok, _ := f.Store.NewToken(ctx, other, 0)
		if err := f.Store.EndSession(ctx, s1); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Store.SessionUser(ctx, s1); err == nil {
			t.Fatal("an ended session still works")
		}
		if _, err := f.Store.SessionUser(ctx, s2); err != nil {
			t.Fatal("ending one session ended another")
		}
		if err := f.Store.SignOutEverywhere(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Store.SessionUser(ctx, s2); err == nil {
			t.Fatal("session survived sign-out everywhere")
		}
		if _, err := f.Store.UserByToken(ctx, tok); err == nil {
			t.Fatal("API token survived sign-out everywhere")
		}
		if _, err := f.Store.SessionUser(ctx, keep); err != nil {
			t.Fatal("another user's session was ended")
		}
		if _, err := f.Store.UserByToken(ctx, keepTok); err != nil {
			t.Fatal("another user's token was revoked")
		}
	})
}

func TestAccessLog(t *testing.T) {
	clocked(t, func(t *testing.T, f testdb.Fixture, at func(time.Time)) {
		ctx := context.Background()
		st := f.Store
		citizen := f.Users["citizen"]
		online, err := st.CreateDossier(ctx, citizen, store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
			Channel: catalog.Online, Applicant: dossier.Applicant{Name: "Công Dân"}})
		if err != nil {
			t.Fatal(err)
		}
		// Entered at the counter with the citizen's ID number, no account.
		counter, err := st.CreateDossier(ctx, f.Users["intake"], store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
			Channel: catalog.InPerson, Applicant: dossier.Applicant{Name: "Công Dân", IDNumber: citizen.IDNumber}})
		if err != nil {
			t.Fatal(err)
		}
		foreign, _ := st.CreateDossier(ctx, f.Users["citizen2"], store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
			Channel: catalog.Online, Applicant: dossier.Applicant{Name: "Người Khác"}})
		at(testdb.At(9, 0))
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(st.LogAccess(ctx, f.Users["intake"], online.Code, store.ScreenDossier))
		at(testdb.At(9, 5))
		must(st.LogAccess(ctx, f.Users["officer"], counter.Code, store.ScreenReceipt))
		must(st.LogAccess(ctx, f.Users["intake"], foreign.Code, store.ScreenDossier))
		must(st.LogAccess(ctx, citizen, online.Code, store.ScreenDossier)) // the citizen's own look
		log, err := st.AccessLog(ctx, online.Code)
		must(err)
		if len(log) != 2 || log[0].Username != "citizen" || log[1].Username != "intake" ||
			!log[1].At.Equal(testdb.At(9, 0)) || log[1].Screen != store.ScreenDossier || log[1].DossierCode != online.Code {
			t.Fatalf("dossier access log: %+v", log)
		}
		mine, err := st.CitizenAccessLog(ctx, citizen, 0)
		must(err)
		var got []string
		for _, a := range mine {
			got = append(got, a.DossierCode+" "+a.Username+" "+a.Screen)
		}
		want := []string{counter.Code + " officer receipt", online.Code + " intake dossier_page"}
		if !slices.Equal(got, want) {
			t.Fatalf("citizen's access log:\n got %q\nwant %q", got, want)
		}
		if other, _ := st.CitizenAccessLog(ctx, f.Users["citizen2"], 0); len(other) != 1 || other[0].DossierCode != foreign.Code {
			t.Fatalf("citizen2 sees %+v", other)
		}
	})
}

func TestDossierForOfficerAllowsWhatActAllows(t *testing.T) {
	clocked(t, func(t *testing.T, f testdb.Fixture, _ func(time.Time)) {
		ctx := context.Background()
		st := f.Store
		d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Trần Thị B"))
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			who  string
			want []workflow.Action
		}{
			{"intake", []workflow.Action{workflow.Refuse, workflow.RequestSupplement, workflow.Forward, workflow.RequestPayment, workflow.Withdraw}},
			{"leader", []workflow.Action{workflow.Reschedule, workflow.Stop}},
			{"manager", []workflow.Action{workflow.Reschedule}},
			{"officer", []workflow.Action{workflow.RequestPayment}}, // a processing officer of the step's unit
			{"clerk", nil},
		}
		for _, c := range cases {
			o, err := st.DossierForOfficer(ctx, f.Users[c.who], d.Code)
			if err != nil {
				t.Fatalf("%s: %v", c.who, err)
			}
			if !slices.Equal(o.Allowed, c.want) {
				t.Errorf("%s may %v, want %v", c.who, o.Allowed, c.want)
			}
			if len(o.Template.Steps) != 5 || len(o.Dossier.History) != 1 || o.Clock.Calendar == nil {
				t.Errorf("%s: template %d steps, history %d", c.who, len(o.Template.Steps), len(o.Dossier.History))
			}
			// Act agrees: an action left off is refused by the contract (403 or 409); one offered
			// passes it and fails only on its missing fields. Actions that need no field are
			// not tried, so the dossier stays as it is for the next case.
			fieldless := []workflow.Action{workflow.Receive, workflow.Forward, workflow.RecordSupplement,
				workflow.ConfirmPayment, workflow.TransferReturn}
			for _, a := range workflow.Actions {
				if slices.Contains(o.Allowed, a) && slices.Contains(fieldless, a) {
					continue
				}
				_, err := st.Act(ctx, f.Users[c.who], d.Code, dossier.Request{Action: a, Version: d.Version})
				code := motcua.ErrorCode(err)
				switch {
				case slices.Contains(o.Allowed, a) && err == nil:
					t.Fatalf("%s %s went through without fields", c.who, a)
				case slices.Contains(o.Allowed, a) && code != motcua.EINVALID:
					t.Errorf("%s %s: offered on the page, but Act says %v", c.who, a, err)
				case !slices.Contains(o.Allowed, a) && code != motcua.EFORBIDDEN && code != motcua.ECONFLICT:
					t.Errorf("%s %s: left off the page, but Act says %v", c.who, a, err)
				}
			}
		}
		if _, err := st.DossierForOfficer(ctx, f.Users["other.intake"], d.Code); motcua.ErrorCode(err) != motcua.ENOTFOUND {
			t.Fatalf("another unit's officer: %v", err)
		}
	})
}
