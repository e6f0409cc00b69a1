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
	for i := range ds {
		c.Add(Of(&ds[i], from, to, now))
	}
	return c
}

// Of is what one dossier adds to the figures of [from, to) as seen at now (Recount is the sum):
// the dossier listing behind a figure is the dossiers for which it is 1.
func Of(d *dossier.Dossier, from, to, now time.Time) Counts {
	var c Counts
	if d.ReceivedAt == nil || !d.ReceivedAt.Before(to) {
		return c
	}
	end := to
	if now.Before(end) {
		end = now
	}
	openAt := func(t time.Time) bool { return d.FinishedAt == nil || !d.FinishedAt.Before(t) }
	switch {
	case !d.ReceivedAt.Before(from):
		c.New, c.Total = 1, 1
	case openAt(from):
		c.Carried, c.Total = 1, 1
	default:
		return c // closed before the period
	}
	if d.FinishedAt != nil && !d.FinishedAt.Before(from) && d.FinishedAt.Before(to) {
		switch d.Status {
		case workflow.Done, workflow.Returned:
			c.Solved = 1
			switch d.Timeliness(now) {
			case dossier.Early:
				c.Early = 1
			case dossier.OnTime:
				c.OnTime = 1
			default:
				c.Late = 1
			}
		case workflow.Withdrawn:
			c.Withdrawn = 1
		case workflow.Refused:
			c.Refused = 1
		case workflow.Stopped:
			c.Stopped = 1
		}
		return c
	}
	if openAt(to) {
		c.Pending = 1
		if Overdue(d, end, to.After(now)) {
			c.PendingOverdue = 1
		} else {
			c.PendingWithin = 1
		}
	}
	return c
}

// Figures names the figures as the API's JSON does, in the order reports show them.
var Figures = []string{"new", "carried", "total", "solved", "early", "on_time", "late",
	"withdrawn", "refused", "stopped", "pending", "pending_within", "pending_overdue"}

// Get returns the figure named as in Figures; false for another name.
func (c Counts) Get(name string) (int, bool) {
	switch name {
	case "new":
		return c.New, true
	case "carried":
		return c.Carried, true
	case "total":
		return c.Total, true
	case "solved":
		return c.Solved, true
	case "early":
		return c.Early, true
	case "on_time":
		return c.OnTime, true
	case "late":
		return c.Late, true
	case "withdrawn":
		return c.Withdrawn, true
	case "refused":
		return c.Refused, true
	case "stopped":
		return c.Stopped, true
	case "pending":
		return c.Pending, true
	case "pending_within":
		return c.PendingWithin, true
	case "pending_overdue":
		return c.PendingOverdue, true
	}
	return 0, false
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
