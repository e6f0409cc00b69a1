package store

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// SummaryFilter asks for the figures of a unit (with its sub-units or not) over the days
// [From, To), To exclusive, both Vietnam-time midnights.
type SummaryFilter struct {
	Unit            string
	IncludeChildren bool
	// TreeAt, with IncludeChildren, takes the units under Unit as the tree stood at that instant
	// (a unit since re-parented counts under its parent of then); zero: today's tree.
	TreeAt   time.Time
	From, To time.Time
	Field    string // only the procedures of this field (lĩnh vực), "" all; the summary's figures only
	// Procedure keeps the summary's figures to one procedure (a code, "" all), and the step
	// analysis to its steps.
	Procedure string
}

// units are the parameters $1 and $2 of the queries that take stat-sub.
func (f SummaryFilter) units() []any {
	return []any{f.Unit, treeArg(f.IncludeChildren, f.TreeAt)}
}

// treeArg is the instant (ms) of the tree whose units under a unit count, todaysTree for the
// tree as the units have it now, or 0 for the unit alone.
func treeArg(children bool, at time.Time) int64 {
	switch {
	case !children:
		return 0
	case at.IsZero():
		return todaysTree
	}
	return max(ms(at), 1) // an instant before 1970 is no special value: the earliest tree
}

// MaxPeriodYears bounds a statistics period: a trend lists every month of it, a report a line a
// month.
const MaxPeriodYears = 10

// todaysTree asks the unit-tree fragment for each unit's parent of today (units.parent_code,
// which every change of the tree writes), not the history's.
const todaysTree = -1

// SummaryRow is the figures of one procedure through one channel at one competent unit.
type SummaryRow struct {
	Procedure   string
	Channel     string
	Unit        string // the competent unit, whose level the figures are broken down by
	Counts      stats.Counts
	Supplements int
	workMilli   int64
	legalMilli  int64
}

// Summary is a unit's figures for a period, in total and per procedure and channel.
type Summary struct {
	Unit            string
	IncludeChildren bool
	TreeAt          time.Time // the tree the sub-units were taken from; zero: today's
	Field           string    // the field (lĩnh vực) the figures were kept to, "" none
	Procedure       string    // the procedure the figures were kept to, "" none
	From, To        time.Time
	AsOf            time.Time
	Live            bool // the period reaches now: pending figures are today's
	Total           stats.Counts
	Supplements     int
	AvgDays         float64 // processing time of the solved, in working days
	MedianDays      float64 // to a quarter of a day
	SavedPct        float64 // time saved against the legal limit, % of the legal time
	Rows            []SummaryRow
}

type statKey struct{ proc, channel, unit string }

type statSums struct {
	received, early, onTime, late, withdrawn, refused, stopped, supplements, workMilli, legalMilli int64
}

func (a *statSums) add(b statSums) {
	a.received += b.received
	a.early += b.early
	a.onTime += b.onTime
	a.late += b.late
	a.withdrawn += b.withdrawn
	a.refused += b.refused
	a.stopped += b.stopped
	a.supplements += b.supplements
	a.workMilli += b.workMilli
	a.legalMilli += b.legalMilli
}

func (a statSums) closed() int64 {
	return a.early + a.onTime + a.late + a.withdrawn + a.refused + a.stopped
}

// canSeeStats tells whether who may read a unit's figures ("" every unit's): its leader or
// centre manager (or those of a unit above it), or an administrator.
func (s *Store) canSeeStats(ctx context.Context, who user.User, unit string) (bool, error) {
	if who.Has(workflow.Administrator) {
		return true, nil
	}
	for code, hops := unit, 0; code != "" && hops < 64; hops++ {
		for _, r := range who.RolesAt(code) {
			if r == workflow.Leader || r == workflow.CentreManager {
				return true, nil
			}
		}
		u, err := s.Unit(ctx, code)
		if err != nil {
			return false, err
		}
		code = u.ParentCode
	}
	return false, nil
}

