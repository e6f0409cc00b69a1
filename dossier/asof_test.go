package dossier_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// TestAsOf winds one history back to instants along it: created 8:00 on 2 March, received
// 9:00 (due 6 March 17:00), supplement asked 3 March 10:00, given 4 March 10:00 (due moves to
// 9 March 17:00), rescheduled 5 March (due 11 March 17:00), finished 10 March.
func TestAsOf(t *testing.T) {
	due1, due2, due3 := vn(2026, 3, 6, 17, 0), vn(2026, 3, 9, 17, 0), vn(2026, 3, 11, 17, 0)
	rfc := func(t time.Time) string { return t.Format(time.RFC3339) }
	events := []dossier.Event{
		{At: vn(2026, 3, 2, 8, 0), Action: workflow.Submit, From: 0, To: workflow.Submitted},
		{At: vn(2026, 3, 2, 9, 0), Action: workflow.Receive, From: workflow.Submitted, To: workflow.Received},
		{At: vn(2026, 3, 3, 10, 0), Action: workflow.RequestSupplement, From: workflow.Received, To: workflow.Supplement},
		{At: vn(2026, 3, 4, 10, 0), Action: workflow.RecordSupplement, From: workflow.Supplement, To: workflow.Received,
			Payload: map[string]any{"old_due": rfc(due1), "new_due": rfc(due2)}},
		{At: vn(2026, 3, 5, 9, 0), Action: workflow.Reschedule, From: workflow.Received, To: workflow.Received,
			Payload: map[string]any{"old_due": rfc(due2), "new_due": rfc(due3)}},
		{At: vn(2026, 3, 10, 15, 0), Action: workflow.Forward, From: workflow.Processing, To: workflow.Done},
	}
	d := dossier.Dossier{Status: workflow.Done, CreatedAt: events[0].At, ReceivedAt: ptr(events[1].At), DueAt: ptr(due3),
		FinishedAt: ptr(events[5].At), FinishClass: dossier.Early}
	tests := []struct {
		name     string
		at       time.Time
		exists   bool
		status   workflow.Status
		received bool
		due      *time.Time
		paused   *time.Time
		finished bool
	}{
		{"before it existed", vn(2026, 3, 2, 7, 59), false, 0, false, nil, nil, false},
		{"submitted, not received", vn(2026, 3, 2, 8, 30), true, workflow.Submitted, false, nil, nil, false},
		{"received", vn(2026, 3, 2, 9, 0), true, workflow.Received, true, &due1, nil, false},
		{"paused for the supplement", vn(2026, 3, 3, 15, 0), true, workflow.Supplement, true, &due1, ptr(vn(2026, 3, 3, 10, 0)), false},
		{"resumed, due moved", vn(2026, 3, 4, 11, 0), true, workflow.Received, true, &due2, nil, false},
		{"rescheduled", vn(2026, 3, 9, 8, 0), true, workflow.Processing, true, &due3, nil, false},
		{"finished", vn(2026, 3, 12, 8, 0), true, workflow.Done, true, &due3, nil, true},
	}
	same := func(a, b *time.Time) bool { return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)) }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := d.AsOf(tt.at, events)
			if ok != tt.exists {
				t.Fatalf("exists %v, want %v", ok, tt.exists)
			}
			if !ok {
				return
			}
			if got.Status != tt.status || (got.ReceivedAt != nil) != tt.received || (got.FinishedAt != nil) != tt.finished ||
				!same(got.DueAt, tt.due) || !same(got.PausedAt, tt.paused) {
				t.Fatalf("status %d received %v due %v paused %v finished %v", got.Status, got.ReceivedAt, got.DueAt, got.PausedAt, got.FinishedAt)
			}
			if want := map[bool]dossier.Timeliness{true: dossier.Early, false: ""}[tt.finished]; got.FinishClass != want {
				t.Fatalf("finish class %q, want %q", got.FinishClass, want)
			}
		})
	}
	if d.FinishedAt == nil || !d.DueAt.Equal(due3) {
		t.Fatal("AsOf changed the dossier it was called on")
	}
}
