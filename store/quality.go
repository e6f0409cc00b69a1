package store

import (
	"context"
	"sort"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/index"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// QualityIndex computes the service-quality index (Decision 766) of a unit for a period with the
// formula set in force at its start, from the figures the system keeps: progress from the
// summary, online services from the catalog, the channels and the payments, digitisation, and
// satisfaction from the ratings. Publication on time and synchronisation with the national
// portal are "no data" until the system does them.
func (s *Store) QualityIndex(ctx context.Context, who user.User, f SummaryFilter) (index.Result, error) {
	sum, err := s.StatsSummary(ctx, who, f) // checks the unit and who may see it
	if err != nil {
		return index.Result{}, err
	}
	sat, err := s.StatsSatisfaction(ctx, who, f)
	if err != nil {
		return index.Result{}, err
	}
	return s.QualityIndexOf(ctx, who, f, sum, sat)
}

// QualityIndexOf is QualityIndex from the period's summary and ratings, for a caller (the
// dashboard) that has them already.
func (s *Store) QualityIndexOf(ctx context.Context, who user.User, f SummaryFilter, sum Summary, sat Satisfaction) (index.Result, error) {
	formulas, err := index.For(f.From)
	if err != nil {
		return index.Result{}, err
	}
	in := map[string]index.Input{}
	ratio := func(key string, num, den int64) {
		in[key] = index.Input{Num: float64(num), Den: float64(den), Known: den > 0}
	}
	c := sum.Total
	ratio("progress", int64(c.PendingWithin+c.Early+c.OnTime+c.Withdrawn), int64(c.Total))
	var online int
	for _, row := range sum.Rows {
		if row.Channel == string(catalog.Online) {
			online += row.Counts.New
		}
	}
	ratio("online_dossiers", int64(online), int64(c.New))

	offered, online2, err := s.offeredProcedures(ctx, f)
	if err != nil {
		return index.Result{}, err
	}
	ratio("online_procedures", online2, offered)

	var paidOnline, paid int64
	if err := s.read.QueryRowContext(ctx, s.q.get("stat-online-payments"), append(f.units(), ms(f.From), ms(f.To))...).Scan(&paidOnline, &paid); err != nil {
		return index.Result{}, err
	}
	ratio("online_payment", paidOnline, paid)

	dig, err := s.digitisationFigures(ctx, who, f)
	if err != nil {
		return index.Result{}, err
	}
	ratio("digitised_dossiers", dig.Digitised, dig.Received)
	ratio("electronic_results", dig.ElectronicResults, dig.Received)
	ratio("reused", dig.Reused, dig.Received)

	ratio("satisfied", int64(sat.Total.VerySatisfied+sat.Total.Satisfied), int64(sat.Total.Total()))
	return index.Compute(formulas, in), nil
}

// statUnits is the unit of f and, with IncludeChildren, every unit under it in f's tree.
func (s *Store) statUnits(ctx context.Context, f SummaryFilter) (map[string]bool, error) {
	parents, err := s.parentsAt(ctx, f)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{f.Unit: true}
	for changed := f.IncludeChildren; changed; {
		changed = false
		for code, parent := range parents {
			if out[parent] && !out[code] {
				out[code], changed = true, true
			}
		}
	}
	return out, nil
}

// parentsAt is every unit's parent in f's tree: as it stood at f.TreeAt, or today's.
func (s *Store) parentsAt(ctx context.Context, f SummaryFilter) (map[string]string, error) {
	rows, err := s.read.QueryContext(ctx, s.q.get("unit-tree-list"), treeArg(true, f.TreeAt))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, parent string
		if err := rows.Scan(&code, &parent); err != nil {
			return nil, err
		}
		out[code] = parent
	}
	return out, rows.Err()
}

// RankedUnit is a unit's index in a ranking.
type RankedUnit struct {
	Unit   org.Unit
	Result index.Result
}

// IndexRanking ranks the units directly under f's unit (in f's tree) that are in service then,
// each with its own sub-units, by index: graded units by score, those with too little data to
// grade last.
func (s *Store) IndexRanking(ctx context.Context, who user.User, f SummaryFilter) ([]RankedUnit, error) {
	// Whoever sees the unit's figures with its sub-units sees each sub-unit's: asked once, for the
	// unit, since a sub-unit of a past tree may sit elsewhere today.
	if err := s.checkSummary(ctx, who, f); err != nil {
		return nil, err
	}
	reader := user.User{Username: "motcua-ranking", Roles: []user.RoleAt{{Role: workflow.Administrator}}}
	units, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	parents, err := s.parentsAt(ctx, f)
	if err != nil {
		return nil, err
	}
	at := s.Now()
	if !f.TreeAt.IsZero() {
		at = f.TreeAt
	}
	out := []RankedUnit{}
	for _, un := range units {
		if parents[un.Code] != f.Unit || !un.ActiveAt(at) {
			continue
		}
		res, err := s.QualityIndex(ctx, reader, SummaryFilter{Unit: un.Code, IncludeChildren: true, TreeAt: f.TreeAt, From: f.From, To: f.To})
		if err != nil {
			return nil, err
		}
		out = append(out, RankedUnit{un, res})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Result.Band == "no_data") != (out[j].Result.Band == "no_data") {
			return out[j].Result.Band == "no_data"
		}
		return out[i].Result.Score > out[j].Result.Score
	})
	return out, nil
}