// StatsSummary returns a unit's figures for a period from the rollups the transitions keep: the
// counts of the period, the dossiers open at its start (carried over) and at its end (pending),
// which ones are overdue, and the processing times of the solved.
func (s *Store) StatsSummary(ctx context.Context, who user.User, f SummaryFilter) (Summary, error) {
	if err := s.checkSummary(ctx, who, f); err != nil {
		return Summary{}, err
	}
	// What transitions recorded since the last fold counts too: the figures are exact.
	if _, err := s.FoldStats(ctx); err != nil {
		return Summary{}, err
	}
	now := s.now()
	sum := Summary{Unit: f.Unit, IncludeChildren: f.IncludeChildren, TreeAt: f.TreeAt, Field: f.Field, Procedure: f.Procedure,
		From: f.From, To: f.To, AsOf: now, Live: f.To.After(now)}
	unit := f.units()
	period, err := s.statSums(ctx, unit, f.From, f.To)
	if err != nil {
		return sum, err
	}
	// Everything from the period's start to today, to wind the open count back from now.
	tomorrow := calendar.DateOf(now).AddDays(1).Time()
	sinceFrom, err := s.statSums(ctx, unit, f.From, tomorrow)
	if err != nil {
		return sum, err
	}
	sinceTo := map[statKey]statSums{}
	if !sum.Live {
		if sinceTo, err = s.statSums(ctx, unit, f.To, tomorrow); err != nil {
			return sum, err
		}
	}
	openNow := map[statKey]int64{}
	if err := s.statRows(ctx, "stat-open-now", unit, nil, func(k statKey, n int64) { openNow[k] = n }); err != nil {
		return sum, err
	}
	overdue := map[statKey]int64{}
	count := func(k statKey, n int64) { overdue[k] += n }
	// Pending and overdue at the start of the day after the period, or of today and then what
	// pauses and today's due instants change.
	at := f.To
	if sum.Live {
		at = calendar.DateOf(now).Time()
	}
	d := dayKey(at)
	if err := s.statRows(ctx, "stat-overdue-flow", unit, []any{d / 10000, d / 100, d}, count); err != nil {
		return sum, err
	}
	if sum.Live {
		if err := s.statRows(ctx, "stat-overdue-live-paused", unit, []any{d}, count); err != nil {
			return sum, err
		}
		if err := s.statRows(ctx, "stat-overdue-today", unit, []any{ms(at), ms(now)}, count); err != nil {
			return sum, err
		}
	}
	procs, err := s.filterProcedures(ctx, f)
	if err != nil {
		return sum, err
	}
	keys := map[statKey]bool{}
	for _, m := range []map[statKey]statSums{period, sinceFrom, sinceTo} {
		for k := range m {
			keys[k] = true
		}
	}
	for k := range openNow {
		keys[k] = true
	}
	var work, legal int64
	for k := range keys {
		if procs != nil && !procs[k.proc] {
			continue
		}
		p, sf, st := period[k], sinceFrom[k], sinceTo[k]
		c := stats.Counts{New: int(p.received), Early: int(p.early), OnTime: int(p.onTime), Late: int(p.late),
			Withdrawn: int(p.withdrawn), Refused: int(p.refused), Stopped: int(p.stopped)}
		c.Solved = c.Early + c.OnTime + c.Late
		c.Carried = int(openNow[k] - sf.received + sf.closed())
		c.Pending = int(openNow[k])
		if !sum.Live {
			c.Pending = int(openNow[k] - st.received + st.closed())
		}
		c.Total = c.New + c.Carried
		c.PendingOverdue = int(overdue[k])
		c.PendingWithin = c.Pending - c.PendingOverdue
		if c == (stats.Counts{}) && p.supplements == 0 {
			continue
		}
		row := SummaryRow{Procedure: k.proc, Channel: k.channel, Unit: k.unit, Counts: c, Supplements: int(p.supplements), workMilli: p.workMilli, legalMilli: p.legalMilli}
		sum.Rows = append(sum.Rows, row)
		sum.Total.Add(c)
		sum.Supplements += row.Supplements
		work += p.workMilli
		legal += p.legalMilli
	}
	sortRows(sum.Rows)
	if sum.Total.Solved > 0 {
		sum.AvgDays = float64(work) / 1000 / float64(sum.Total.Solved)
		if legal > 0 {
			sum.SavedPct = math.Round(float64(legal-work)*1000/float64(legal)) / 10
		}
		if sum.MedianDays, err = s.medianDays(ctx, unit, f.From, f.To, procs); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// filterProcedures is the set of the procedures f keeps the figures to — its procedure, those of
// its field (lĩnh vực), or both — or nil for every one.
func (s *Store) filterProcedures(ctx context.Context, f SummaryFilter) (map[string]bool, error) {
	procs, err := s.fieldProcedures(ctx, f.Field)
	if err != nil || f.Procedure == "" {
		return procs, err
	}
	return map[string]bool{f.Procedure: procs == nil || procs[f.Procedure]}, nil
}

// fieldProcedures is the set of the procedures of a field (lĩnh vực), or nil for "" (every one).
func (s *Store) fieldProcedures(ctx context.Context, field string) (map[string]bool, error) {
	if field == "" {
		return nil, nil
	}
	procs, err := s.SearchProcedures(ctx, "", "", 0)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, p := range procs {
		if p.FieldCode == field {
			out[p.Code] = true
		}
	}
	return out, nil
}

// sortRows orders a summary's rows by procedure, channel and competent unit.
func sortRows(rows []SummaryRow) {
	sort.Slice(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Procedure != b.Procedure {
			return a.Procedure < b.Procedure
		}
		if a.Channel != b.Channel {
			return a.Channel < b.Channel
		}
		return a.Unit < b.Unit
	})
}

// checkSummary refuses an unknown unit, someone who may not see its figures and an empty period.
func (s *Store) checkSummary(ctx context.Context, who user.User, f SummaryFilter) error {
	if _, err := s.Unit(ctx, f.Unit); err != nil {
		return motcua.FieldError("unit", "unknown_unit", "no unit %s", f.Unit)
	}
	ok, err := s.canSeeStats(ctx, who, f.Unit)
	if err != nil {
		return err
	}
	if !ok {
		return motcua.Errorf(motcua.EFORBIDDEN, "forbidden_stats", "only the unit's leaders, centre managers and administrators see its figures")
	}
	if !f.From.Before(f.To) {
		return motcua.FieldError("to", "invalid_period", "the period must end after it starts")
	}
	if f.To.After(f.From.AddDate(MaxPeriodYears, 0, 0)) {
		return motcua.FieldError("to", "period_too_long", "a period is at most %d years long", MaxPeriodYears)
	}
	if f.Procedure != "" {
		if _, err := s.Procedure(ctx, f.Procedure); err != nil {
			return motcua.FieldError("procedure", "unknown_procedure", "no procedure %s", f.Procedure)
		}
	}
	return nil
}

// statSums adds up the rollups over the days [from, to): whole months from the monthly table,
// the days at either end from the daily one.
func (s *Store) statSums(ctx context.Context, unit []any, from, to time.Time) (map[statKey]statSums, error) {
	out := map[statKey]statSums{}
	add := func(q string, lo, hi int) error {
		if lo >= hi {
			return nil
		}
		rows, err := s.read.QueryContext(ctx, s.q.get(q), append(unit, lo, hi)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k statKey
			var v statSums
			if err := rows.Scan(&k.proc, &k.channel, &k.unit, &v.received, &v.early, &v.onTime, &v.late, &v.withdrawn, &v.refused,
				&v.stopped, &v.supplements, &v.workMilli, &v.legalMilli); err != nil {
				return err
			}
			o := out[k]
			o.add(v)
			out[k] = o
		}
		return rows.Err()
	}
	firstMonth := monthStart(from)
	if !firstMonth.Equal(from.In(calendar.Zone)) {
		firstMonth = firstMonth.AddDate(0, 1, 0)
	}
	lastMonth := monthStart(to)
	if !firstMonth.Before(lastMonth) {
		// No whole month inside: days only.
		return out, add("stat-sums-days", dayKey(from), dayKey(to))
	}
	if err := add("stat-sums-days", dayKey(from), dayKey(firstMonth)); err != nil {
		return nil, err
	}
	if err := add("stat-sums-months", monthKey(firstMonth), monthKey(lastMonth)); err != nil {
		return nil, err
	}
	return out, add("stat-sums-days", dayKey(lastMonth), dayKey(to))
}

func monthStart(t time.Time) time.Time {
	t = t.In(calendar.Zone)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, calendar.Zone)
}

