package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/motcua/motcua/dossier"
)

// The digitisation figures (received dossiers with an electronic component, an electronic result,
// a re-used document) kept like the others: each dossier holds which parts it has (dossiers.digital)
// and stat_digital counts them by the day of receipt, so the index reads a few rows per day
// rather than the period's dossiers.

const (
	digitalComponent = 1 << iota // a paper digitised, or files sent online or with a supplement
	digitalResult                // a signed electronic result
	digitalReused                // a document re-used from the applicant's store
)

// vnDay is t's Vietnam day as stat_digital keys it: days since 1970-01-01 at UTC+7.
func vnDay(t time.Time) int64 { return (t.UnixMilli() + 7*3600*1000) / 86400000 }

func digitalVals(received, bits int64) []int64 {
	return []int64{received, bits & digitalComponent, (bits & digitalResult) >> 1, (bits & digitalReused) >> 2}
}

// keepDigitalReceipt counts a dossier received now, with the parts it has already (files sent
// online before the desk received it).
func keepDigitalReceipt(d *dossier.Dossier, bits int64, ops *statOps) {
	ops.add("stat-digital-add", []any{vnDay(*d.ReceivedAt), d.UnitCode, d.CompetentUnit}, digitalVals(1, bits)...)
}

// digitalBits is what dossier id has on record, in tx.
func (s *Store) digitalBits(ctx context.Context, tx *txn, id int64) (int64, error) {
	var bits int64
	var received sql.NullInt64
	var unit, competent string
	err := tx.QueryRowContext(ctx, s.q.get("dossier-digital-get"), id).Scan(&bits, &received, &unit, &competent)
	return bits, err
}

// markDigital records, in tx, the electronic parts dossier id has now by its files; the parts new
// to a received dossier count at its day of receipt.
func (s *Store) markDigital(ctx context.Context, tx *txn, id int64, now time.Time) error {
	var bits, have int64
	if err := tx.QueryRowContext(ctx, s.q.get("dossier-digital-now"), id).Scan(&bits); err != nil {
		return err
	}
	var received sql.NullInt64
	var unit, competent string
	if err := tx.QueryRowContext(ctx, s.q.get("dossier-digital-get"), id).Scan(&have, &received, &unit, &competent); err != nil {
		return err
	}
	added := bits &^ have
	if added == 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, s.q.get("dossier-digital-set"), id, have|added); err != nil {
		return err
	}
	if !received.Valid || s.statsOff {
		return nil // counted when received
	}
	var ops statOps
	ops.add("stat-digital-add", []any{vnDay(fromMS(received.Int64)), unit, competent}, digitalVals(0, added)...)
	return s.recordStats(ctx, tx, ops, now)
}
