package store

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"
)

// statOp is one increment of a rollup: an upsert, named by its query, of values at a key (the
// query's leading parameters). Ops with the same query and key add up, so that a batch of
// transitions folds into few upserts.
type statOp struct {
	Q    string  `json:"q"`
	Key  []any   `json:"k"`
	Vals []int64 `json:"v"`
}

// statOps collects what one transition changes in the statistics.
type statOps []statOp

func (o *statOps) add(q string, key []any, vals ...int64) {
	*o = append(*o, statOp{Q: q, Key: key, Vals: vals})
}

// record writes a transition's ops as one delta row, in its transaction.
func (s *Store) recordStats(ctx context.Context, tx *txn, ops statOps, now time.Time) error {
	if len(ops) == 0 {
		return nil
	}
	b, err := json.Marshal(ops)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, s.q.get("stat-delta-insert"), ms(now), string(b))
	return err
}

// FoldStats adds the recorded deltas up into the rollups, a batch at a time, each batch in one
// transaction (the rows folded are deleted in it): it returns how many transitions it folded.
// Figures are read only after a fold, so they are exact; the worker keeps the batches small.
func (s *Store) FoldStats(ctx context.Context) (int, error) {
	total, size := 0, foldBatch
	for {
		n, err := s.foldOnce(ctx, size)
		total += n
		if err != nil || n < size {
			return total, err
		}
		size = foldBacklog
	}
}

// A fold takes foldBatch deltas, or foldBacklog while it finds more (a bulk load left them):
// bigger batches add more deltas up into the same rollup rows — ten times the batch, a third of
// the upserts per delta — at the cost of holding the writer longer, which only a backlog pays.
const (
	foldBatch   = 5000
	foldBacklog = 50000
)

