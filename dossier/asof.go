package dossier

import (
	"time"

	"github.com/motcua/motcua/workflow"
)

// AsOf is the dossier as it stood at t, for figures recomputed for a past date: wound back from
// its current state through its events (all of them, oldest first) — the status and the due date
// before each event after t, the receipt and the finish if they came later, and the pause it was
// in then. ok is false when the dossier did not exist yet. The units are today's: a transfer
// moves the step, not the units a dossier counts for.
func (d Dossier) AsOf(t time.Time, events []Event) (Dossier, bool) {
	if d.CreatedAt.After(t) {
		return Dossier{}, false
	}
	out := d
	out.PausedAt = nil
	for _, ev := range events {
		if ev.At.After(t) {
			break
		}
		switch ev.Action {
		case workflow.RequestSupplement, workflow.RequestPayment:
			at := ev.At
			out.PausedAt = &at
		case workflow.RecordSupplement, workflow.ConfirmPayment, workflow.Refuse, workflow.Withdraw, workflow.Stop:
			out.PausedAt = nil
		}
	}
	for i := len(events) - 1; i >= 0 && events[i].At.After(t); i-- {
		ev := events[i]
		out.Status = ev.From
		if old, ok := ev.Payload["old_due"].(string); ok {
			if due, err := time.Parse(time.RFC3339, old); err == nil {
				out.DueAt = &due
			}
		}
	}
	if out.ReceivedAt != nil && out.ReceivedAt.After(t) {
		out.ReceivedAt, out.DueAt = nil, nil
	}
	if out.FinishedAt != nil && out.FinishedAt.After(t) {
		out.FinishedAt, out.FinishClass = nil, ""
	}
	if out.ReturnedAt != nil && out.ReturnedAt.After(t) {
		out.ReturnedAt = nil
	}
	return out, true
}

// PausedTime is the working time a dossier's clock stood still, from its events: each resumption
// (after a supplement or a payment) records how long the pause lasted. Processing time is counted
// without it, as the due date is.
func PausedTime(events []Event) time.Duration {
	var hours float64
	for _, ev := range events {
		if h, ok := ev.Payload["paused_hours"].(float64); ok {
			hours += h
		}
	}
	return time.Duration(hours * float64(time.Hour))
}
