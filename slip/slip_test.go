package slip_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/slip"
	"github.com/motcua/motcua/workflow"
	"golang.org/x/text/unicode/norm"
)

func vn(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, calendar.Zone) }

func ptr[T any](v T) *T { return &v }

// pdfText is what pdftotext reads from a PDF. Without pdftotext the test is skipped on a
// developer's machine and fails in CI, where it must be installed.
func pdfText(t *testing.T, pdf []byte) string { return testdb.PDFText(t, pdf) }

// contains is strings.Contains on whitespace-collapsed text, since pdftotext breaks lines
// where the PDF wraps them.
func contains(text, want string) bool {
	return strings.Contains(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(want), " "))
}

// A dossier taken in at the desk, asked for papers, rescheduled, with every kind of history.
func sample() slip.Source {
	recv := vn(2, 8, 30)
	due := vn(9, 16, 30)
	d := &dossier.Dossier{Code: "000.23.11.H56-260302-0007", TrackingSecret: "K7Q2M9", ProcedureCode: "1.001234",
		ProcedureName: "Cấp phiếu lý lịch tư pháp", UnitCode: "000.23.11.H56", Channel: "counter",
		Applicant: dossier.Applicant{Name: "Nguyễn Thị Hường", IDNumber: "026190000123", Phone: "0912345678",
			Address: "Số 5, đường Ngô Quyền, phường Ngô Quyền, Vĩnh Yên", Type: 1},
		Summary: "Xin cấp phiếu số 1 để bổ sung hồ sơ xin việc", LegalTime: calendar.Duration{Value: 10, Unit: calendar.WorkingDay},
		Status: workflow.Processing, CreatedAt: recv, ReceivedAt: &recv, DueAt: ptr(vn(13, 16, 30)), StepKey: "appraise",
		StepUnit: "000.23.11.H56",
		History: []dossier.Event{
			{At: recv, ActorID: 7, Actor: "Trần Văn Tiếp", Action: workflow.Intake, Step: "receive", StepUnit: "000.23.11.H56"},
			{At: vn(2, 9, 0), Actor: "Trần Văn Tiếp", Action: workflow.Forward, Step: "appraise", StepUnit: "000.23.11.H56"},
			{At: vn(3, 10, 0), Actor: "Lê Thị Thẩm", Action: workflow.RequestSupplement, Step: "appraise", StepUnit: "000.23.11.H56",
				Payload: map[string]any{"reason": "Bản sao CCCD bị mờ, không đọc được số", "documents": []any{"Bản sao CCCD có chứng thực", "Tờ khai ký đủ"}}},
			{At: vn(4, 9, 0), Actor: "Trần Văn Tiếp", Action: workflow.RecordSupplement, Step: "appraise", StepUnit: "000.23.11.H56",
				Payload: map[string]any{"paused_hours": 8.0}},
			{At: vn(6, 15, 0), Actor: "Phạm Quốc Lãnh", Action: workflow.Reschedule, Step: "appraise", StepUnit: "000.23.11.H56",
				Payload: map[string]any{"reason": "Chờ ý kiến của Công an tỉnh về nhân thân", "old_due": due.Format(time.RFC3339),
					"new_due": vn(13, 16, 30).Format(time.RFC3339)}},
		}}
	return slip.Source{Dossier: d,
		Units: map[string]org.Unit{"000.23.11.H56": {Code: "000.23.11.H56", Name: "Sở Tư pháp tỉnh Vĩnh Phúc", ParentCode: "000.00.00.H56", Phone: "0211 3862 400"},
			"000.00.00.H56": {Code: "000.00.00.H56", Name: "Ủy ban nhân dân tỉnh Vĩnh Phúc"}},
		Intake: &slip.Intake{Case: "Công dân Việt Nam", Sets: 1, Delivery: "post", OfficerID: 7, OfficerName: "Trần Văn Tiếp",
			Documents: []slip.Document{{Name: "Tờ khai yêu cầu cấp phiếu lý lịch tư pháp", Originals: 1},
				{Name: "Bản sao căn cước công dân", Copies: 1}}},
		Template: catalog.DefaultTemplate(80), Clock: dossier.Clock{Calendar: calendar.Default(), Sessions: calendar.DefaultSessions},
		Now: vn(6, 16, 0), SiteURL: "https://dichvucong.vinhphuc.gov.vn"}
}

