package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// TestSatisfactionFigures: three online dossiers returned by the intake officer and rated very
// satisfied, satisfied and not satisfied (with a comment); the figures count them per officer,
// unit, procedure and channel, 66.7 % satisfied, with the comment; another period counts none.
func TestSatisfactionFigures(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit := f.Users["citizen"]
		for _, rating := range []store.Rating{{Value: store.VerySatisfied}, {Value: store.Satisfied}, {Value: store.NotSatisfied, Reason: "waiting", Comment: "Phải đi lại hai lần"}} {
			d, err := st.CreateDossier(ctx, cit, store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
				Channel: "online", Applicant: dossier.Applicant{Name: "Công dân", Phone: "0912345678"}})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []struct {
				who string
				req dossier.Request
			}{
				{"intake", dossier.Request{Action: workflow.Receive}},
				{"intake", dossier.Request{Action: workflow.Forward}},
				{"officer", dossier.Request{Action: workflow.Forward}},
				{"leader", dossier.Request{Action: workflow.Forward}},
				{"clerk", dossier.Request{Action: workflow.Forward}},
				{"intake", dossier.Request{Action: workflow.ReturnResult, How: "counter"}},
			} {
				s.req.Version = d.Version
				if d, err = st.Act(ctx, f.Users[s.who], d.Code, s.req); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := st.RateDossier(ctx, cit, d.Code, rating); err != nil {
				t.Fatal(err)
			}
		}
		march := store.SummaryFilter{Unit: testdb.Dept, From: time.Date(2026, 3, 1, 0, 0, 0, 0, testdb.At(0, 0).Location()),
			To: time.Date(2026, 4, 1, 0, 0, 0, 0, testdb.At(0, 0).Location())}
		s, err := st.StatsSatisfaction(ctx, f.Users["manager"], march)
		if err != nil {
			t.Fatal(err)
		}
		want := store.RatingCounts{VerySatisfied: 1, Satisfied: 1, NotSatisfied: 1}
		if s.Total != want || s.Total.SatisfiedPct() != 66.7 {
			t.Fatalf("total %+v %v", s.Total, s.Total.SatisfiedPct())
		}
		if len(s.ByOfficer) != 1 || s.ByOfficer[0].Key != "intake" || s.ByOfficer[0].Counts != want {
			t.Errorf("by officer %+v", s.ByOfficer)
		}
		if len(s.ByProcedure) != 1 || s.ByProcedure[0].Key != testdb.ProcCode || len(s.ByChannel) != 1 || s.ByChannel[0].Key != "online" {
			t.Errorf("by procedure %+v, channel %+v", s.ByProcedure, s.ByChannel)
		}
		if len(s.Comments) != 1 || s.Comments[0].Comment != "Phải đi lại hai lần" || s.Comments[0].Reason != "waiting" || s.Comments[0].Value != 1 {
			t.Errorf("comments %+v", s.Comments)
		}
		april := march
		april.From, april.To = march.To, march.To.AddDate(0, 1, 0)
		if s, err := st.StatsSatisfaction(ctx, f.Users["manager"], april); err != nil || s.Total.Total() != 0 || len(s.Comments) != 0 {
			t.Errorf("April: %+v %v", s.Total, err)
		}
		if _, err := st.StatsSatisfaction(ctx, f.Users["officer"], march); errKey(err) != "forbidden_stats" {
			t.Errorf("an officer read the satisfaction figures: %v", err)
		}
	})
}
