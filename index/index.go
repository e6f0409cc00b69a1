// Package index computes the service-quality index of Decision 766/QĐ-TTg (DOMAIN.md §10): five
// groups, 100 points, each indicator a share of its points by a measured ratio whose inputs are
// shown. The formula set is versioned configuration (formulas/*.json, chosen by the period's
// start). An indicator the system has no data for yet is "no data": left out of the total, with
// its points out of the maximum too, never a constant dressed up as a measurement. No I/O.
package index

import (
	"embed"
	"fmt"
	"math"
	"time"

	"github.com/motcua/motcua/dated"
)

// Indicator is one measured share of a group's points.
type Indicator struct {
	Key  string  `json:"key"`
	Name string  `json:"name"`
	Max  float64 `json:"max"`
}

// Group is one of the five groups.
type Group struct {
	Key        string      `json:"key"`
	Name       string      `json:"name"`
	Max        float64     `json:"max"`
	Indicators []Indicator `json:"indicators"`
}

// Formulas is a versioned formula set.
type Formulas struct {
	Version   string  `json:"version"`
	ValidFrom string  `json:"valid_from"`
	Note      string  `json:"note"`
	Groups    []Group `json:"groups"`
}

// Input is what an indicator measured: Num out of Den. Known false is "no data".
type Input struct {
	Num, Den float64
	Known    bool
}

// IndicatorResult is an indicator's score with its inputs.
type IndicatorResult struct {
	Indicator
	Input  Input
	Ratio  float64 // Num/Den, capped at 1
	Points float64
}

// GroupResult is a group's score.
type GroupResult struct {
	Key, Name  string
	Max        float64
	Points     float64
	Available  float64 // the points of the indicators with data
	Indicators []IndicatorResult
}

// Result is the index of a unit for a period.
type Result struct {
	Version   string
	Groups    []GroupResult
	Points    float64 // out of Available
	Available float64 // 100 less the indicators with no data
	Score     float64 // Points scaled to 100 points, to compare units missing the same data
	Band      string  // excellent, good, fair, average, weak (by Score); no_data under MinAvailable
	NoData    []string
}

//go:embed formulas/*.json
var files embed.FS

// For returns the formula set in force on day: the one with the latest valid_from not after it.
func For(day time.Time) (Formulas, error) {
	return dated.Latest(files, "formulas", day, func(f Formulas) string { return f.ValidFrom }, Formulas.check)
}

// check makes sure the points add up: each group's indicators to the group, the groups to 100.
func (f Formulas) check() error {
	total := 0.0
	for _, g := range f.Groups {
		sum := 0.0
		for _, in := range g.Indicators {
			sum += in.Max
		}
		if math.Abs(sum-g.Max) > 1e-9 {
			return fmt.Errorf("group %s: indicators add up to %g, not %g", g.Key, sum, g.Max)
		}
		total += g.Max
	}
	if math.Abs(total-100) > 1e-9 {
		return fmt.Errorf("groups add up to %g, not 100", total)
	}
	return nil
}

// Compute scores the inputs with the formulas: each indicator earns its points times its ratio.
func Compute(f Formulas, inputs map[string]Input) Result {
	r := Result{Version: f.Version}
	for _, g := range f.Groups {
		gr := GroupResult{Key: g.Key, Name: g.Name, Max: g.Max}
		for _, ind := range g.Indicators {
			in := inputs[ind.Key]
			ir := IndicatorResult{Indicator: ind, Input: in}
			if in.Known && in.Den > 0 {
				ir.Ratio = math.Min(1, math.Max(0, in.Num/in.Den))
				ir.Points = round2(ind.Max * ir.Ratio)
				gr.Points += ir.Points
				gr.Available += ind.Max
			} else {
				r.NoData = append(r.NoData, ind.Key)
			}
			gr.Indicators = append(gr.Indicators, ir)
		}
		gr.Points = round2(gr.Points)
		r.Points += gr.Points
		r.Available += gr.Available
		r.Groups = append(r.Groups, gr)
	}
	r.Points = round2(r.Points)
	if r.Available > 0 {
		r.Score = round2(r.Points / r.Available * 100)
	}
	r.Band = Band(r.Score)
	if r.Available < MinAvailable {
		r.Band = "no_data" // too little measured to grade: a unit with one known indicator is not "excellent"
	}
	return r
}

// MinAvailable is the least number of points that must have data for a score to get a band.
const MinAvailable = 50

// Band is the grade band of a score out of 100 (DOMAIN.md §10, practice).
func Band(score float64) string {
	switch {
	case score >= 90:
		return "excellent"
	case score >= 80:
		return "good"
	case score >= 70:
		return "fair"
	case score >= 50:
		return "average"
	}
	return "weak"
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
