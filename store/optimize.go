package store

import (
	"context"
	"log/slog"
	"time"
)

// Optimize refreshes the planner's statistics. SQLite has none until ANALYZE runs, and without
// them it may read a unit's whole history instead of the small partial index of its open
// dossiers (measured: a centre manager's inbox took 150 ms instead of 1 ms at 300,000
// dossiers). analysis_limit keeps it to a fraction of a second on millions of rows. PostgreSQL's
// autovacuum does the same on its own; running ANALYZE after a bulk load does not wait for it.
func (s *Store) Optimize(ctx context.Context) error {
	if s.dialect == SQLite {
		if _, err := s.write.ExecContext(ctx, "PRAGMA analysis_limit = 1000"); err != nil {
			return err
		}
	}
	_, err := s.write.ExecContext(ctx, "ANALYZE")
	return err
}

// OptimizeEvery runs Optimize now and then every interval until ctx ends, as SQLite recommends
// for long-lived connections (statistics drift as the dossier tables grow).
func (s *Store) OptimizeEvery(ctx context.Context, interval time.Duration, log *slog.Logger) {
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
