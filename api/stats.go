package api

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/motcua/motcua/index"
	"github.com/motcua/motcua/org"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

func (s *Server) routesStats() {
	s.mux.HandleFunc("GET /api/v1/stats/summary", s.auth(s.statsSummary))
	s.mux.HandleFunc("GET /api/v1/stats/steps", s.auth(s.statsSteps))
	s.mux.HandleFunc("GET /api/v1/stats/satisfaction", s.auth(s.statsSatisfaction))
	s.mux.HandleFunc("GET /api/v1/stats/index", s.auth(s.statsIndex))
	s.mux.HandleFunc("GET /api/v1/stats/index.pdf", s.auth(s.statsIndexPDF)) // stats_pdf.go
	s.mux.HandleFunc("GET /api/v1/stats/trend", s.auth(s.statsTrend))
	s.mux.HandleFunc("GET /api/v1/stats/index/ranking", s.auth(s.statsRanking))
	s.mux.HandleFunc("GET /api/v1/stats/assessment", s.auth(s.statsAssessment))              // assessment.go
	s.mux.HandleFunc("PUT /api/v1/stats/assessment/entries", s.auth(s.putAssessmentEntries)) // assessment.go
}

type indicatorJSON struct {
	Key    string   `json:"key"`
	Name   string   `json:"name"`
	Max    float64  `json:"max"`
	NoData bool     `json:"no_data"`
	Num    *float64 `json:"numerator"`
	Den    *float64 `json:"denominator"`
	Ratio  float64  `json:"ratio"`
	Points float64  `json:"points"`
}

type indexGroupJSON struct {
	Key        string          `json:"key"`
	Name       string          `json:"name"`
	Max        float64         `json:"max"`
	Available  float64         `json:"available"`
	Points     float64         `json:"points"`
	Indicators []indicatorJSON `json:"indicators"`
}

type indexJSON struct {
	Unit      string           `json:"unit"`
	From      string           `json:"from"`
	To        string           `json:"to"`
	Version   string           `json:"version"`
	Points    float64          `json:"points"`
	Available float64          `json:"available"`
	Score     float64          `json:"score"`
	Band      string           `json:"band"`
	NoData    []string         `json:"no_data"`
	Groups    []indexGroupJSON `json:"groups"`
}

func toIndexJSON(unit, from, to string, r index.Result) indexJSON {
	out := indexJSON{Unit: unit, From: from, To: to, Version: r.Version, Points: r.Points, Available: r.Available,
		Score: r.Score, Band: r.Band, NoData: append([]string{}, r.NoData...), Groups: []indexGroupJSON{}}
	for _, g := range r.Groups {
		gj := indexGroupJSON{Key: g.Key, Name: g.Name, Max: g.Max, Available: g.Available, Points: g.Points, Indicators: []indicatorJSON{}}
		for _, in := range g.Indicators {
			ij := indicatorJSON{Key: in.Key, Name: in.Name, Max: in.Max, NoData: !in.Input.Known || in.Input.Den == 0, Ratio: in.Ratio, Points: in.Points}
			if in.Input.Known {
				num, den := in.Input.Num, in.Input.Den
				ij.Num, ij.Den = &num, &den
			}
			gj.Indicators = append(gj.Indicators, ij)
		}
		out.Groups = append(out.Groups, gj)
	}
	return out
}

