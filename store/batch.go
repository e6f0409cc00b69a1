package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/user"
)

// Batch runs many creations and actions through the same domain code as the API, in one
// transaction, for bulk work: demo history and benchmark seeding. Each call takes its own "now",
// so a batch can replay months of history.
type Batch struct {
	s   *Store
	ctx context.Context
	tx  *txn
}

// InBatch runs fn in one transaction; an error from fn rolls everything back.
func (s *Store) InBatch(ctx context.Context, fn func(b *Batch) error) error {
	return s.tx(ctx, func(tx *txn) error { tx.replay = true; return fn(&Batch{s: s, ctx: ctx, tx: tx}) })
}

// Create creates a dossier at now.
func (b *Batch) Create(who user.User, in NewDossier, now time.Time) (dossier.Dossier, error) {
	if err := in.validate(); err != nil {
		return dossier.Dossier{}, err
	}
	return b.s.createDossier(b.ctx, b.tx, who, in, now)
}

// Act takes an action at now.
func (b *Batch) Act(who user.User, code string, req dossier.Request, now time.Time) (dossier.Dossier, error) {
	return b.s.act(b.ctx, b.tx, who, code, req, now)
}

// LastCreated is when the latest dossier was created and how many there are: where a bulk load
// that continues an earlier one starts.
func (s *Store) LastCreated(ctx context.Context) (time.Time, int, error) {
	var at sql.NullInt64
	var n int
	if err := s.read.QueryRowContext(ctx, s.q.get("dossiers-last-created")).Scan(&at, &n); err != nil {
		return time.Time{}, 0, err
	}
	return fromMS(at.Int64), n, nil
}
