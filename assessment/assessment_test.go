package assessment_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/assessment"
)

func ptr[T any](v T) *T { return &v }

// A unit's month, counted by hand: 10 solved (6 early, 3 on time, 1 late), 40 steps of which 4
// over budget, supplements 7 none / 2 one / 1 two, 20 received of which 12 online, 8 procedures
// of which 6 online, no late online dossier.
func month() assessment.Facts {
	return assessment.Facts{Early: 6, OnTime: 3, Late: 1, Steps: 40, StepsOverBudget: 4, Rounds: [3]int{7, 2, 1},
		Received: 20, ReceivedOnline: 12, Procedures: 8, OnlineProcedures: 6, Electronic: true}
}

func TestAssess(t *testing.T) {
	rules, err := assessment.For(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	entered := func(f assessment.Facts) assessment.Facts {
		f.OneStop, f.Paper, f.Complaints, f.Feedback, f.FeedbackOnTime = ptr(8), ptr(true), ptr(0), ptr(10), ptr(10)
		return f
	}
	tests := []struct {
		name   string
		facts  assessment.Facts
		points map[string]float64 // -1: no data
		total  float64
		grade  string
	}{
		{"computed only: the entered criteria have no data, no grade", month(), map[string]float64{
			"time":        1.5, // (2·6 + 3) / 10
			"agency_time": 1.8, // 2 · 36 / 40
			"returns":     1.6, // (2·7 + 2) / 10
			"contacts":    1.6, // (2·12 + 8) / 20
			"one_stop":    -1, "published": -1, "attitude": -1, "feedback": -1,
			"online": 2, // 75 % of procedures and 60 % of dossiers online, none late
		}, 8.5, ""},
		{"all entered", entered(month()), map[string]float64{
			"one_stop": 2, "published": 2,
			"attitude": 1.6, // (2·6 + 4) / 10
			"feedback": 2,
		}, 16.1, "excellent"}, // 8.5 + 2 + 2 + 1.6 + 2
		{"complaints take early dossiers to 0 first; feedback 90 % on time", func() assessment.Facts {
			f := entered(month())
			f.Complaints, f.FeedbackOnTime, f.OneStop, f.Paper = ptr(2), ptr(9), ptr(4), ptr(false)
			return f
		}(), map[string]float64{
			"attitude": 1.2, // early 4 → 8, others 10 − 2 − 4 = 4 → (8 + 4) / 10
			"feedback": 1, "one_stop": 1, "published": 1,
		}, 12.7, "good"}, // 8.5 + 1.2 + 1 + 1 + 1
		{"a late online dossier; feedback below 90 %; a third of procedures at the desk", func() assessment.Facts {
			f := entered(month())
			f.LateOnline, f.FeedbackOnTime, f.OneStop = 1, ptr(8), ptr(3)
			return f
		}(), map[string]float64{"online": 0, "feedback": 0, "one_stop": 0}, 10.1, "fair"},
		{"everything early, online, without supplements", assessment.Facts{Early: 5, Steps: 20, Rounds: [3]int{5, 0, 0},
			Received: 5, ReceivedOnline: 5, Procedures: 2, OnlineProcedures: 2, Electronic: true,
			OneStop: ptr(2), Paper: ptr(true), Complaints: ptr(0), Feedback: ptr(0), FeedbackOnTime: ptr(0)},
			map[string]float64{"time": 2, "contacts": 2, "feedback": 2, "online": 2}, 18, "excellent"},
		{"nothing happened: no data but what is entered", assessment.Facts{Procedures: 3, Electronic: true, Paper: ptr(true)},
			map[string]float64{"time": -1, "agency_time": -1, "returns": -1, "contacts": -1, "online": -1, "published": 2}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh := assessment.Assess(rules, tt.facts)
			if len(sh.Scores) != 9 {
				t.Fatalf("%d criteria", len(sh.Scores))
			}
			for _, sc := range sh.Scores {
				want, ok := tt.points[sc.Key]
				if !ok {
					continue
				}
				switch {
				case want < 0 && sc.Points != nil:
					t.Errorf("%s: %v, want no data", sc.Key, *sc.Points)
				case want >= 0 && (sc.Points == nil || *sc.Points != want):
					t.Errorf("%s: %v, want %v", sc.Key, sc.Points, want)
				}
			}
			if sh.Total != tt.total || sh.Grade != tt.grade {
				t.Errorf("total %v grade %q, want %v %q", sh.Total, sh.Grade, tt.total, tt.grade)
			}
			if want := 2 * float64(9-len(sh.NoData)); sh.Max != want {
				t.Errorf("max %v, want %v", sh.Max, want)
			}
		})
	}
}

// TestGradeBands: > 15 excellent, 12–15 good, 9–12 fair, 6–9 average, < 6 weak (DOMAIN.md §9).
func TestGradeBands(t *testing.T) {
	rules, err := assessment.For(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	base := assessment.Facts{Early: 1, Steps: 100, Rounds: [3]int{1, 0, 0}, Received: 1, ReceivedOnline: 1, Procedures: 1,
		OnlineProcedures: 1, Electronic: true, OneStop: ptr(1), Paper: ptr(true), Complaints: ptr(0), Feedback: ptr(0), FeedbackOnTime: ptr(0)}
	for _, c := range []struct {
		over  int // steps over budget of 100: criterion 2 = 2 − over/50
		total float64
		grade string
	}{
		{0, 18, "excellent"}, {50, 17, "excellent"}, {100, 16, "excellent"},
	} {
		f := base
		f.StepsOverBudget = c.over
		if sh := assessment.Assess(rules, f); sh.Total != c.total || sh.Grade != c.grade {
			t.Errorf("over %d: %v %q, want %v %q", c.over, sh.Total, sh.Grade, c.total, c.grade)
		}
	}
	// From 16 down: feedback to 0 (14, good), paper off (13), online late (11, fair), complaints
	// on the one dossier (9, fair), one-stop none (7, average), returns all twice (5, weak).
	f := base
	f.StepsOverBudget = 100
	steps := []struct {
		change func(*assessment.Facts)
		total  float64
		grade  string
	}{
		{func(f *assessment.Facts) { f.Feedback, f.FeedbackOnTime = ptr(10), ptr(0) }, 14, "good"},
		{func(f *assessment.Facts) { f.Paper = ptr(false) }, 13, "good"},
		{func(f *assessment.Facts) { f.Early, f.OnTime = 0, 1 }, 11, "fair"}, // time 1, attitude 1
		{func(f *assessment.Facts) { f.LateOnline = 1 }, 9, "fair"},
		{func(f *assessment.Facts) { f.OneStop = ptr(0) }, 7, "average"},
		{func(f *assessment.Facts) { f.Rounds = [3]int{0, 0, 1}; f.Complaints = ptr(1) }, 4, "weak"},
	}
	for i, s := range steps {
		s.change(&f)
		if sh := assessment.Assess(rules, f); sh.Total != s.total || sh.Grade != s.grade {
			t.Errorf("step %d: %v %q, want %v %q", i, sh.Total, sh.Grade, s.total, s.grade)
		}
	}
}