// statsIndex is a unit's service-quality index for a period, every indicator with its inputs.
func (s *Server) statsIndex(w http.ResponseWriter, r *http.Request, u user.User) {
	f, err := statsFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.store.QualityIndex(r.Context(), u, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	writeJSON(w, http.StatusOK, toIndexJSON(f.Unit, q.Get("from"), q.Get("to"), res))
}

// statsRanking ranks the units directly under a unit (each with its own sub-units) by index.
func (s *Server) statsRanking(w http.ResponseWriter, r *http.Request, u user.User) {
	f, err := statsFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ranked, err := s.store.IndexRanking(r.Context(), u, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	out := []indexJSON{}
	for _, ru := range ranked {
		out = append(out, toIndexJSON(ru.Unit.Code, q.Get("from"), q.Get("to"), ru.Result))
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": f.Unit, "items": out})
}

type ratingsJSON struct {
	VerySatisfied int     `json:"very_satisfied"`
	Satisfied     int     `json:"satisfied"`
	NotSatisfied  int     `json:"not_satisfied"`
	Total         int     `json:"total"`
	SatisfiedPct  float64 `json:"satisfied_pct"`
}

func toRatingsJSON(c store.RatingCounts) ratingsJSON {
	return ratingsJSON{c.VerySatisfied, c.Satisfied, c.NotSatisfied, c.Total(), c.SatisfiedPct()}
}

type ratingGroupJSON struct {
	Key     string      `json:"key"`
	Name    string      `json:"name,omitempty"`
	Ratings ratingsJSON `json:"ratings"`
}

type ratingCommentJSON struct {
	At      time.Time `json:"at"`
	Value   int       `json:"value"`
	Reason  string    `json:"reason,omitempty"`
	Comment string    `json:"comment,omitempty"`
	Channel string    `json:"channel"`
	Unit    string    `json:"unit"`
	Counter string    `json:"counter,omitempty"`
	Dossier string    `json:"dossier_code"`
}

// statsSatisfaction aggregates the citizens' ratings of a unit's dossiers over a period, by
// officer, counter, unit, procedure and channel, with the latest reasons and comments.
func (s *Server) statsSatisfaction(w http.ResponseWriter, r *http.Request, u user.User) {
	f, err := statsFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sat, err := s.store.StatsSatisfaction(r.Context(), u, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	groups := func(gs []store.RatingGroup) []ratingGroupJSON {
		out := []ratingGroupJSON{}
		for _, g := range gs {
			out = append(out, ratingGroupJSON{g.Key, g.Name, toRatingsJSON(g.Counts)})
		}
		return out
	}
	out := struct {
		Total       ratingsJSON         `json:"total"`
		ByOfficer   []ratingGroupJSON   `json:"by_officer"`
		ByCounter   []ratingGroupJSON   `json:"by_counter"`
		ByUnit      []ratingGroupJSON   `json:"by_unit"`
		ByProcedure []ratingGroupJSON   `json:"by_procedure"`
		ByChannel   []ratingGroupJSON   `json:"by_channel"`
		Comments    []ratingCommentJSON `json:"comments"`
	}{toRatingsJSON(sat.Total), groups(sat.ByOfficer), groups(sat.ByCounter), groups(sat.ByUnit), groups(sat.ByProcedure),
		groups(sat.ByChannel), []ratingCommentJSON{}}
	for _, c := range sat.Comments {
		out.Comments = append(out.Comments, ratingCommentJSON{c.At.In(calendar.Zone), c.Value, c.Reason, c.Comment, c.Channel, c.Unit, c.Desk, c.Dossier})
	}
	writeJSON(w, http.StatusOK, out)
}

// statsFilter reads unit, from, to (Vietnam dates, both included), include_children, tree_at and
// field.
func statsFilter(r *http.Request) (store.SummaryFilter, error) {
	q := r.URL.Query()
	day := func(field string) (time.Time, error) {
		v := q.Get(field)
		if v == "" {
			return time.Time{}, motcua.FieldError(field, "required", "%s is required (YYYY-MM-DD)", field)
		}
		t, err := time.ParseInLocation(time.DateOnly, v, calendar.Zone)
		if err != nil {
			return t, motcua.FieldError(field, "invalid_date", "%s must be a date YYYY-MM-DD", field)
		}
		return t, nil
	}
	var f store.SummaryFilter
	var err error
	if f.From, err = day("from"); err != nil {
		return f, err
	}
	if f.To, err = day("to"); err != nil {
		return f, err
	}
	if f.Unit = q.Get("unit"); f.Unit == "" {
		return f, motcua.FieldError("unit", "required", "unit is required")
	}
	f.IncludeChildren, _ = strconv.ParseBool(q.Get("include_children"))
	// tree_at: the sub-units as the tree stood then (a date: at its end); today's without it.
	if f.TreeAt, _, err = instantParam(q, "tree_at"); err != nil {
		return f, err
	}
	f.Field, f.Procedure = q.Get("field"), q.Get("procedure")
	f.To = f.To.AddDate(0, 0, 1)
	if !f.From.Before(f.To) {
		return f, motcua.FieldError("to", "invalid_period", "the period must end after it starts")
	}
	if f.To.After(f.From.AddDate(store.MaxPeriodYears, 0, 0)) {
		return f, motcua.FieldError("to", "period_too_long", "a period is at most %d years long", store.MaxPeriodYears)
	}
	return f, nil
}

// summaryAsAsked is the live summary, or with as_of the one recomputed as of then.
func (s *Server) summaryAsAsked(r *http.Request, u user.User, f store.SummaryFilter) (store.Summary, bool, error) {
	at, recompute, err := asOfParam(r)
	if err != nil {
		return store.Summary{}, false, err
	}
	if recompute {
		sum, err := s.store.StatsSummaryAsOf(r.Context(), u, f, at)
		return sum, true, err
	}
	sum, err := s.store.StatsSummary(r.Context(), u, f)
	return sum, false, err
}

// asOfParam reads as_of: a date (the figures as they stood at the end of that day, Vietnam time)
// or an RFC 3339 instant. Without it the figures are the live ones.
func asOfParam(r *http.Request) (time.Time, bool, error) {
	return instantParam(r.URL.Query(), "as_of")
}

// instantParam reads a date (the end of that day, Vietnam time) or an RFC 3339 instant.
func instantParam(q url.Values, name string) (time.Time, bool, error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, false, nil
	}
	if d, err := time.ParseInLocation(time.DateOnly, v, calendar.Zone); err == nil {
		return d.AddDate(0, 0, 1).Add(-time.Millisecond), true, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, false, motcua.FieldError(name, "invalid_date", "%s must be a date YYYY-MM-DD or an RFC 3339 instant", name)
	}
	return t, true, nil
}

type stepStatJSON struct {
	Key         string  `json:"key"`
	Name        string  `json:"name,omitempty"`
	BudgetHours float64 `json:"budget_hours"`
	Count       int     `json:"count"`
	AvgHours    float64 `json:"avg_hours"`
	MedianHours float64 `json:"median_hours"`
	P90Hours    float64 `json:"p90_hours"`
	OverBudget  int     `json:"over_budget"`
	OverPct     float64 `json:"over_budget_pct"`
	LateCaused  int     `json:"late_caused"`
}

type lateCauseJSON struct {
	Step     string `json:"step"`
	Unit     string `json:"unit"`
	UserID   int64  `json:"user_id,omitempty"`
	Username string `json:"username,omitempty"`
	FullName string `json:"full_name,omitempty"`
	Count    int    `json:"count"`
}

// statsSteps is where time goes, per step of a procedure (or of all): working hours per step
// (average, median, p90) against its budget, and which step made each late dossier late.
func (s *Server) statsSteps(w http.ResponseWriter, r *http.Request, u user.User) {
	f, err := statsFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rep, err := s.store.StepStats(r.Context(), u, f, r.URL.Query().Get("procedure"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := struct {
		Procedure string          `json:"procedure"`
		Steps     []stepStatJSON  `json:"steps"`
		Late      []lateCauseJSON `json:"late_causes"`
	}{Procedure: rep.Procedure, Steps: []stepStatJSON{}, Late: []lateCauseJSON{}}
	for _, st := range rep.Steps {
		out.Steps = append(out.Steps, stepStatJSON{st.Key, st.Name, st.BudgetHours, st.Count, round2(st.AvgHours), st.MedianHours,
			st.P90Hours, st.OverBudget, stats.Pct(st.OverBudget, st.Count), st.LateCaused})
	}
	for _, c := range rep.Causes {
		out.Late = append(out.Late, lateCauseJSON{c.Step, c.Unit, c.UserID, c.Username, c.FullName, c.Count})
	}
	writeJSON(w, http.StatusOK, out)
}

// countsJSON are the figures with their percentages: solved ones as shares of the solved,
// pending ones of the pending, solved and pending of the total.
type countsJSON struct {
	stats.Counts
	Pct map[string]float64 `json:"pct"`
}

func withPct(c stats.Counts) countsJSON {
	return countsJSON{c, map[string]float64{
		"solved": stats.Pct(c.Solved, c.Total), "pending": stats.Pct(c.Pending, c.Total),
		"early": stats.Pct(c.Early, c.Solved), "on_time": stats.Pct(c.OnTime, c.Solved), "late": stats.Pct(c.Late, c.Solved),
		"early_or_on_time": stats.Pct(c.Early+c.OnTime, c.Solved),
		"pending_within":   stats.Pct(c.PendingWithin, c.Pending), "pending_overdue": stats.Pct(c.PendingOverdue, c.Pending),
	}}
}

type groupJSON struct {
	Code   string     `json:"code"`
	Name   string     `json:"name,omitempty"`
	Counts countsJSON `json:"counts"`
}

type summaryJSON struct {
	Unit            string      `json:"unit"`
	IncludeChildren bool        `json:"include_children"`
	From            string      `json:"from"`
	To              string      `json:"to"`
	AsOf            time.Time   `json:"as_of"`
	Recomputed      bool        `json:"recomputed"` // from the event log as of as_of, not the live rollups
	Live            bool        `json:"live"`
	TreeAt          *time.Time  `json:"tree_at,omitempty"` // the sub-units as the tree stood then; absent: today's
	Total           countsJSON  `json:"total"`
	Supplements     int         `json:"supplements"`
	AvgDays         float64     `json:"avg_days"`
	MedianDays      float64     `json:"median_days"`
	SavedPct        float64     `json:"saved_pct"`
	ByProcedure     []groupJSON `json:"by_procedure"`
	ByField         []groupJSON `json:"by_field"`
	ByChannel       []groupJSON `json:"by_channel"`
	ByLevel         []groupJSON `json:"by_level"` // by the competent unit's administrative level
}

// statsSummary is a unit's figures for the days from..to (both included, Vietnam dates).
func (s *Server) statsSummary(w http.ResponseWriter, r *http.Request, u user.User) {
	f, err := statsFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sum, recompute, err := s.summaryAsAsked(r, u, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	children := f.IncludeChildren
	out := summaryJSON{Unit: sum.Unit, IncludeChildren: children, From: q.Get("from"), To: q.Get("to"),
		AsOf: sum.AsOf.In(calendar.Zone), Recomputed: recompute, Live: sum.Live, Total: withPct(sum.Total), Supplements: sum.Supplements,
		AvgDays: round2(sum.AvgDays), MedianDays: sum.MedianDays, SavedPct: sum.SavedPct}
	if children && !sum.TreeAt.IsZero() {
		at := sum.TreeAt.In(calendar.Zone)
		out.TreeAt = &at
	}
	byProc, byField, byChannel, byLevel := map[string]*stats.Counts{}, map[string]*stats.Counts{}, map[string]*stats.Counts{}, map[string]*stats.Counts{}
	names, fields, fieldNames, levelNames := map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	levels := map[string]string{}
	for _, un := range units {
		levels[un.Code] = strconv.Itoa(un.Level)
		levelNames[levels[un.Code]] = org.LevelName(un.Level)
	}
	for _, row := range sum.Rows {
		if _, ok := names[row.Procedure]; !ok {
			names[row.Procedure] = row.Procedure
			if p, err := s.store.Procedure(r.Context(), row.Procedure); err == nil {
				names[row.Procedure], fields[row.Procedure], fieldNames[p.FieldCode] = p.Name, p.FieldCode, p.FieldName
			}
		}
		for _, g := range []struct {
			m   map[string]*stats.Counts
			key string
		}{{byProc, row.Procedure}, {byField, fields[row.Procedure]}, {byChannel, row.Channel}, {byLevel, levels[row.Unit]}} {
			if g.m[g.key] == nil {
				g.m[g.key] = &stats.Counts{}
			}
			g.m[g.key].Add(row.Counts)
		}
	}
	list := func(m map[string]*stats.Counts, name map[string]string) []groupJSON {
		out := []groupJSON{}
		for k, c := range m {
			out = append(out, groupJSON{Code: k, Name: name[k], Counts: withPct(*c)})
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Counts.Total != out[j].Counts.Total {
				return out[i].Counts.Total > out[j].Counts.Total
			}
			return out[i].Code < out[j].Code
		})
		return out
	}
	out.ByProcedure, out.ByField, out.ByChannel, out.ByLevel = list(byProc, names), list(byField, fieldNames), list(byChannel, nil), list(byLevel, levelNames)
	writeJSON(w, http.StatusOK, out)
}

func round2(v float64) float64 { return float64(int(v*100+0.5)) / 100 }

// statsTrend is, month by month, how many dossiers a unit received, solved and solved late.
func (s *Server) statsTrend(w http.ResponseWriter, r *http.Request, u user.User) {
	f, err := statsFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	months, err := s.store.LateTrend(r.Context(), u, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type monthJSON struct {
		Month    string  `json:"month"`
		Received int     `json:"received"`
		Solved   int     `json:"solved"`
		Late     int     `json:"late"`
		LatePct  float64 `json:"late_pct"`
	}
	out := []monthJSON{}
	for _, m := range months {
		out = append(out, monthJSON{fmt.Sprintf("%04d-%02d", m.Month/100, m.Month%100), m.Received, m.Solved, m.Late, stats.Pct(m.Late, m.Solved)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": f.Unit, "months": out})
}
