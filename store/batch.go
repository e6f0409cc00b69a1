package store

import (
	"context"
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
