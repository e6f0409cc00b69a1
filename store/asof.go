package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"sort"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// StatsSummaryAsOf is the summary of a period as it stood at the instant at ("as the dashboard
// stood on 31 March"), recomputed from the dossiers and their events rather than read from the
// rollups: each dossier the period may count is wound back to at (dossier.AsOf) and counted as
// the dossier listing's recount counts it. It reads every such dossier and its events, so it is
// the slow path; the units are today's. at must not be before the period starts.
func (s *Store) StatsSummaryAsOf(ctx context.Context, who user.User, f SummaryFilter, at time.Time) (Summary, error) {
	if err := s.checkSummary(ctx, who, f); err != nil {
		return Summary{}, err
	}
	if at.Before(f.From) {
		return Summary{}, motcua.FieldError("as_of", "invalid_as_of", "the figures can be recomputed as of the period's start or later")
	}
	if now := s.now(); at.After(now) {
		at = now
	}
	end := f.To
	if at.Before(end) {
		end = at
	}
	sum := Summary{Unit: f.Unit, IncludeChildren: f.IncludeChildren, TreeAt: f.TreeAt, Field: f.Field, Procedure: f.Procedure,
		From: f.From, To: f.To, AsOf: at, Live: f.To.After(at)}
	args := append(f.units(), ms(end), ms(f.From), ms(at))
	ds, err := s.read.QueryContext(ctx, s.q.get("stat-asof-dossiers"), args...)
	if err != nil {
		return sum, err
	}
	defer ds.Close()
	evs, err := s.read.QueryContext(ctx, s.q.get("stat-asof-events"), args...)
	if err != nil {
		return sum, err
	}
	defer evs.Close()
	next := eventStream(evs)

	procs, err := s.filterProcedures(ctx, f)
	if err != nil {
		return sum, err
	}
	rows := map[statKey]*SummaryRow{}
	var work, legal int64
	var quarters []int64
	clocks := map[string]dossier.Clock{}
	for ds.Next() {
		d, err := scanDossier(ds)
		if err != nil {
			return sum, err
		}
		events, err := next(d.ID)
		if err != nil {
			return sum, err
		}
		then, ok := d.AsOf(at, events)
		if !ok || (procs != nil && !procs[then.ProcedureCode]) {
			continue
		}
		c := stats.Of(&then, f.From, f.To, at)
		if c == (stats.Counts{}) {
			continue
		}
		k := statKey{then.ProcedureCode, string(then.Channel), then.CompetentUnit}
		row := rows[k]
		if row == nil {
			row = &SummaryRow{Procedure: k.proc, Channel: k.channel, Unit: k.unit}
			rows[k] = row
		}
		row.Counts.Add(c)
		for _, ev := range events {
			if ev.Action == workflow.RequestSupplement && !ev.At.Before(f.From) && ev.At.Before(end) {
				row.Supplements++
			}
		}
		if c.Solved == 1 {
			clk, ok := clocks[then.UnitCode]
			if !ok {
				if clk, err = s.clock(ctx, s.read, then.UnitCode); err != nil {
					return sum, err
				}
				clocks[then.UnitCode] = clk
			}
			w, l := processingMillidays(&then, clk, dossier.PausedTime(events))
			work, legal = work+w, legal+l
			quarters = append(quarters, min(w/250, 400))
		}
	}
	if err := ds.Err(); err != nil {
		return sum, err
	}
	for _, row := range rows {
		sum.Rows = append(sum.Rows, *row)
		sum.Total.Add(row.Counts)
		sum.Supplements += row.Supplements
	}
	sortRows(sum.Rows)
	if n := len(quarters); n > 0 {
		sum.AvgDays = float64(work) / 1000 / float64(n)
		if legal > 0 {
			sum.SavedPct = math.Round(float64(legal-work)*1000/float64(legal)) / 10
		}
		sort.Slice(quarters, func(i, j int) bool { return quarters[i] < quarters[j] })
		sum.MedianDays = float64(quarters[(n+1)/2-1]) / 4
	}
	return sum, nil
}

// eventStream reads events ordered by dossier and returns, for each dossier id asked in
// increasing order, that dossier's events.
func eventStream(rows *sql.Rows) func(id int64) ([]dossier.Event, error) {
	var pending *dossier.Event
	var pendingID int64
	done := false
	return func(id int64) ([]dossier.Event, error) {
		var out []dossier.Event
		for {
			if pending != nil {
				if pendingID > id {
					return out, nil
				}
				if pendingID == id {
					out = append(out, *pending)
				}
				pending = nil
			}
			if done || !rows.Next() {
				done = true
				return out, rows.Err()
			}
			var ev dossier.Event
			var at int64
			var action string
			var from int
			var payload sql.NullString
			if err := rows.Scan(&pendingID, &at, &action, &from, &payload); err != nil {
				return nil, err
			}
			ev.At, ev.Action, ev.From = fromMS(at), workflow.Action(action), workflow.Status(from)
			if payload.Valid {
				if err := json.Unmarshal([]byte(payload.String), &ev.Payload); err != nil {
					return nil, err
				}
			}
			pending = &ev
		}
	}
}
