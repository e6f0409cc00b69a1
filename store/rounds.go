package store

import (
	"context"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// keepRoundStats counts, when a dossier is solved, how many times the applicant was asked for a
// supplement (criterion 3 of Circular 01/2018: none 2, one 1, more 0), in the month it was solved.
func (s *Store) keepRoundStats(ctx context.Context, tx *txn, d *dossier.Dossier, wasFinished bool, ops *statOps) error {
	if wasFinished || d.FinishedAt == nil || d.ReceivedAt == nil || (d.Status != workflow.Done && d.Status != workflow.Returned) {
		return nil
	}
	var rounds int64
	if err := tx.QueryRowContext(ctx, s.q.get("stat-round-count"), d.ID).Scan(&rounds); err != nil {
		return err
	}
	ops.add("stat-round-add", []any{monthKey(*d.FinishedAt), d.UnitCode, d.CompetentUnit, d.ProcedureCode, min(rounds, 2)}, 1)
	return nil
}
