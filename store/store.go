// Package store keeps motcua's data in SQLite (embedded, the default) or PostgreSQL (production).
// Both run the same SQL from queries.sql; the few statements that differ live in
// queries_sqlite.sql and queries_postgres.sql under the same name. Every write is one transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/motcua/motcua/pki"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/motcua/motcua/blob"
	"github.com/motcua/motcua/calendar"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// Dialect names the database family.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is a connection to one motcua database.
type Store struct {
	dialect Dialect
	// write takes every transaction that writes. On SQLite it is a single connection, so
	// writers queue in Go instead of spinning on SQLITE_BUSY; on PostgreSQL it is the pool.
	write     *sql.DB
	writePrep *prepared
	// read serves queries; on SQLite WAL lets readers run beside the writer.
	read     *pool
	q        queries
	now      func() time.Time
	versions versionCache
	cal      calendarCache
	// master seals certificates' private keys (SetMasterKey); nil: nothing can be signed.
	master *pki.MasterKey
	// publicURL is the site's address as the public reaches it, for the QR code on signed
	// results (SetPublicURL).
	publicURL string
	// statsOff skips the statistics' upkeep (KeepStats): the benchmark's comparison only.
	statsOff bool
	// blobs keeps uploaded files' bytes (SetBlobs); nil: the database does (file_blobs).
	blobs blob.Store
}

// Open connects to a database given as "sqlite:PATH" or "postgres://…", applies the embedded
// migrations and prepares the queries.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{now: time.Now}
	var err error
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		s.dialect = Postgres
		s.write, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		s.write.SetMaxOpenConns(16)
		s.write.SetMaxIdleConns(16)
		s.read = &pool{DB: s.write}
	case strings.HasPrefix(dsn, "sqlite:"):
		s.dialect = SQLite
		path := strings.TrimPrefix(dsn, "sqlite:")
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create database folder: %w", err)
			}
		}
		// synchronous=FULL in WAL: an acknowledged commit survives power loss.
		pragmas := "_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(ON)"
		s.write, err = sql.Open("sqlite", "file:"+path+"?_txlock=immediate&"+pragmas)
		if err != nil {
			return nil, err
		}
		s.write.SetMaxOpenConns(1)
		read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(ON)")
		if err != nil {
			return nil, err
		}
		read.SetMaxOpenConns(8)
		read.SetMaxIdleConns(8)
		s.read = &pool{DB: read}
	default:
		return nil, fmt.Errorf("database %q: want sqlite:PATH or postgres://…", dsn)
	}
	if err := s.write.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to %s database: %w", s.dialect, err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	var fragments map[string]bool
	if s.q, fragments, err = loadQueries(s.dialect); err != nil {
		s.Close()
		return nil, err
	}
	s.writePrep = prepareAll(ctx, s.write, s.q, fragments)
	if s.read.DB == s.write {
		s.read.prep = s.writePrep
	} else {
		s.read.prep = prepareAll(ctx, s.read.DB, s.q, fragments)
	}
	return s, nil
}

// Dialect says which database the store uses.
func (s *Store) Dialect() Dialect { return s.dialect }

// SetClock replaces the clock every transaction reads "now" from (tests, demo history).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Now is the store's current instant.
func (s *Store) Now() time.Time { return s.now() }

// Close closes the connections.
func (s *Store) Close() error {
	var errs []error
	if s.read != nil && s.read.DB != s.write {
		s.read.prep.close()
		errs = append(errs, s.read.Close())
	}
	if s.write != nil {
		s.writePrep.close()
		errs = append(errs, s.write.Close())
	}
	return errors.Join(errs...)
}

// Settings describes durability for the benchmark's header.
func (s *Store) Settings(ctx context.Context) string {
	if s.dialect == SQLite {
		var mode string
		var sync int
		_ = s.write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
		_ = s.write.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync)
		names := map[int]string{0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
		return fmt.Sprintf("sqlite journal_mode=%s synchronous=%s", mode, names[sync])
	}
	var fsync, commit string
	_ = s.read.QueryRowContext(ctx, "SHOW fsync").Scan(&fsync)
	_ = s.read.QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&commit)
	return fmt.Sprintf("postgres fsync=%s synchronous_commit=%s", fsync, commit)
}

// tx runs fn in one write transaction, committed when fn returns nil.
func (s *Store) tx(ctx context.Context, fn func(tx *txn) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(&txn{Tx: tx, prep: s.writePrep}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func msPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

// Instants come back in Vietnam time, the offset every output shows.
func fromMS(v int64) time.Time { return time.UnixMilli(v).In(calendar.Zone) }

func fromNullMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}
