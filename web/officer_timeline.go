package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	pdfslip "github.com/motcua/motcua/slip"
	"github.com/motcua/motcua/workflow"
)

// The dossier's history as the process control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ,
// DOMAIN.md §6): one row per hand-over — the step, the unit that has it, who handed it over and
// when, when it was received, its due instant, how it ended (early, on time, late) and the notes
// of what happened meanwhile; the last row is the applicant receiving the result.

type slipRow struct {
	StepName    string
	UnitName    string
	HandedBy    string // who handed it over (an officer, or the applicant online)
	HandedFrom  string // the unit it came from; "" when it came from the applicant
	HandedAt    time.Time
	ReceivedAt  *time.Time // nil while an online submission waits to be received
	DueAt       *time.Time
	EndedAt     *time.Time
	ResultKey   string // officer.slip.result.*; "" when there is nothing to judge
	ResultClass string // tag class
	Current     bool
	Final       bool // the "result received" row
	Notes       []slipNote
}

type slipNote struct {
	At      time.Time
	Actor   string
	Action  workflow.Action
	Details []string
}

// slip words the process control slip's rows (slip.Hops, shared with the PDF slip) for the page.
func slip(d *dossier.Dossier, tpl catalog.Template, clk dossier.Clock, ui unitInfo, now time.Time, lang Lang) []slipRow {
	hops := pdfslip.Hops(d, tpl, clk, now)
	rows := make([]slipRow, 0, len(hops))
	for _, h := range hops {
		r := slipRow{StepName: h.StepName, HandedBy: h.HandedBy, HandedFrom: ui.name(h.FromUnit), HandedAt: h.HandedAt,
			ReceivedAt: h.ReceivedAt, DueAt: h.DueAt, EndedAt: h.EndedAt, Current: h.Current, Final: h.Final}
		if !h.Final {
			r.UnitName = ui.name(h.Unit)
		}
		if h.Result != pdfslip.ResultNone {
			r.ResultKey, r.ResultClass = "officer.slip.result."+string(h.Result), urgencyOK
			if h.Result.Late() {
				r.ResultClass = urgencyLate
			}
		}
		for _, ev := range h.Events {
			r.Notes = append(r.Notes, slipNote{At: ev.At, Actor: ev.Actor, Action: ev.Action, Details: eventDetails(ev, ui, lang)})
		}
		rows = append(rows, r)
	}
	return rows
}

// eventDetails are the lines a history event adds to the slip: reason, amount, dates, units.
func eventDetails(ev dossier.Event, ui unitInfo, lang Lang) []string {
	var out []string
	p := ev.Payload
	str := func(k string) string { v, _ := p[k].(string); return v }
	if v := str("reason"); v != "" {
		out = append(out, text(lang, "officer.slip.reason", v))
	}
	if v, ok := p["amount"].(float64); ok && v > 0 {
		out = append(out, text(lang, "officer.slip.amount", formatVND(int64(v))))
	}
	if docs, ok := p["documents"].([]any); ok && len(docs) > 0 {
		var names []string
		for _, d := range docs {
			if s, ok := d.(string); ok {
				names = append(names, s)
			}
		}
		out = append(out, text(lang, "officer.slip.documents", strings.Join(names, "; ")))
	}
	if v := str("to_unit"); v != "" {
		out = append(out, text(lang, "officer.slip.tounit", ui.name(v)))
	}
	if v := str("result"); v != "" {
		out = append(out, text(lang, "officer.slip.result", v))
	}
	if v := str("new_due"); v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			old := "—"
			if o, err := time.Parse(time.RFC3339, str("old_due")); err == nil {
				old = o.In(calendar.Zone).Format("15:04 02/01/2006")
			}
			out = append(out, text(lang, "officer.slip.newdue", old, t.In(calendar.Zone).Format("15:04 02/01/2006")))
		}
	}
	if v := str("how"); v != "" {
		out = append(out, text(lang, "officer.slip.how", text(lang, "officer.how."+v)))
	}
	if ev.Note != "" {
		out = append(out, text(lang, "officer.slip.note", ev.Note))
	}
	return out
}

// formatVND writes an amount in đồng the Vietnamese way: 1.200.000 đ.
func formatVND(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return fmt.Sprintf("-%s đ", b.String())
	}
	return b.String() + " đ"
}
