package store

import (
	"context"
	"database/sql"
)

// Statements are prepared once per connection and then reused: re-parsing the SQL of every
// query took about 30% of the CPU time of the benchmark (bench --cpuprofile), the largest single
// cost after the fsync itself.
//
// Every named query is prepared when the store opens, never later: preparing takes a connection,
// and inside a transaction on SQLite's single writer connection there is none to take.
type prepared struct {
	m map[string]*sql.Stmt // read-only after prepareAll
}

// prepareAll prepares each named query on db but the fragments (blocks others include with
// {{name}}, which are no statement on their own); a query that cannot be prepared runs
// unprepared and reports its error where it is used.
func prepareAll(ctx context.Context, db *sql.DB, q queries, fragments map[string]bool) *prepared {
	p := &prepared{m: map[string]*sql.Stmt{}}
	for name, body := range q {
		if fragments[name] {
			continue
		}
		if st, err := db.PrepareContext(ctx, body); err == nil {
			p.m[body] = st
		}
	}
	return p
}

func (p *prepared) stmt(query string) (*sql.Stmt, bool) {
	if p == nil {
		return nil, false
	}
	st, ok := p.m[query]
	return st, ok
}

func (p *prepared) close() {
	if p == nil {
		return
	}
	for _, st := range p.m {
		_ = st.Close()
	}
}

// pool is a connection pool whose queries use prepared statements.
type pool struct {
	*sql.DB
	prep *prepared
}

func (p *pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, ok := p.prep.stmt(query)
	if !ok {
		return p.DB.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (p *pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, ok := p.prep.stmt(query)
	if !ok {
		return p.DB.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// txn is a write transaction whose statements reuse those prepared on its connection.
type txn struct {
	*sql.Tx
	prep *prepared
	// replay marks bulk history (demo, benchmark seeding): its past events send no notices.
	replay bool
}

func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, ok := t.prep.stmt(query)
	if !ok {
		return t.Tx.QueryRowContext(ctx, query, args...)
	}
	return t.Tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}

func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, ok := t.prep.stmt(query)
	if !ok {
		return t.Tx.QueryContext(ctx, query, args...)
	}
	return t.Tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, ok := t.prep.stmt(query)
	if !ok {
		return t.Tx.ExecContext(ctx, query, args...)
	}
	return t.Tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}