func (s *Store) statRows(ctx context.Context, q string, unit, more []any, fn func(statKey, int64)) error {
	rows, err := s.read.QueryContext(ctx, s.q.get(q), append(unit, more...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k statKey
		var n int64
		if err := rows.Scan(&k.proc, &k.channel, &k.unit, &n); err != nil {
			return err
		}
		fn(k, n)
	}
	return rows.Err()
}

// medianDays reads the processing-time histogram of the months the period touches (a period
// that does not start or end on a month boundary counts its whole months: the median is that of
// the months).
func (s *Store) medianDays(ctx context.Context, unit []any, from, to time.Time, procs map[string]bool) (float64, error) {
	hi := monthStart(to)
	if !hi.Equal(to.In(calendar.Zone)) {
		hi = hi.AddDate(0, 1, 0)
	}
	q := "stat-durations"
	if procs != nil {
		q = "stat-durations-by-procedure"
	}
	rows, err := s.read.QueryContext(ctx, s.q.get(q), append(unit, monthKey(from), monthKey(hi))...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	type bucket struct{ q, n int64 }
	var bs []bucket
	var total int64
	for rows.Next() {
		var b bucket
		proc := ""
		dest := []any{&b.q, &b.n}
		if procs != nil {
			dest = append([]any{&proc}, dest...)
		}
		if err := rows.Scan(dest...); err != nil {
			return 0, err
		}
		if procs != nil && !procs[proc] {
			continue
		}
		if len(bs) > 0 && bs[len(bs)-1].q == b.q {
			bs[len(bs)-1].n += b.n
		} else {
			bs = append(bs, b)
		}
		total += b.n
	}
	if err := rows.Err(); err != nil || total == 0 {
		return 0, err
	}
	half, seen := (total+1)/2, int64(0)
	for _, b := range bs {
		if seen += b.n; seen >= half {
			return float64(b.q) / 4, nil
		}
	}
	return 0, fmt.Errorf("median: histogram of %d", total)
}
