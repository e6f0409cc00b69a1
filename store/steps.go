package store

import (
	"context"
	"sort"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// stepBucket files a step's working minutes in a histogram that is fine where most steps fall:
// quarter hours up to a working day, hours up to ten days, days beyond (to about 110).
func stepBucket(minutes int64) int64 {
	switch {
	case minutes < 480:
		return max(minutes, 0) / 15
	case minutes < 4800:
		return 32 + (minutes-480)/60
	}
	return min(104+(minutes-4800)/480, 204)
}

// bucketMinutes is the middle of a bucket, in minutes.
func bucketMinutes(b int64) float64 {
	switch {
	case b < 32:
		return float64(b*15) + 7.5
	case b < 104:
		return float64(480+(b-32)*60) + 30
	}
	return float64(4800+(b-104)*480) + 240
}

// stepLeft is a step as it stood when the dossier left it.
type stepLeft struct {
	step     catalog.Step
	unit     string
	started  time.Time
	due      *time.Time
	received bool
}

// keepStepStats records, in the action's transaction, how long the step the dossier just left
// took against its budget and, when the dossier was finished late, which step overran most.
func (s *Store) keepStepStats(ctx context.Context, tx *txn, d *dossier.Dossier, left stepLeft, a workflow.Action, tpl catalog.Template, clk dossier.Clock, now time.Time, ops *statOps) error {
	if left.received && (a == workflow.Forward || a == workflow.SendBack) {
		work := int64(clk.Calendar.Between(clk.Sessions, left.started, now) / time.Minute)
		var over int64
		if left.due != nil && now.After(*left.due) {
			over = 1
		}
		month := monthKey(now)
		ops.add("stat-step-time-add", []any{month, left.unit, d.ProcedureCode, left.step.Key, stepBucket(work)}, 1)
		ops.add("stat-step-total-add", []any{month, left.unit, d.ProcedureCode, left.step.Key}, 1, over, work, int64(left.step.Budget()/time.Minute))
	}
	if d.Status != workflow.Done || d.FinishedAt == nil || d.Timeliness(now) != dossier.Late {
		return nil
	}
	return s.blameLateStep(ctx, tx, d, tpl, clk, ops)
}

// blameLateStep finds, from a late dossier's history, the step that overran its budget most and
// who completed it, and counts it.
func (s *Store) blameLateStep(ctx context.Context, tx *txn, d *dossier.Dossier, tpl catalog.Template, clk dossier.Clock, ops *statOps) error {
	rows, err := tx.QueryContext(ctx, s.q.get("stat-step-events"), d.ID)
	if err != nil {
		return err
	}
	type ev struct {
		at     time.Time
		actor  int64
		action workflow.Action
		step   string
		unit   string
	}
	var evs []ev
	for rows.Next() {
		var e ev
		var at int64
		var action string
		if err := rows.Scan(&at, &e.actor, &action, &e.step, &e.unit); err != nil {
			rows.Close()
			return err
		}
		e.at, e.action = fromMS(at), workflow.Action(action)
		evs = append(evs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	budget := map[string]time.Duration{}
	for _, st := range tpl.Steps {
		budget[st.Key] = st.Budget()
	}
	// Each event records the step the dossier is at after it. A step starts when the dossier
	// enters it — received, or handed over — and ends at the next hand-over.
	var worst struct {
		over  time.Duration
		step  string
		unit  string
		actor int64
	}
	worst.over = -1 << 62
	var cur, curUnit string
	var since time.Time
	for _, e := range evs {
		handOver := e.action == workflow.Forward || e.action == workflow.SendBack
		if handOver && cur != "" {
			if over := clk.Calendar.Between(clk.Sessions, since, e.at) - budget[cur]; over > worst.over {
				worst.over, worst.step, worst.unit, worst.actor = over, cur, curUnit, e.actor
			}
		}
		if handOver || e.action == workflow.Receive || e.action == workflow.Intake || e.step != cur {
			cur, curUnit, since = e.step, e.unit, e.at
		}
	}
	if worst.step == "" {
		return nil
	}
	ops.add("stat-late-cause-add", []any{monthKey(*d.FinishedAt), worst.unit, d.ProcedureCode, worst.step, worst.actor}, 1)
	return nil
}

// StepFigure is one step of a procedure over a period: how long it took, against its budget.
type StepFigure struct {
	Key, Name    string
	BudgetHours  float64
	Count        int
	MedianHours  float64
	P90Hours     float64
	AvgHours     float64
	OverBudget   int
	LateCaused   int // late dossiers this step made late (it overran most)
	histogram    []int64
	histogramCnt []int64
}

// LateCause is where late dossiers' worst step was: a unit and the officer who completed it.
type LateCause struct {
	Step, Unit         string
	UserID             int64
	FullName, Username string
	Count              int
}

// StepReport is the step analysis of a procedure (or all, "") at a unit over months.
type StepReport struct {
	Procedure string
	Steps     []StepFigure
	Causes    []LateCause
}

// StepStats is where time goes, per step: for the units of f (leaders, centre managers,
// administrators, as for the summary) and the months the period touches.
func (s *Store) StepStats(ctx context.Context, who user.User, f SummaryFilter, procedure string) (StepReport, error) {
	ok, err := s.canSeeStats(ctx, who, f.Unit)
	if err != nil {
		return StepReport{}, motcua.FieldError("unit", "unknown_unit", "no unit %s", f.Unit)
	}
	if !ok {
		return StepReport{}, motcua.Errorf(motcua.EFORBIDDEN, "forbidden_stats", "only the unit's leaders, centre managers and administrators see its figures")
	}
	if _, err := s.FoldStats(ctx); err != nil {
		return StepReport{}, err
	}
	if procedure == "" {
		procedure = f.Procedure
	}
	rep := StepReport{Procedure: procedure}
	// Every procedure: the default steps name and order them; each budget is the average of the
	// budgets the steps had.
	tpl := catalog.DefaultTemplate(16)
	if procedure != "" {
		p, err := s.Procedure(ctx, procedure)
		if err != nil {
			return rep, motcua.FieldError("procedure", "unknown_procedure", "no procedure %s", procedure)
		}
		legal, _ := p.TimeFor(catalog.InPerson)
		tpl = p.Process(legal, 8*time.Hour)
	}
	hi := monthStart(f.To)
	if !hi.Equal(f.To.In(hi.Location())) {
		hi = hi.AddDate(0, 1, 0)
	}
	args := append(f.units(), procedure, monthKey(f.From), monthKey(hi))
	byKey := map[string]*StepFigure{}
	fig := func(k string) *StepFigure {
		if byKey[k] == nil {
			byKey[k] = &StepFigure{Key: k}
		}
		return byKey[k]
	}
	rows, err := s.read.QueryContext(ctx, s.q.get("stat-step-times"), args...)
	if err != nil {
		return rep, err
	}
	for rows.Next() {
		var k string
		var b, n int64
		if err := rows.Scan(&k, &b, &n); err != nil {
			rows.Close()
			return rep, err
		}
		x := fig(k)
		x.histogram, x.histogramCnt = append(x.histogram, b), append(x.histogramCnt, n)
	}
	rows.Close()
	rows, err = s.read.QueryContext(ctx, s.q.get("stat-step-totals"), args...)
	if err != nil {
		return rep, err
	}
	for rows.Next() {
		var k string
		var n, over, work, budget int64
		if err := rows.Scan(&k, &n, &over, &work, &budget); err != nil {
			rows.Close()
			return rep, err
		}
		x := fig(k)
		x.Count, x.OverBudget = int(n), int(over)
		if n > 0 {
			x.AvgHours = float64(work) / 60 / float64(n)
			x.BudgetHours = float64(budget) / 60 / float64(n)
		}
	}
	rows.Close()
	rows, err = s.read.QueryContext(ctx, s.q.get("stat-late-causes"), args...)
	if err != nil {
		return rep, err
	}
	for rows.Next() {
		var c LateCause
		if err := rows.Scan(&c.Step, &c.Unit, &c.UserID, &c.FullName, &c.Username, &c.Count); err != nil {
			rows.Close()
			return rep, err
		}
		fig(c.Step).LateCaused += c.Count
		rep.Causes = append(rep.Causes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return rep, err
	}
	order := map[string]int{}
	for i, st := range tpl.Steps {
		order[st.Key] = i + 1
		if x := byKey[st.Key]; x != nil {
			x.Name = st.Name
			if procedure != "" {
				x.BudgetHours = st.BudgetHours
			}
		}
	}
	for _, x := range byKey {
		x.MedianHours, x.P90Hours = quantileHours(x.histogram, x.histogramCnt, 0.5), quantileHours(x.histogram, x.histogramCnt, 0.9)
		rep.Steps = append(rep.Steps, *x)
	}
	sort.Slice(rep.Steps, func(i, j int) bool {
		a, b := order[rep.Steps[i].Key], order[rep.Steps[j].Key]
		if a != b {
			return a < b
		}
		return rep.Steps[i].Key < rep.Steps[j].Key
	})
	sort.Slice(rep.Causes, func(i, j int) bool { return rep.Causes[i].Count > rep.Causes[j].Count })
	return rep, nil
}

// quantileHours reads quantile q of a histogram (buckets ascending) in working hours.
func quantileHours(buckets, counts []int64, q float64) float64 {
	var total int64
	for _, n := range counts {
		total += n
	}
	if total == 0 {
		return 0
	}
	need := int64(q*float64(total) + 0.999999)
	var seen int64
	for i, n := range counts {
		if seen += n; seen >= need {
			return float64(int(bucketMinutes(buckets[i])/60*10+0.5)) / 10
		}
	}
	return 0
}

// TypicalStepHours is, for citizens, the median working hours each step of a procedure took at
// every unit over the last 90 days, by step key.
func (s *Store) TypicalStepHours(ctx context.Context, procedure string) (map[string]float64, error) {
	// Not folded here: a public page must not write; the worker folds every second.
	now := s.now()
	rows, err := s.read.QueryContext(ctx, s.q.get("stat-step-times-public"), procedure, monthKey(now.AddDate(0, -3, 0)), monthKey(now.AddDate(0, 1, 0)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	hist := map[string][2][]int64{}
	for rows.Next() {
		var k string
		var b, n int64
		if err := rows.Scan(&k, &b, &n); err != nil {
			return nil, err
		}
		h := hist[k]
		h[0], h[1] = append(h[0], b), append(h[1], n)
		hist[k] = h
	}
	out := map[string]float64{}
	for k, h := range hist {
		out[k] = quantileHours(h[0], h[1], 0.5)
	}
	return out, rows.Err()
}