func (s *Store) foldOnce(ctx context.Context, size int) (int, error) {
	folded := 0
	err := s.tx(ctx, func(tx *txn) error {
		rows, err := tx.QueryContext(ctx, s.q.get("stat-deltas-take"), size)
		if err != nil {
			return err
		}
		sums := map[string]*statOp{}
		var order []string
		add := func(op statOp) {
			k := opKey(op)
			if have, ok := sums[k]; ok {
				for i := range op.Vals {
					have.Vals[i] += op.Vals[i]
				}
				return
			}
			sums[k] = &op
			order = append(order, k)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			var raw []byte
			if err := rows.Scan(&id, &raw); err != nil {
				rows.Close()
				return err
			}
			ops, err := decodeOps(raw)
			if err != nil {
				rows.Close()
				return fmt.Errorf("statistics delta %d: %w", id, err)
			}
			for _, op := range ops {
				add(op)
				for _, f := range overdueFlows(op) {
					add(f)
				}
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// One order for every folder: two folding at once (several servers, or a read folding
		// while the worker does) lock the rollup rows in the same order and cannot deadlock.
		sort.Strings(order)
		ops := make([]*statOp, 0, len(order))
		for _, k := range order {
			if op := sums[k]; !allZero(op.Vals) { // what one transition added another took back
				ops = append(ops, op)
			}
		}
		if s.dialect == Postgres {
			if err := s.upsertMany(ctx, tx, ops); err != nil {
				return err
			}
		} else {
			for _, op := range ops {
				args := append(append([]any{}, op.Key...), int64sToAny(op.Vals)...)
				if _, err := tx.ExecContext(ctx, s.q.get(op.Q), args...); err != nil {
					return fmt.Errorf("fold %s: %w", op.Q, err)
				}
				// A due-date row that counts nobody any more goes: the overdue figures scan rows.
				if op.Q == "stat-due-add" && op.Vals[0] < 0 {
					if _, err := tx.ExecContext(ctx, s.q.get("stat-due-drop"), op.Key...); err != nil {
						return err
					}
				}
			}
		}
		if err := s.deleteDeltas(ctx, tx, ids); err != nil {
			return err
		}
		folded = len(ids)
		return nil
	})
	return folded, err
}

// deleteDeltas deletes the folded rows. On SQLite the fold holds the only writer and took the
// oldest rows, so they are a range of ids; on PostgreSQL other folders hold rows in between.
func (s *Store) deleteDeltas(ctx context.Context, tx *txn, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if s.dialect == SQLite {
		_, err := tx.ExecContext(ctx, s.q.get("stat-deltas-delete-range"), ids[0], ids[len(ids)-1])
		return err
	}
	_, err := tx.ExecContext(ctx, s.q.get("stat-deltas-delete-ids"), ids)
	return err
}

// decodeOps reads a delta row's ops: key parts are strings or whole numbers.
func decodeOps(raw []byte) ([]statOp, error) {
	var in []struct {
		Q string            `json:"q"`
		K []json.RawMessage `json:"k"`
		V []int64           `json:"v"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, err
	}
	ops := make([]statOp, len(in))
	for i, o := range in {
		ops[i] = statOp{Q: o.Q, Key: make([]any, len(o.K)), Vals: o.V}
		for j, k := range o.K {
			if len(k) > 0 && k[0] == '"' {
				var str string
				if err := json.Unmarshal(k, &str); err != nil {
					return nil, err
				}
				ops[i].Key[j] = str
				continue
			}
			n, err := strconv.ParseInt(string(k), 10, 64)
			if err != nil {
				return nil, err
			}
			ops[i].Key[j] = n
		}
	}
	return ops, nil
}

// opKey is an op's query and key as one string, to add ops up and to order them.
func opKey(op statOp) string {
	var b strings.Builder
	b.WriteString(op.Q)
	for _, k := range op.Key {
		b.WriteByte(0)
		switch v := k.(type) {
		case string:
			b.WriteString(v)
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		default:
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

// overdueFlows is what a change of stat_due adds to stat_overdue_flow: its count at the due date
// and, for a dossier finished late, taken back at the day it was finished — each at the day, the
// month and the year. Derived when folding, so that deltas recorded before the flows existed
// fold into them too.
func overdueFlows(op statOp) []statOp {
	if op.Q != "stat-due-add" {
		return nil
	}
	// Key: unit, competent unit, procedure, channel, due day, state.
	key, day, state := op.Key[:4], op.Key[4].(int64), op.Key[5].(int64)
	var out []statOp
	at := func(d, n int64) {
		for _, p := range []int64{d, d / 100, d / 10000} {
			out = append(out, statOp{Q: "stat-flow-add", Key: append([]any{p}, key...), Vals: []int64{n}})
		}
	}
	at(day, op.Vals[0])
	if state > 0 {
		at(state, -op.Vals[0])
	}
	return out
}

func int64sToAny(v []int64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = x
	}
	return out
}

// FoldStatsEvery folds the statistics' deltas every interval until ctx ends, so that the
// figures lag transitions by about that much even when nobody reads them.
func (s *Store) FoldStatsEvery(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.FoldStats(ctx); err != nil && ctx.Err() == nil {
				log.Error("fold statistics", "err", err)
			}
		}
	}
}

func allZero(v []int64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

// upsertMany is the fold's upserts on PostgreSQL: each run of ops of one query (they come sorted,
// so a query's ops are together and in key order) as multi-row statements, and the due-date rows
// that count nobody any more dropped in one statement. A round trip per op made a fold of a
// second's load take half a second, and a summary waited for it.
func (s *Store) upsertMany(ctx context.Context, tx *txn, ops []*statOp) error {
	var drop [6][]any // the keys of stat-due rows that went down, column by column
	for i := 0; i < len(ops); {
		j := i
		for j < len(ops) && ops[j].Q == ops[i].Q && j-i < foldRows {
			j++
		}
		run := ops[i:j]
		width := len(run[0].Key) + len(run[0].Vals)
		q, err := manyRows(s.q.get(run[0].Q), len(run), width)
		if err != nil {
			return fmt.Errorf("fold %s: %w", run[0].Q, err)
		}
		args := make([]any, 0, len(run)*width)
		for _, op := range run {
			args = append(append(args, op.Key...), int64sToAny(op.Vals)...)
			if op.Q == "stat-due-add" && op.Vals[0] < 0 {
				for c := range drop {
					drop[c] = append(drop[c], op.Key[c])
				}
			}
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("fold %s: %w", run[0].Q, err)
		}
		i = j
	}
	if len(drop[0]) == 0 {
		return nil
	}
	texts := func(col []any) []string {
		out := make([]string, len(col))
		for i, v := range col {
			out[i], _ = v.(string)
		}
		return out
	}
	ints := func(col []any) []int64 {
		out := make([]int64, len(col))
		for i, v := range col {
			out[i], _ = v.(int64)
		}
		return out
	}
	_, err := tx.ExecContext(ctx, s.q.get("stat-due-drop-many"), texts(drop[0]), texts(drop[1]), texts(drop[2]), texts(drop[3]),
		ints(drop[4]), ints(drop[5]))
	return err
}

// foldRows bounds a multi-row upsert (PostgreSQL takes at most 65,535 parameters a statement).
const foldRows = 1000

// manyRows turns a one-row upsert of ours, "… VALUES ($1, …, $k) ON CONFLICT …", into one of n
// rows with the placeholders numbered on; the SQL is the named query's, never user input.
func manyRows(q string, n, width int) (string, error) {
	i := strings.Index(q, "VALUES (")
	if i < 0 {
		return "", fmt.Errorf("not a one-row insert")
	}
	j := strings.IndexByte(q[i:], ')')
	if j < 0 || strings.Count(q[i:i+j], "$") != width {
		return "", fmt.Errorf("not %d placeholders in one row", width)
	}
	var b strings.Builder
	b.Grow(len(q) + n*width*6)
	b.WriteString(q[:i])
	b.WriteString("VALUES ")
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range width {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(r*width + c + 1))
		}
		b.WriteByte(')')
	}
	b.WriteString(q[i+j+1:])
	return b.String(), nil
}
