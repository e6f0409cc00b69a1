package store_test

// Contract tests of the store against issue 2: dossier codes past 9999 and per unit per day,
// dossiers pinned to the procedure version they were created under, and what a transition
// writes (the row and one append-only event) — on SQLite and PostgreSQL.

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// eachRaw is each with a second, raw connection to the same database, for setting up states
// the store never produces quickly (a sequence at 9999).
func eachRaw(t *testing.T, fn func(t *testing.T, f testdb.Fixture, raw *sql.DB, dialect string)) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			st.SetClock(func() time.Time { return testdb.At(8, 0) })
			var raw *sql.DB
			if path, ok := strings.CutPrefix(db.DSN, "sqlite:"); ok {
				raw, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
			} else {
				raw, err = sql.Open("pgx", db.DSN)
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { raw.Close() })
			fn(t, testdb.Seed(t, st), raw, db.Name)
		})
	}
}

// The sequence grows to five digits past 9999 rather than failing, and restarts per unit and
// per day.
func TestContractCodeGrowsPast9999(t *testing.T) {
	eachRaw(t, func(t *testing.T, f testdb.Fixture, raw *sql.DB, dialect string) {
		ctx := context.Background()
		if _, err := raw.ExecContext(ctx, "INSERT INTO dossier_sequences (unit_code, day, last) VALUES ($1, $2, $3)",
			testdb.Dept, "260302", 9998); err != nil {
			t.Fatal(err)
		}
		var codes []string
		for i := 0; i < 3; i++ {
			d, err := f.Store.CreateDossier(ctx, f.Users["intake"], counterDossier(fmt.Sprint("Người thứ ", 9999+i)))
			if err != nil {
				t.Fatalf("intake %d: %v", 9999+i, err)
			}
			codes = append(codes, d.Code)
		}
		want := []string{testdb.Dept + "-260302-9999", testdb.Dept + "-260302-10000", testdb.Dept + "-260302-10001"}
		if fmt.Sprint(codes) != fmt.Sprint(want) {
			t.Fatalf("codes %v, want %v", codes, want)
		}
		// Another unit's sequence on the same day starts at 1.
		in := counterDossier("Đơn vị khác")
		in.UnitCode = testdb.Other
		d, err := f.Store.CreateDossier(ctx, f.Users["other.intake"], in)
		if err != nil {
			t.Fatal(err)
		}
		if d.Code != testdb.Other+"-260302-0001" {
			t.Errorf("first code of another unit: %s", d.Code)
		}
		// The next day starts at 1 again.
		f.Store.SetClock(func() time.Time { return testdb.At(8, 0).AddDate(0, 0, 1) })
		d, err = f.Store.CreateDossier(ctx, f.Users["intake"], counterDossier("Hôm sau"))
		if err != nil {
			t.Fatal(err)
		}
		if d.Code != testdb.Dept+"-260303-0001" {
			t.Errorf("first code of the next day: %s", d.Code)
		}
	})
}

// The day in the code is the creation date in Vietnam, not in UTC: 23:30 UTC on 1 March is
// 06:30 on 2 March in Vietnam.
func TestContractCodeDateIsVietnamDate(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		f.Store.SetClock(func() time.Time { return time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC) })
		d, err := f.Store.CreateDossier(context.Background(), f.Users["intake"], counterDossier("Sáng sớm"))
		if err != nil {
			t.Fatal(err)
		}
		if d.Code != testdb.Dept+"-260302-0001" {
			t.Errorf("code %s, want the Vietnam date 260302", d.Code)
		}
	})
}

// A dossier stays on the procedure version (legal time and process template) it was created
// under when the procedure is edited; new dossiers take the new version.
func TestContractDossierPinnedToProcedureVersion(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		old, err := st.CreateDossier(ctx, f.Users["citizen"], store.NewDossier{ProcedureCode: testdb.ProcCode,
			UnitCode: testdb.Dept, Channel: catalog.Online, Applicant: dossier.Applicant{Name: "Phiên Bản Một"}})
		if err != nil {
			t.Fatal(err)
		}
		if old.ProcedureVersion != 1 {
			t.Fatalf("first dossier on version %d", old.ProcedureVersion)
		}
		// Version 2: five working days and a three-step process of its own.
		p, err := st.Procedure(ctx, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		five := calendar.Duration{Value: 5, Unit: calendar.WorkingDay}
		for i := range p.Channels {
			p.Channels[i].Time = five
		}
		p.Template = &catalog.Template{Steps: []catalog.Step{
			{Key: "nhan", Name: "Nhận hồ sơ", Role: workflow.IntakeOfficer, Unit: catalog.AtReceiving, BudgetHours: 4},
			{Key: "xu-ly", Name: "Xử lý", Role: workflow.Leader, Unit: catalog.AtCompetent, BudgetHours: 30},
			{Key: "tra", Name: "Trả kết quả", Role: workflow.IntakeOfficer, Unit: catalog.AtReceiving},
		}}
		p.Version = 0
		if n, err := st.PutProcedures(ctx, []catalog.Procedure{p}); err != nil || n != 1 {
			t.Fatalf("new version: %d %v", n, err)
		}
		if cur, _ := st.Procedure(ctx, testdb.ProcCode); cur.Version != 2 {
			t.Fatalf("current version %d, want 2", cur.Version)
		}

		// The old dossier keeps version 1: two working days and the default template.
		d, err := st.Act(ctx, f.Users["intake"], old.Code, dossier.Request{Action: workflow.Receive, Version: old.Version})
		if err != nil {
			t.Fatal(err)
		}
		if d.ProcedureVersion != 1 || d.LegalTime.Value != 2 || !d.DueAt.Equal(time.Date(2026, 3, 4, 8, 0, 0, 0, calendar.Zone)) {
			t.Errorf("old dossier: version %d, legal time %v, due %v; want version 1, 2 days, Wed 08:00", d.ProcedureVersion, d.LegalTime, d.DueAt)
		}
		d, err = st.Act(ctx, f.Users["intake"], old.Code, dossier.Request{Action: workflow.Forward, Version: d.Version})
		if err != nil {
			t.Fatal(err)
		}
		if d.StepKey != "appraise" || d.StepRole != workflow.ProcessingOfficer {
			t.Errorf("old dossier forwarded to %s (%s), want the default template's appraise step", d.StepKey, d.StepRole)
		}

		// A new dossier takes version 2.
		nd, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Phiên Bản Hai"))
		if err != nil {
			t.Fatal(err)
		}
		if nd.ProcedureVersion != 2 || nd.LegalTime.Value != 5 || nd.StepKey != "nhan" {
			t.Errorf("new dossier: version %d, legal time %v, step %s; want version 2, 5 days, nhan", nd.ProcedureVersion, nd.LegalTime, nd.StepKey)
		}
		nd, err = st.Act(ctx, f.Users["intake"], nd.Code, dossier.Request{Action: workflow.Forward, Version: nd.Version})
		if err != nil {
			t.Fatal(err)
		}
		if nd.StepKey != "xu-ly" || nd.StepRole != workflow.Leader {
			t.Errorf("new dossier forwarded to %s (%s), want xu-ly (leader)", nd.StepKey, nd.StepRole)
		}
	})
}

