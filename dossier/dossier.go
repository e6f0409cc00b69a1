// Package dossier is the dossier aggregate: what a dossier holds, how each action changes it and
// its deadlines, and the history it leaves. It does no I/O; the store loads and saves dossiers
// around Apply in one transaction.
package dossier

import (
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/workflow"
)

// Applicant is the person or organisation the dossier is for (chủ hồ sơ).
type Applicant struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
	Address  string `json:"address"`
	// Type is the national LoaiDoiTuong: 1 citizen, 2 business, 3 state agency, 4 other organisation.
	Type int `json:"type"`
}

// Dossier is one application for one procedure by one applicant.
type Dossier struct {
	ID               int64
	Code             string
	TrackingSecret   string
	ProcedureCode    string
	ProcedureVersion int
	ProcedureName    string
	UnitCode         string // the receiving unit
	CompetentUnit    string // the unit competent to decide, chosen at intake
	Channel          catalog.Channel
	Applicant        Applicant
	OwnerID          int64 // the citizen account that submitted it; 0 for counter intake without one
	Summary          string
	LegalTime        calendar.Duration

	Status     workflow.Status
	PrevStatus workflow.Status // the status to go back to after 5 or 6
	Version    int

	Step             int
	StepKey          string
	StepName         string
	StepRole         workflow.Role
	StepUnit         string
	StepReceivedAt   time.Time
	StepDueAt        *time.Time
	TransferFromUnit string // set while the current step is at another unit for its part

	CreatedAt    time.Time
	ReceivedAt   *time.Time
	DueAt        *time.Time
	FinishedAt   *time.Time
	ReturnedAt   *time.Time
	PausedAt     *time.Time
	Reschedules  int
	ReturnMethod string
	// FinishClass is how the dossier was classified when it was finished with a result, by the
	// rule then in force (Policy.ByInstant); "" before.
	FinishClass Timeliness

	History []Event
}

// Event is one line of a dossier's history: append-only.
type Event struct {
	ID       int64
	At       time.Time
	ActorID  int64
	Actor    string
	Action   workflow.Action
	From     workflow.Status
	To       workflow.Status
	Step     string
	StepUnit string
	Note     string
	Payload  map[string]any
}

// Timeliness is how a dossier stands against its due instant.
type Timeliness string

const (
	Early   Timeliness = "early"
	OnTime  Timeliness = "on_time"
	Late    Timeliness = "late"
	Within  Timeliness = "within"
	Overdue Timeliness = "overdue"
)

// Timeliness classifies the dossier at now. Finished dossiers compare the finishing date with the
// due date, as provincial practice does (DOMAIN.md §7); open ones compare instants (a paused
// dossier is judged at the instant it was paused, since its due date moves on resumption).
// A dossier with no due instant (never received) has no timeliness.
func (d *Dossier) Timeliness(now time.Time) Timeliness {
	if d.DueAt == nil {
		return ""
	}
	if d.FinishedAt != nil {
		if d.FinishClass != "" {
			return d.FinishClass
		}
		return d.classify(false)
	}
	at := now
	if d.PausedAt != nil {
		at = *d.PausedAt
	}
	if at.After(*d.DueAt) {
		return Overdue
	}
	return Within
}

// ActingUnitRole is who can act on the dossier now, for the inbox: the unit and role, or "" when
// nobody can.
func (d *Dossier) ActingUnitRole() (string, workflow.Role) {
	switch d.Status {
	case workflow.Submitted, workflow.Supplement, workflow.Payment:
		return d.UnitCode, workflow.IntakeOfficer
	case workflow.Received, workflow.Processing, workflow.Done:
		if d.TransferFromUnit != "" {
			return d.StepUnit, workflow.ProcessingOfficer
		}
		return d.StepUnit, d.StepRole
	}
	return "", ""
}

// UrgentAt is the instant the inbox sorts by: the current step's due, else the dossier's, else
// when it was created.
func (d *Dossier) UrgentAt() time.Time {
	if d.StepDueAt != nil {
		return *d.StepDueAt
	}
	if d.DueAt != nil {
		return *d.DueAt
	}
	return d.CreatedAt
}

// classify says whether a finished dossier was early, on time or late: by date (practice: the
// finishing date before, on or after the due date) or, byInstant, by instant (finished before
// the due instant is early, at it on time, after it late).
func (d *Dossier) classify(byInstant bool) Timeliness {
	if d.FinishedAt == nil || d.DueAt == nil {
		return ""
	}
	if byInstant {
		switch {
		case d.FinishedAt.Before(*d.DueAt):
			return Early
		case d.FinishedAt.Equal(*d.DueAt):
			return OnTime
		}
		return Late
	}
	f, due := calendar.DateOf(*d.FinishedAt), calendar.DateOf(*d.DueAt)
	switch {
	case f.Before(due):
		return Early
	case f == due:
		return OnTime
	}
	return Late
}
