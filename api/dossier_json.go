package api

import (
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
)

// dossierJSON is a dossier as the API shows it. Times are RFC 3339 with +07:00.
type dossierJSON struct {
	Code              string             `json:"code"`
	TrackingSecret    string             `json:"tracking_secret,omitempty"`
	Status            int                `json:"status"`
	StatusName        string             `json:"status_name"`
	Version           int                `json:"version"`
	ProcedureCode     string             `json:"procedure_code"`
	ProcedureName     string             `json:"procedure_name"`
	ProcedureVersion  int                `json:"procedure_version"`
	UnitCode          string             `json:"unit_code"`
	CompetentUnitCode string             `json:"competent_unit_code"`
	Channel           string             `json:"channel"`
	Applicant         *dossier.Applicant `json:"applicant,omitempty"`
	Summary           string             `json:"summary,omitempty"`
	LegalTime         calendar.Duration  `json:"legal_time"`
	CreatedAt         string             `json:"created_at"`
	ReceivedAt        *string            `json:"received_at"`
	DueAt             *string            `json:"due_at"`
	FinishedAt        *string            `json:"finished_at"`
	ReturnedAt        *string            `json:"returned_at,omitempty"`
	Timeliness        string             `json:"timeliness,omitempty"`
	Reschedules       int                `json:"reschedules"`
	Step              stepJSON           `json:"step"`
	History           []eventJSON        `json:"history,omitempty"`
}

type stepJSON struct {
	Key          string  `json:"key"`
	Name         string  `json:"name"`
	UnitCode     string  `json:"unit_code"`
	Role         string  `json:"role"`
	ReceivedAt   string  `json:"received_at"`
	DueAt        *string `json:"due_at"`
	TransferFrom string  `json:"transferred_from,omitempty"`
}

type eventJSON struct {
	At         string         `json:"at"`
	Actor      string         `json:"actor"`
	Action     string         `json:"action"`
	FromStatus int            `json:"from_status"`
	ToStatus   int            `json:"to_status"`
	Step       string         `json:"step"`
	StepUnit   string         `json:"step_unit"`
	Note       string         `json:"note,omitempty"`
	Payload    map[string]any `json:"payload,omitempty"`
}

func rfc(t time.Time) string { return t.In(calendar.Zone).Format(time.RFC3339) }

func rfcPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := rfc(*t)
	return &s
}

// view controls how much of a dossier a caller sees.
type view int

const (
	full   view = iota // officers and the applicant
	public             // tracking by code and secret: no personal data
)

func toJSON(d *dossier.Dossier, now time.Time, v view) dossierJSON {
	j := dossierJSON{
		Code: d.Code, Status: int(d.Status), StatusName: d.Status.Name(), Version: d.Version,
		ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName, ProcedureVersion: d.ProcedureVersion,
		UnitCode: d.UnitCode, CompetentUnitCode: d.CompetentUnit, Channel: string(d.Channel),
		LegalTime: d.LegalTime, CreatedAt: rfc(d.CreatedAt), ReceivedAt: rfcPtr(d.ReceivedAt),
		DueAt: rfcPtr(d.DueAt), FinishedAt: rfcPtr(d.FinishedAt), ReturnedAt: rfcPtr(d.ReturnedAt),
		Timeliness: string(d.Timeliness(now)), Reschedules: d.Reschedules,
		Step: stepJSON{Key: d.StepKey, Name: d.StepName, UnitCode: d.StepUnit, Role: string(d.StepRole),
			ReceivedAt: rfc(d.StepReceivedAt), DueAt: rfcPtr(d.StepDueAt), TransferFrom: d.TransferFromUnit},
	}
	if v == full {
		a := d.Applicant
		j.Applicant, j.Summary = &a, d.Summary
	}
	for _, e := range d.History {
		ej := eventJSON{At: rfc(e.At), Action: string(e.Action), FromStatus: int(e.From), ToStatus: int(e.To),
			Step: e.Step, StepUnit: e.StepUnit}
		if v == full {
			ej.Actor, ej.Note, ej.Payload = e.Actor, e.Note, e.Payload
		}
		j.History = append(j.History, ej)
	}
	return j
}
