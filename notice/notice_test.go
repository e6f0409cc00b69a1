package notice_test

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/notice"
	"github.com/motcua/motcua/workflow"
)

func TestKindFor(t *testing.T) {
	tests := []struct {
		action workflow.Action
		to     workflow.Status
		want   notice.Kind
	}{
		{workflow.Receive, workflow.Received, notice.Receipt},
		{workflow.Intake, workflow.Received, notice.Receipt},
		{workflow.Submit, workflow.Submitted, ""},
		{workflow.RequestSupplement, workflow.Supplement, notice.Supplement},
		{workflow.RequestPayment, workflow.Payment, notice.Payment},
		{workflow.Reschedule, workflow.Processing, notice.Reschedule},
		{workflow.Forward, workflow.Processing, ""},
		{workflow.Forward, workflow.Done, notice.ResultReady},
		{workflow.ReturnResult, workflow.Returned, ""},
		{workflow.Refuse, workflow.Refused, ""},
		{workflow.ConfirmPayment, workflow.Processing, ""},
	}
	for _, tt := range tests {
		got, ok := notice.KindFor(dossier.Event{Action: tt.action, To: tt.to})
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%s → %d: %q %v, want %q", tt.action, tt.to, got, ok, tt.want)
		}
	}
}

func TestPlanOneNoticePerAddress(t *testing.T) {
	due := time.Date(2026, 3, 4, 8, 0, 0, 0, calendar.Zone)
	d := &dossier.Dossier{Code: "000.00.01.H62-260302-0001", TrackingSecret: "ABCDEFGHJK", ProcedureName: "Cấp Phiếu lý lịch tư pháp",
		Applicant: dossier.Applicant{Name: "Nguyễn Văn An", Email: "an@example.vn", Phone: "0912345678"}, DueAt: &due}
	ev := &dossier.Event{Action: workflow.RequestPayment, To: workflow.Payment, Payload: map[string]any{"amount": int64(200000)}}
	ps := notice.Plan(d, ev)
	if len(ps) != 2 || ps[0].Channel != notice.Email || ps[1].Channel != notice.SMS || ps[0].Facts.Amount != 200000 {
		t.Fatalf("plan: %+v", ps)
	}
	d.Applicant.Phone = ""
	if ps := notice.Plan(d, ev); len(ps) != 1 {
		t.Fatalf("no phone: %d notices, want 1", len(ps))
	}
	d.Applicant.Email = ""
	if ps := notice.Plan(d, ev); len(ps) != 0 {
		t.Fatalf("no address: %d notices, want 0", len(ps))
	}
}

func TestRenderHasCodeAndTrackingLink(t *testing.T) {
	due := time.Date(2026, 3, 4, 8, 0, 0, 0, calendar.Zone)
	old := due.Add(-24 * time.Hour)
	f := notice.Facts{Code: "000.00.01.H62-260302-0001", Secret: "ABCDEFGHJK", Procedure: "Cấp Phiếu lý lịch tư pháp",
		Applicant: "Nguyễn Văn An", DueAt: &due, OldDueAt: &old, Amount: 200000, Documents: []string{"Tờ khai"}, Reason: "Thiếu tờ khai"}
	link := "https://dichvucong.example.vn/tra-cuu?code=000.00.01.H62-260302-0001&secret=ABCDEFGHJK"
	want := map[notice.Kind][]string{
		notice.Receipt:     {"đã được tiếp nhận", "08:00 ngày 04/03/2026"},
		notice.Supplement:  {"bổ sung", "Tờ khai", "Thiếu tờ khai"},
		notice.Payment:     {"200.000 đ", "trực tuyến", "https://dichvucong.example.vn/cong-dan/ho-so/000.00.01.H62-260302-0001"},
		notice.Reschedule:  {"xin lỗi", "08:00 ngày 04/03/2026", "08:00 ngày 03/03/2026"},
		notice.ResultReady: {"giải quyết xong"},
	}
	for _, k := range notice.Kinds {
		m, err := notice.Render(7, k, notice.Email, "an@example.vn", f, due, "https://dichvucong.example.vn/")
		if err != nil {
			t.Fatal(err)
		}
		if m.Key != "notice-7.000.00.01.H62-260302-0001" || !strings.Contains(m.Subject, f.Code) ||
			!strings.Contains(m.Text, f.Code) || !strings.Contains(m.Text, link) {
			t.Errorf("%s email: key %q subject %q\n%s", k, m.Key, m.Subject, m.Text)
		}
		for _, w := range want[k] {
			if !strings.Contains(m.Text, w) {
				t.Errorf("%s email lacks %q:\n%s", k, w, m.Text)
			}
		}
		s, err := notice.Render(7, k, notice.SMS, "0912345678", f, due, "https://dichvucong.example.vn")
		if err != nil || !strings.Contains(s.Text, f.Code) || !strings.Contains(s.Text, link) || s.Key != m.Key {
			t.Errorf("%s sms: %v %q", k, err, s.Text)
		}
	}
	if _, err := notice.Render(1, "unknown", notice.Email, "a@b.vn", f, due, ""); err == nil {
		t.Error("an unknown kind rendered")
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		want     time.Duration
	}{
		{1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {6, 32 * time.Minute},
		{7, time.Hour}, {8, time.Hour}, {50, time.Hour},
	}
	for _, tt := range tests {
		if got := notice.Backoff(tt.attempts); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.attempts, got, tt.want)
		}
	}
}
