package api

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

func (s *Server) routesStats() {
	s.mux.HandleFunc("GET /api/v1/stats/summary", s.auth(s.statsSummary))
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
	Live            bool        `json:"live"`
	Total           countsJSON  `json:"total"`
	Supplements     int         `json:"supplements"`
	AvgDays         float64     `json:"avg_days"`
	MedianDays      float64     `json:"median_days"`
	SavedPct        float64     `json:"saved_pct"`
	ByProcedure     []groupJSON `json:"by_procedure"`
	ByField         []groupJSON `json:"by_field"`
	ByChannel       []groupJSON `json:"by_channel"`
}

// statsSummary is a unit's figures for the days from..to (both included, Vietnam dates).
func (s *Server) statsSummary(w http.ResponseWriter, r *http.Request, u user.User) {
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
	from, err := day("from")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	to, err := day("to")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if q.Get("unit") == "" {
		s.writeError(w, r, motcua.FieldError("unit", "required", "unit is required"))
		return
	}
	children, _ := strconv.ParseBool(q.Get("include_children"))
	sum, err := s.store.StatsSummary(r.Context(), u, store.SummaryFilter{Unit: q.Get("unit"), IncludeChildren: children,
		From: from, To: to.AddDate(0, 0, 1)})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := summaryJSON{Unit: sum.Unit, IncludeChildren: children, From: q.Get("from"), To: q.Get("to"),
		AsOf: sum.AsOf.In(calendar.Zone), Live: sum.Live, Total: withPct(sum.Total), Supplements: sum.Supplements,
		AvgDays: round2(sum.AvgDays), MedianDays: sum.MedianDays, SavedPct: sum.SavedPct}
	byProc, byField, byChannel := map[string]*stats.Counts{}, map[string]*stats.Counts{}, map[string]*stats.Counts{}
	names, fields, fieldNames := map[string]string{}, map[string]string{}, map[string]string{}
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
		}{{byProc, row.Procedure}, {byField, fields[row.Procedure]}, {byChannel, row.Channel}} {
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
	out.ByProcedure, out.ByField, out.ByChannel = list(byProc, names), list(byField, fieldNames), list(byChannel, nil)
	writeJSON(w, http.StatusOK, out)
}

func round2(v float64) float64 { return float64(int(v*100+0.5)) / 100 }
