package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// TestSupplementRounds: three dossiers solved on Monday 2 March after none, one and two
// supplement requests score criterion 3 (2 + 1 + 0) / 3 = 1; a fourth, asked once and not yet
// solved, counts nowhere.
func TestSupplementRounds(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		act := func(who, code string, req dossier.Request) {
			t.Helper()
			d, err := st.DossierByCode(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			req.Version = d.Version
			if _, err := st.Act(ctx, f.Users[who], code, req); err != nil {
				t.Fatalf("%s %s: %v", who, req.Action, err)
			}
		}
		dossierWith := func(rounds int, solve bool) {
			d, err := st.CreateDossier(ctx, f.Users["intake"], counterDossier("Người nộp"))
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < rounds; i++ {
				act("intake", d.Code, dossier.Request{Action: workflow.RequestSupplement, Reason: "Thiếu giấy tờ"})
				act("intake", d.Code, dossier.Request{Action: workflow.RecordSupplement})
			}
			if solve {
				for _, who := range []string{"intake", "officer", "leader", "clerk"} {
					act(who, d.Code, dossier.Request{Action: workflow.Forward})
				}
			}
		}
		dossierWith(0, true)
		dossierWith(1, true)
		dossierWith(2, true)
		dossierWith(1, false)
		march := store.SummaryFilter{Unit: testdb.Dept, From: time.Date(2026, 3, 1, 0, 0, 0, 0, calendar.Zone), To: time.Date(2026, 4, 1, 0, 0, 0, 0, calendar.Zone)}
		a, err := st.Assessment(ctx, f.Users["manager"], march)
		if err != nil {
			t.Fatal(err)
		}
		if a.Facts.Rounds != [3]int{1, 1, 1} {
			t.Fatalf("rounds %v, want one of each", a.Facts.Rounds)
		}
		for _, sc := range a.Sheet.Scores {
			if sc.Key == "returns" && (sc.Points == nil || *sc.Points != 1) {
				t.Fatalf("returns %v, want 1", sc.Points)
			}
		}
	})
}
