package index_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/index"
)

func TestFormulasInForce(t *testing.T) {
	f, err := index.For(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Groups) != 5 || f.Groups[1].Key != "progress" || f.Groups[1].Max != 20 {
		t.Fatalf("formulas %+v", f)
	}
	if _, err := index.For(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("formulas before Decision 766 existed")
	}
}

func TestCompute(t *testing.T) {
	f, _ := index.For(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	r := index.Compute(f, map[string]index.Input{
		"progress":           {Num: 90, Den: 100, Known: true}, // 18 of 20
		"online_procedures":  {Num: 1, Den: 2, Known: true},    // 3.5 of 7
		"online_dossiers":    {Num: 3, Den: 4, Known: true},    // 6 of 8
		"online_payment":     {Num: 0, Den: 0, Known: true},    // nothing paid: no data
		"digitised_dossiers": {Num: 5, Den: 5, Known: true},    // 8 of 8
		"electronic_results": {Num: 1, Den: 5, Known: true},    // 1.6 of 8
		"reused":             {Num: 7, Den: 5, Known: true},    // capped: 6 of 6
		"satisfied":          {Num: 2, Den: 3, Known: true},    // 12 of 18
		"portal_sync":        {Known: false},                   // the system does not sync yet
	})
	if r.Points != 55.1 || r.Available != 100-9-9-7 || r.Score != 73.47 || r.Band != "fair" {
		t.Fatalf("points %v of %v, score %v, band %s", r.Points, r.Available, r.Score, r.Band)
	}
	if len(r.NoData) != 3 {
		t.Errorf("no data: %v", r.NoData)
	}
	if g := r.Groups[1]; g.Points != 18 || g.Indicators[0].Ratio != 0.9 {
		t.Errorf("progress group %+v", g)
	}
}

func TestBands(t *testing.T) {
	for score, want := range map[float64]string{95: "excellent", 90: "excellent", 89.99: "good", 80: "good", 70: "fair", 50: "average", 49.9: "weak", 0: "weak"} {
		if got := index.Band(score); got != want {
			t.Errorf("%v: %s, want %s", score, got, want)
		}
	}
}

func TestTooLittleDataGetsNoBand(t *testing.T) {
	f, _ := index.For(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	r := index.Compute(f, map[string]index.Input{"online_procedures": {Num: 1, Den: 1, Known: true}})
	if r.Score != 100 || r.Available != 7 || r.Band != "no_data" {
		t.Fatalf("one indicator known: score %v of %v, band %s", r.Score, r.Available, r.Band)
	}
}