func render(t *testing.T, k slip.Kind, src slip.Source) (string, []byte) {
	t.Helper()
	s, err := slip.Build(k, src)
	if err != nil {
		t.Fatalf("build %s: %v", k, err)
	}
	var buf bytes.Buffer
	if err := slip.Write(&buf, s); err != nil {
		t.Fatalf("write %s: %v", k, err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("%s: not a PDF: %q", k, buf.Bytes()[:min(20, buf.Len())])
	}
	// MOTCUA_SLIP_DIR keeps the documents, to look at them (pdftoppm -png -r 80).
	if dir := os.Getenv("MOTCUA_SLIP_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "-")+".pdf"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return pdfText(t, buf.Bytes()), buf.Bytes()
}

func TestEveryKindRenders(t *testing.T) {
	refused := sample()
	rd := *refused.Dossier
	rd.Status, rd.ReceivedAt, rd.DueAt = workflow.Refused, nil, nil
	rd.History = []dossier.Event{{At: vn(2, 8, 30), ActorID: 7, Actor: "Trần Văn Tiếp", Action: workflow.Refuse,
		Payload: map[string]any{"reason": "Thủ tục thuộc thẩm quyền của Ủy ban nhân dân cấp xã"}}}
	refused.Dossier = &rd
	for _, c := range []struct {
		kind slip.Kind
		src  slip.Source
		want []string
	}{
		{slip.Receipt, sample(), []string{"Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Tờ khai yêu cầu cấp phiếu lý lịch tư pháp",
			"10 ngày làm việc", "08 giờ 30 phút, ngày 02/03/2026", "Qua dịch vụ bưu chính công ích", "K7Q2M9",
			"NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Văn Tiếp", "Ủy ban nhân dân tỉnh Vĩnh Phúc", "Công dân Việt Nam"}},
		{slip.Supplement, sample(), []string{"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Bản sao CCCD có chứng thực",
			"Bản sao CCCD bị mờ, không đọc được số", "Lê Thị Thẩm", "0211 3862 400"}},
		{slip.Refusal, refused, []string{"Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Thủ tục thuộc thẩm quyền của Ủy ban nhân dân cấp xã"}},
		{slip.Control, sample(), []string{"Phiếu kiểm soát quá trình giải quyết hồ sơ", "Thẩm định, thụ lý", "Trần Văn Tiếp",
			"lý do: Chờ ý kiến của Công an tỉnh về nhân thân", "Trong hạn"}},
		{slip.Apology, sample(), []string{"Phiếu xin lỗi và hẹn lại ngày trả kết quả", "Chờ ý kiến của Công an tỉnh về nhân thân",
			"16 giờ 30 phút, ngày 09/03/2026", "16 giờ 30 phút, ngày 13/03/2026", "Phạm Quốc Lãnh"}},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			text, _ := render(t, c.kind, c.src)
			want := append([]string{c.src.Dossier.Code, "Nguyễn Thị Hường", c.kind.Title(),
				"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}, c.want...)
			for _, w := range want {
				if !contains(text, w) && !contains(strings.ToLower(text), strings.ToLower(w)) {
					t.Errorf("%s: the text lacks %q\n%s", c.kind, w, text)
				}
			}
			if !contains(text, c.kind.Title()) {
				t.Errorf("%s: the title %q is not there with its diacritics", c.kind, c.kind.Title())
			}
		})
	}
}

// Text typed in decomposed form (base letters and combining marks) prints composed.
func TestDecomposedTextPrintsComposed(t *testing.T) {
	src := sample()
	d := *src.Dossier
	d.Applicant.Name = norm.NFD.String("Đặng Thị Ngọc Ánh")
	src.Dossier = &d
	text, _ := render(t, slip.Receipt, src)
	if !contains(text, "Đặng Thị Ngọc Ánh") {
		t.Fatalf("the name is not composed:\n%s", text)
	}
}

func TestSlipsNotYetThere(t *testing.T) {
	src := sample()
	for _, k := range []slip.Kind{slip.Refusal} {
		_, err := slip.Build(k, src)
		var e *motcua.Error
		if !errors.As(err, &e) || e.Code != motcua.ECONFLICT || e.Key != slip.ErrNotYet {
			t.Errorf("%s of a dossier in processing: %v", k, err)
		}
	}
	online := sample()
	d := *online.Dossier
	d.ReceivedAt, d.Status, d.History = nil, workflow.Submitted, []dossier.Event{{At: vn(2, 8, 0), Actor: "Nguyễn Thị Hường", Action: workflow.Submit, Step: "receive", StepUnit: d.UnitCode}}
	online.Dossier, online.Intake = &d, nil
	for _, k := range []slip.Kind{slip.Receipt, slip.Supplement, slip.Refusal, slip.Apology} {
		if _, err := slip.Build(k, online); motcua.ErrorCode(err) != motcua.ECONFLICT {
			t.Errorf("%s of a dossier not yet received: %v", k, err)
		}
	}
	if _, err := slip.Build(slip.Control, online); err != nil {
		t.Errorf("every dossier has a control slip: %v", err)
	}
	if _, err := slip.Build("nope", online); motcua.ErrorCode(err) != motcua.ENOTFOUND {
		t.Errorf("unknown kind: %v", err)
	}
}

// A long history goes on to more pages, each a whole A4 sheet.
func TestLongControlSlipPages(t *testing.T) {
	src := sample()
	d := *src.Dossier
	for i := 0; i < 40; i++ {
		d.History = append(d.History, dossier.Event{At: vn(5, 8, i), Actor: "Lê Thị Thẩm", Action: workflow.SendBack,
			Step: "appraise", StepUnit: d.UnitCode, Payload: map[string]any{"reason": "Xem lại lần thứ " + strings.Repeat("nữa ", i%5)}})
	}
	src.Dossier = &d
	text, pdf := render(t, slip.Control, src)
	if n := bytes.Count(pdf, []byte("/Type /Page\n")); n < 2 {
		t.Errorf("%d pages for 45 rows", n)
	}
	if !contains(text, "trang 2") {
		t.Error("no page number on the second page")
	}
}

// The same slip gives the same bytes: its dates are its own, not the time it was drawn.
func TestDeterministic(t *testing.T) {
	s, err := slip.Build(slip.Receipt, sample())
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := slip.Write(&a, s); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := slip.Write(&b, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of one slip differ")
	}
}