// Each transition writes the dossier row and exactly one event with actor, time, from, to, step,
// note and payload; history is append-only (earlier events are unchanged by later actions).
func TestContractTransitionWritesOneEvent(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Sự Kiện"))
		if err != nil {
			t.Fatal(err)
		}
		before, err := st.Dossier(ctx, f.Users["intake"], d.Code)
		if err != nil {
			t.Fatal(err)
		}
		at := testdb.At(10, 15)
		st.SetClock(func() time.Time { return at })
		d, err = st.Act(ctx, f.Users["intake"], d.Code, dossier.Request{Action: workflow.RequestSupplement,
			Version: d.Version, Note: "Gọi điện báo", Reason: "Thiếu tờ khai", Documents: []string{"Tờ khai"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.History) != len(before.History)+1 {
			t.Fatalf("%d events after one action, want %d", len(d.History), len(before.History)+1)
		}
		ev := d.History[len(d.History)-1]
		if ev.Actor != "intake" || ev.ActorID != f.Users["intake"].ID || !ev.At.Equal(at) || ev.Action != workflow.RequestSupplement ||
			ev.From != workflow.Received || ev.To != workflow.Supplement || ev.Step != "receive" || ev.StepUnit != testdb.Dept ||
			ev.Note != "Gọi điện báo" || ev.Payload["reason"] != "Thiếu tờ khai" {
			t.Errorf("event %+v", ev)
		}
		if fmt.Sprint(d.History[:len(before.History)]) != fmt.Sprint(before.History) {
			t.Errorf("earlier events changed:\n%v\n%v", before.History, d.History[:len(before.History)])
		}
		if d.Version != before.Version+1 || d.Status != workflow.Supplement || d.PausedAt == nil || !d.PausedAt.Equal(at) {
			t.Errorf("row: version %d status %d paused %v", d.Version, d.Status, d.PausedAt)
		}
	})
}

// The inbox lists what the caller can act on now, most urgent (earliest step due) first, whatever
// the order of creation; a centre manager's inbox holds every open dossier of their unit.
func TestContractInboxOrderAndManager(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		at := func(h, m int) { st.SetClock(func() time.Time { return testdb.At(h, m) }) }
		at(14, 0)
		late, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Nhận chiều"))
		if err != nil {
			t.Fatal(err)
		}
		at(8, 0)
		early, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Nhận sáng"))
		if err != nil {
			t.Fatal(err)
		}
		refused, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Bị từ chối"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Act(ctx, f.Users["intake"], refused.Code, dossier.Request{Action: workflow.Refuse, Version: refused.Version, Reason: "Không thuộc thẩm quyền"}); err != nil {
			t.Fatal(err)
		}
		in, err := st.Inbox(ctx, f.Users["intake"], 50)
		if err != nil {
			t.Fatal(err)
		}
		if in.Total != 2 || len(in.Items) != 2 || in.Items[0].Code != early.Code || in.Items[1].Code != late.Code {
			var got []string
			for _, d := range in.Items {
				got = append(got, d.Code)
			}
			t.Fatalf("intake inbox %v (total %d), want [%s %s]", got, in.Total, early.Code, late.Code)
		}
		// Forwarded to the processing officer: it leaves the intake officer's inbox and enters
		// the officer's; the manager sees both open dossiers throughout, never the refused one.
		if _, err := st.Act(ctx, f.Users["intake"], late.Code, dossier.Request{Action: workflow.Forward, Version: late.Version}); err != nil {
			t.Fatal(err)
		}
		for who, want := range map[string][]string{"intake": {early.Code}, "officer": {late.Code}, "leader": nil, "manager": {early.Code, late.Code}} {
			in, err := st.Inbox(ctx, f.Users[who], 50)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range in.Items {
				got = append(got, d.Code)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || in.Total != len(want) {
				t.Errorf("%s inbox %v (total %d), want %v", who, got, in.Total, want)
			}
		}
	})
}
