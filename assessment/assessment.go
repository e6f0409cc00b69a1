// Package assessment scores a unit's handling of administrative procedures on the nine criteria
// of Circular 01/2018/TT-VPCP (DOMAIN.md §9): each 2, 1 or 0, 18 at most, and a grade. Criteria
// the dossiers tell about are computed — a unit's score is the average of its dossiers' — and
// the others come from what the unit's manager enters; a criterion with neither is "no data",
// left out of the total, and the sheet then has no grade. The rules are versioned configuration
// (rules/*.json, chosen by the period's start). No I/O.
package assessment

import (
	"embed"
	"fmt"
	"math"
	"time"

	"github.com/motcua/motcua/dated"
)

// Criterion is one of the nine; Full and Partial are the share thresholds of criteria scored by
// a share (one_stop, feedback, online).
type Criterion struct {
	Key     string  `json:"key"`
	Name    string  `json:"name"`
	Full    float64 `json:"full,omitempty"`
	Partial float64 `json:"partial,omitempty"`
}

// Grade is a band of the total: above (strictly) or at least a number of points.
type Grade struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Above   *float64 `json:"above,omitempty"`
	AtLeast *float64 `json:"at_least,omitempty"`
}

// Rules is a versioned rule set.
type Rules struct {
	Version   string      `json:"version"`
	ValidFrom string      `json:"valid_from"`
	Note      string      `json:"note"`
	Criteria  []Criterion `json:"criteria"`
	Grades    []Grade     `json:"grades"`
}

//go:embed rules/*.json
var files embed.FS

// For returns the rules in force on day: the set with the latest valid_from not after it.
func For(day time.Time) (Rules, error) {
	return dated.Latest(files, "rules", day, func(r Rules) string { return r.ValidFrom }, func(r Rules) error {
		if len(r.Criteria) != 9 {
			return fmt.Errorf("%d criteria, not 9", len(r.Criteria))
		}
		return nil
	})
}

// Facts is what the system knows of a unit's period. Entered values are nil until the manager
// enters them.
type Facts struct {
	// Criterion 1: the solved dossiers by timeliness.
	Early, OnTime, Late int
	// Criterion 2: the steps the unit's dossiers went through, and those over their budget.
	Steps, StepsOverBudget int
	// Criterion 3: the solved dossiers by the supplements asked of the applicant: none, one, more.
	Rounds [3]int
	// Criterion 4: the dossiers received, and those of them submitted online.
	Received, ReceivedOnline int
	// Criterion 5: the unit's procedures, and (entered) those handled end to end at the desk.
	Procedures int
	OneStop    *int
	// Criterion 6: published electronically (the public catalogue) and (entered) on paper.
	Electronic bool
	Paper      *bool
	// Criterion 7 (entered): complaints about staff found true.
	Complaints *int
	// Criterion 8 (entered): feedback received, and answered on time.
	Feedback, FeedbackOnTime *int
	// Criterion 9: procedures offered online, online dossiers and the late ones among the solved.
	OnlineProcedures, LateOnline int
}

// Input is one figure a score was made of, to show why.
type Input struct {
	Key   string
	Value float64
}

// Score is one criterion's result: Points nil is "no data".
type Score struct {
	Criterion
	Points  *float64
	Inputs  []Input
	Entered bool // made of what the manager entered
}

// Sheet is a unit's assessment for a period.
type Sheet struct {
	Version string
	Scores  []Score
	Total   float64 // of the criteria with data
	Max     float64 // 2 for each of them
	Grade   string  // a Grades key, or "" while a criterion has no data
	NoData  []string
}

