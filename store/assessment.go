package store

import (
	"context"
	"slices"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/assessment"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/user"
)

// AssessmentKeys are what a unit's manager enters for a month (criteria 5 to 8 of Circular
// 01/2018), with the largest value each may take: one_stop (procedures handled end to end at
// the one-stop desk) and paper (published on paper, 0 or 1) hold until entered again;
// complaints (about staff, found true), feedback and feedback_on_time add up over the months.
var AssessmentKeys = map[string]int64{"one_stop": 100000, "paper": 1, "complaints": 1000000, "feedback": 1000000, "feedback_on_time": 1000000}

// AssessmentOf is a unit's assessment for a period, with the facts it was made of.
type AssessmentOf struct {
	Sheet assessment.Sheet
	Facts assessment.Facts
}

// Assessment scores a unit's period on the nine criteria: the timeliness of the solved, the
// steps against their budgets, the supplement rounds, the channels, the catalogue, and what the
// manager entered for the unit (its own entries, with or without its sub-units).
func (s *Store) Assessment(ctx context.Context, who user.User, f SummaryFilter) (AssessmentOf, error) {
	sum, err := s.StatsSummary(ctx, who, f) // checks the unit and who may see it
	if err != nil {
		return AssessmentOf{}, err
	}
	steps, err := s.StepStats(ctx, who, f, "")
	if err != nil {
		return AssessmentOf{}, err
	}
	return s.AssessmentFrom(ctx, who, f, sum, steps)
}

// AssessmentFrom is Assessment from the period's summary and step times, for a caller (the
// dashboard) that has them already.
func (s *Store) AssessmentFrom(ctx context.Context, who user.User, f SummaryFilter, sum Summary, steps StepReport) (AssessmentOf, error) {
	rules, err := assessment.For(f.From)
	if err != nil {
		return AssessmentOf{}, err
	}
	c := sum.Total
	facts := assessment.Facts{Early: c.Early, OnTime: c.OnTime, Late: c.Late, Received: c.New}
	for _, row := range sum.Rows {
		if row.Channel == string(catalog.Online) {
			facts.ReceivedOnline += row.Counts.New
			facts.LateOnline += row.Counts.Late
		}
	}
	for _, st := range steps.Steps {
		facts.Steps += st.Count
		facts.StepsOverBudget += st.OverBudget
	}
	from, to := monthKey(f.From), monthKey(monthStart(f.To.Add(-time.Millisecond)).AddDate(0, 1, 0))
	rows, err := s.read.QueryContext(ctx, s.q.get("stat-rounds"), append(f.units(), from, to)...)
	if err != nil {
		return AssessmentOf{}, err
	}
	for rows.Next() {
		var r, n int64
		if err := rows.Scan(&r, &n); err != nil {
			rows.Close()
			return AssessmentOf{}, err
		}
		facts.Rounds[min(r, 2)] += int(n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return AssessmentOf{}, err
	}
	offered, online, err := s.offeredProcedures(ctx, f)
	if err != nil {
		return AssessmentOf{}, err
	}
	facts.Procedures, facts.OnlineProcedures = int(offered), int(online)
	facts.Electronic = offered > 0 // the catalogue is public on the portal
	entered := map[string]int64{}
	for _, q := range []struct {
		name string
		args []any
	}{{"assessment-entries-summed", []any{f.Unit, from, to}}, {"assessment-entries-latest", []any{f.Unit, to}}} {
		rows, err := s.read.QueryContext(ctx, s.q.get(q.name), q.args...)
		if err != nil {
			return AssessmentOf{}, err
		}
		for rows.Next() {
			var k string
			var v int64
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return AssessmentOf{}, err
			}
			entered[k] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return AssessmentOf{}, err
		}
	}
	intOf := func(k string) *int {
		if v, ok := entered[k]; ok {
			n := int(v)
			return &n
		}
		return nil
	}
	facts.OneStop, facts.Complaints = intOf("one_stop"), intOf("complaints")
	facts.Feedback, facts.FeedbackOnTime = intOf("feedback"), intOf("feedback_on_time")
	if v, ok := entered["paper"]; ok {
		p := v == 1
		facts.Paper = &p
	}
	return AssessmentOf{Sheet: assessment.Assess(rules, facts), Facts: facts}, nil
}

// AssessmentEntries is what was entered for a unit's month (first day of it), by key.
func (s *Store) AssessmentEntries(ctx context.Context, who user.User, unit string, month time.Time) (map[string]int64, error) {
	if err := s.checkSummary(ctx, who, SummaryFilter{Unit: unit, From: month, To: month.AddDate(0, 1, 0)}); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, s.q.get("assessment-entries-month"), unit, monthKey(month))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var v int64
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// PutAssessmentEntries records what a unit's leader or centre manager (or an administrator)
// enters for a month, in one transaction: a value per key, nil to clear it.
func (s *Store) PutAssessmentEntries(ctx context.Context, who user.User, unit string, month time.Time, values map[string]*int64) error {
	month = monthStart(month)
	if err := s.checkSummary(ctx, who, SummaryFilter{Unit: unit, From: month, To: month.AddDate(0, 1, 0)}); err != nil {
		return err
	}
	if len(values) == 0 {
		return motcua.FieldError("values", "required", "nothing to record")
	}
	keys := make([]string, 0, len(values))
	for k, v := range values {
		limit, ok := AssessmentKeys[k]
		if !ok {
			return motcua.FieldError(k, "unknown_field", "no figure %s to enter", k)
		}
		if v != nil && (*v < 0 || *v > limit) {
			return motcua.FieldError(k, "out_of_range", "%s must be between 0 and %d", k, limit)
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return s.tx(ctx, func(tx *txn) error {
		for _, k := range keys {
			var err error
			if v := values[k]; v == nil {
				_, err = tx.ExecContext(ctx, s.q.get("assessment-entry-delete"), unit, monthKey(month), k)
			} else {
				_, err = tx.ExecContext(ctx, s.q.get("assessment-entry-put"), unit, monthKey(month), k, *v, who.ID, ms(s.now()))
			}
			if err != nil {
				return err
			}
		}
		// Feedback answered on time cannot exceed the feedback received, as they now stand.
		var fb, onTime int64 = -1, -1
		rows, err := tx.QueryContext(ctx, s.q.get("assessment-entries-month"), unit, monthKey(month))
		if err != nil {
			return err
		}
		for rows.Next() {
			var k string
			var v int64
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return err
			}
			switch k {
			case "feedback":
				fb = v
			case "feedback_on_time":
				onTime = v
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if onTime >= 0 && onTime > max(fb, 0) {
			return motcua.FieldError("feedback_on_time", "more_than_feedback", "feedback answered on time (%d) cannot exceed the feedback received (%d)", onTime, max(fb, 0))
		}
		return nil
	})
}

// offeredProcedures counts the procedures the units of f carry out, and those offered online.
func (s *Store) offeredProcedures(ctx context.Context, f SummaryFilter) (offered, online int64, err error) {
	units, err := s.statUnits(ctx, f)
	if err != nil {
		return 0, 0, err
	}
	procs, err := s.SearchProcedures(ctx, "", "", 0)
	if err != nil {
		return 0, 0, err
	}
	for _, p := range procs {
		if !slices.ContainsFunc(p.UnitCodes, func(u string) bool { return units[u] }) {
			continue
		}
		offered++
		if p.OnlineLevel == catalog.FullyOnline || p.OnlineLevel == catalog.PartlyOnline {
			online++
		}
	}
	return offered, online, nil
}
