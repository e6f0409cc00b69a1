package store

import (
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// solvedNow tells whether the transition just solved d: finished with a result, received.
func solvedNow(d *dossier.Dossier, wasFinished bool) bool {
	return !wasFinished && d.FinishedAt != nil && d.ReceivedAt != nil && (d.Status == workflow.Done || d.Status == workflow.Returned)
}

// supplementRounds counts the supplements asked of the applicant (criterion 3 of Circular
// 01/2018: none 2, one 1, more 0).
func supplementRounds(events []dossier.Event) int64 {
	var n int64
	for _, ev := range events {
		if ev.Action == workflow.RequestSupplement {
			n++
		}
	}
	return n
}

// keepRoundStats counts a dossier just solved by its supplement rounds, in the month it was solved.
func keepRoundStats(d *dossier.Dossier, events []dossier.Event, ops *statOps) {
	ops.add("stat-round-add", []any{monthKey(*d.FinishedAt), d.UnitCode, d.CompetentUnit, d.ProcedureCode, min(supplementRounds(events), 2)}, 1)
}
