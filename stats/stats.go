// Package stats defines the figures managers are judged by (DOMAIN.md §7, §11) — received,
// carried over, solved early / on time / late, pending within deadline / overdue, withdrawn,
// refused — and computes them from dossiers, the reference the store's incremental rollups are
// tested against. It does no I/O.
package stats

import (
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// Counts are the figures of one unit (or group) for one period [From, To).
type Counts struct {
	New     int `json:"new"`     // received in the period
	Carried int `json:"carried"` // received before it and still open at its start
	Total   int `json:"total"`   // New + Carried

	Solved int `json:"solved"` // finished with a result in the period (status 9 or 10)
	Early  int `json:"early"`
	OnTime int `json:"on_time"`
	Late   int `json:"late"`

	Withdrawn int `json:"withdrawn"` // closed in the period by withdrawal
	Refused   int `json:"refused"`
	Stopped   int `json:"stopped"`

	Pending        int `json:"pending"` // still open at the period's end
	PendingWithin  int `json:"pending_within"`
	PendingOverdue int `json:"pending_overdue"`
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.New += o.New
	c.Carried += o.Carried
	c.Total += o.Total
	c.Solved += o.Solved
	c.Early += o.Early
	c.OnTime += o.OnTime
	c.Late += o.Late
	c.Withdrawn += o.Withdrawn
	c.Refused += o.Refused
	c.Stopped += o.Stopped
	c.Pending += o.Pending
	c.PendingWithin += o.PendingWithin
	c.PendingOverdue += o.PendingOverdue
}

// Pct is n as a percentage of of, rounded to one decimal; 0 when of is 0.
func Pct(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(int(float64(n)*1000/float64(of)+0.5)) / 10
}

// Recount computes the figures of a set of dossiers for [from, to) as seen at now, from what the
// dossier listing shows of each: received_at, finished_at, due_at, paused_at, status and the
// timeliness of a finished one. Dossiers never received (still submitted, or refused before
// receipt) count nowhere. It is the definition the store's summary must equal.
func Recount(ds []dossier.Dossier, from, to, now time.Time) Counts {
	var c Counts
	end := to
	if now.Before(end) {
		end = now
	}
	for i := range ds {
		d := &ds[i]
		if d.ReceivedAt == nil || !d.ReceivedAt.Before(to) {
			continue
		}
		openAt := func(t time.Time) bool { return d.FinishedAt == nil || !d.FinishedAt.Before(t) }
		switch {
		case !d.ReceivedAt.Before(from):
			c.New++
		case openAt(from):
			c.Carried++
		default:
			continue // closed before the period
		}
		if d.FinishedAt != nil && !d.FinishedAt.Before(from) && d.FinishedAt.Before(to) {
			switch d.Status {
			case workflow.Done, workflow.Returned:
				c.Solved++
				switch d.Timeliness(now) {
				case dossier.Early:
					c.Early++
				case dossier.OnTime:
					c.OnTime++
				default:
					c.Late++
				}
			case workflow.Withdrawn:
				c.Withdrawn++
			case workflow.Refused:
				c.Refused++
			case workflow.Stopped:
				c.Stopped++
			}
			continue
		}
		if openAt(to) {
			c.Pending++
			if Overdue(d, end, to.After(now)) {
				c.PendingOverdue++
			} else {
				c.PendingWithin++
			}
		}
	}
	c.Total = c.New + c.Carried
	return c
}

// Overdue tells whether an open dossier is past its due instant at end: live (the period reaches
// now), a paused dossier is judged at its pause, as its timeliness says; for a past period's end,
// by its due instant.
func Overdue(d *dossier.Dossier, end time.Time, live bool) bool {
	if d.DueAt == nil {
		return false
	}
	at := end
	if live && d.PausedAt != nil {
		at = *d.PausedAt
	}
	return d.DueAt.Before(at)
}
