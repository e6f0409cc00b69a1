package store

import (
	"context"
	"log/slog"
	"time"
)

// Optimize brings the planner's statistics and, on PostgreSQL, the visibility map up to date,
// as an operator does after a bulk load.
//
// SQLite has no statistics until ANALYZE runs, and without them it may read a unit's whole
// history instead of the small partial index of its open dossiers (measured: a centre manager's
// inbox took 150 ms instead of 1 ms at 300,000 dossiers); analysis_limit keeps ANALYZE to a
// fraction of a second on millions of rows.
//
// PostgreSQL can answer the inbox counts from the index alone only for pages VACUUM has marked
// all-visible: right after a million inserts every count visits the table (measured: manager
// inbox p95 37 ms). Autovacuum gets there on its own within minutes; VACUUM (ANALYZE) does not
// wait for it.
func (s *Store) Optimize(ctx context.Context) error {
	if s.dialect == Postgres {
		_, err := s.write.ExecContext(ctx, "VACUUM (ANALYZE)")
		return err
	}
	if _, err := s.write.ExecContext(ctx, "PRAGMA analysis_limit = 1000"); err != nil {
		return err
	}
	_, err := s.write.ExecContext(ctx, "ANALYZE")
	return err
}

// OptimizeEvery refreshes SQLite's statistics now and then every interval until ctx ends, as
// SQLite recommends for long-lived connections; on PostgreSQL autovacuum does this already.
func (s *Store) OptimizeEvery(ctx context.Context, interval time.Duration, log *slog.Logger) {
	if s.dialect != SQLite {
		return
	}
	for {
		if err := s.Optimize(ctx); err != nil && ctx.Err() == nil {
			log.Warn("optimize", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// Size is the database's size in bytes, as the benchmark reports it.
func (s *Store) Size(ctx context.Context) (int64, error) {
	var n int64
	err := s.read.QueryRowContext(ctx, s.q.get("db-size")).Scan(&n)
	return n, err
}