// Assess scores the facts by the rules.
func Assess(r Rules, f Facts) Sheet {
	sh := Sheet{Version: r.Version}
	for _, c := range r.Criteria {
		sc := Score{Criterion: c}
		set := func(p float64) { p = math.Round(p*100) / 100; sc.Points = &p }
		in := func(key string, v float64) { sc.Inputs = append(sc.Inputs, Input{key, v}) }
		switch c.Key {
		case "time":
			solved := f.Early + f.OnTime + f.Late
			in("early", float64(f.Early))
			in("on_time", float64(f.OnTime))
			in("late", float64(f.Late))
			if solved > 0 {
				set(float64(2*f.Early+f.OnTime) / float64(solved))
			}
		case "agency_time":
			in("steps", float64(f.Steps))
			in("over_budget", float64(f.StepsOverBudget))
			if f.Steps > 0 {
				set(2 * float64(f.Steps-f.StepsOverBudget) / float64(f.Steps))
			}
		case "returns":
			n := f.Rounds[0] + f.Rounds[1] + f.Rounds[2]
			in("no_supplement", float64(f.Rounds[0]))
			in("one_supplement", float64(f.Rounds[1]))
			in("more_supplements", float64(f.Rounds[2]))
			if n > 0 {
				set(float64(2*f.Rounds[0]+f.Rounds[1]) / float64(n))
			}
		case "contacts":
			// Online: no office to visit; at the desk: the desk only. That the applicant had to
			// go elsewhere too is not something the dossiers record, so no dossier scores 0.
			in("received", float64(f.Received))
			in("online", float64(f.ReceivedOnline))
			if f.Received > 0 {
				set(float64(2*f.ReceivedOnline+(f.Received-f.ReceivedOnline)) / float64(f.Received))
			}
		case "one_stop":
			in("procedures", float64(f.Procedures))
			if f.OneStop != nil && f.Procedures > 0 {
				sc.Entered = true
				in("one_stop", float64(*f.OneStop))
				set(byShare(float64(*f.OneStop)/float64(f.Procedures), c))
			}
		case "published":
			in("electronic", b2f(f.Electronic))
			if f.Paper != nil {
				sc.Entered = true
				in("paper", b2f(*f.Paper))
				set(b2f(f.Electronic) + b2f(*f.Paper))
			}
		case "attitude":
			// A dossier solved early with no complaint 2, else 1 without one; each complaint
			// found true takes a dossier to 0, an early one first.
			solved := f.Early + f.OnTime + f.Late
			if f.Complaints != nil && solved > 0 {
				sc.Entered = true
				k := min(*f.Complaints, solved)
				early := max(f.Early-k, 0)
				in("complaints", float64(*f.Complaints))
				in("early", float64(f.Early))
				in("solved", float64(solved))
				set(float64(2*early+(solved-k-early)) / float64(solved))
			}
		case "feedback":
			if f.Feedback != nil && f.FeedbackOnTime != nil {
				sc.Entered = true
				in("feedback", float64(*f.Feedback))
				in("on_time", float64(*f.FeedbackOnTime))
				share := 1.0 // nothing to answer is nothing answered late
				if *f.Feedback > 0 {
					share = float64(*f.FeedbackOnTime) / float64(*f.Feedback)
				}
				switch {
				case share >= 1:
					set(2)
				case share >= c.Partial:
					set(1)
				default:
					set(0)
				}
			}
		case "online":
			in("procedures", float64(f.Procedures))
			in("online_procedures", float64(f.OnlineProcedures))
			in("received", float64(f.Received))
			in("online", float64(f.ReceivedOnline))
			in("late_online", float64(f.LateOnline))
			if f.Received > 0 && f.Procedures > 0 {
				procShare := float64(f.OnlineProcedures) / float64(f.Procedures)
				dossierShare := float64(f.ReceivedOnline) / float64(f.Received)
				switch {
				case f.LateOnline > 0 || f.ReceivedOnline == 0:
					set(0)
				case procShare >= c.Full && dossierShare >= c.Full:
					set(2)
				default:
					set(1)
				}
			}
		}
		if sc.Points == nil {
			sh.NoData = append(sh.NoData, c.Key)
		} else {
			sh.Total += *sc.Points
			sh.Max += 2
		}
		sh.Scores = append(sh.Scores, sc)
	}
	sh.Total = math.Round(sh.Total*100) / 100
	if len(sh.NoData) == 0 {
		sh.Grade = grade(r.Grades, sh.Total)
	}
	return sh
}

// byShare is 2 at the full share, 1 at the partial one, else 0.
func byShare(share float64, c Criterion) float64 {
	switch {
	case share >= c.Full:
		return 2
	case share >= c.Partial:
		return 1
	}
	return 0
}

func grade(gs []Grade, total float64) string {
	for _, g := range gs {
		if (g.Above != nil && total > *g.Above) || (g.AtLeast != nil && total >= *g.AtLeast) {
			return g.Key
		}
	}
	return ""
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
