package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/report"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
)

func counts(newN, carried, early, onTime, late, withdrawn, refused, within, overdue int) stats.Counts {
	c := stats.Counts{New: newN, Carried: carried, Early: early, OnTime: onTime, Late: late, Withdrawn: withdrawn,
		Refused: refused, PendingWithin: within, PendingOverdue: overdue}
	c.Total = c.New + c.Carried
	c.Solved = c.Early + c.OnTime + c.Late
	c.Pending = c.PendingWithin + c.PendingOverdue
	return c
}

// march is a month of a department: two fields (Hộ tịch with two procedures, Lý lịch tư pháp
// with one), three channels, and a procedure gone from the catalog.
func march() (store.Summary, report.Names) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, calendar.Zone) }
	sum := store.Summary{Unit: "000.00.01.H62", From: day(1), To: day(1).AddDate(0, 1, 0), AsOf: time.Date(2026, 4, 2, 9, 30, 0, 0, calendar.Zone),
		Rows: []store.SummaryRow{
			{Procedure: "1.001193", Channel: "counter", Counts: counts(10, 2, 4, 3, 1, 1, 0, 2, 1)},
			{Procedure: "1.001193", Channel: "online", Counts: counts(20, 0, 10, 5, 0, 0, 1, 4, 0)},
			{Procedure: "1.000656", Channel: "post", Counts: counts(3, 1, 1, 0, 2, 0, 0, 1, 0)},
			{Procedure: "2.001417", Channel: "online", Unit: "000.01.01.H62", Counts: counts(7, 3, 2, 2, 2, 0, 2, 1, 1)},
			{Procedure: "9.999999", Channel: "counter", Counts: counts(1, 0, 0, 0, 0, 0, 0, 1, 0)},
		}}
	for _, r := range sum.Rows {
		sum.Total.Add(r.Counts)
	}
	sum.Total.Stopped = 0
	n := report.Names{Unit: "Sở Tư pháp", Parent: "UBND tỉnh Vĩnh Phúc", Procedures: map[string]report.Procedure{
		"1.001193": {Name: "Đăng ký khai sinh", FieldCode: "HT", FieldName: "Hộ tịch"},
		"1.000656": {Name: "Đăng ký kết hôn", FieldCode: "HT", FieldName: "Hộ tịch"},
		"2.001417": {Name: "Cấp Phiếu lý lịch tư pháp", FieldCode: "LLTP", FieldName: "Lý lịch tư pháp"},
	}, Levels: map[string]int{"000.01.01.H62": 3}}
	for i := range sum.Rows {
		if sum.Rows[i].Unit == "" {
			sum.Rows[i].Unit = "000.00.01.H62"
		}
	}
	n.Levels["000.00.01.H62"] = 2
	return sum, n
}

func openXLSX(t *testing.T, r report.Report) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := report.WriteXLSX(&buf, r); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func value(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// wantFigures is the row of figures C…O a line of c must show.
func wantFigures(c stats.Counts) []string {
	out := []string{}
	for _, v := range []int{c.Total, c.New, c.Carried, c.Solved, c.Early, c.OnTime, c.Late, c.Pending, c.PendingWithin,
		c.PendingOverdue, c.Withdrawn, c.Refused} {
		out = append(out, strconv.Itoa(v))
	}
	return append(out, strconv.FormatFloat(stats.Pct(c.Early+c.OnTime, c.Solved), 'f', -1, 64))
}

func TestSummaryWorkbook(t *testing.T) {
	sum, names := march()
	r, err := report.Build(report.Summary, sum, names)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, r)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Tổng hợp", "Theo kênh", "Theo cấp"}) {
		t.Fatalf("sheets %v", got)
	}
	const sh = "Tổng hợp"
	for cell, want := range map[string]string{
		"A1": "UBND TỈNH VĨNH PHÚC", "A2": "SỞ TƯ PHÁP", "J1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"A4": "BÁO CÁO TỔNG HỢP TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
		"A5": "Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026",
		"A6": "Đơn vị: Sở Tư pháp (mã 000.00.01.H62)",
		"A8": "STT", "B8": "Lĩnh vực / Thủ tục", "C8": "Số hồ sơ nhận giải quyết", "F8": "Số hồ sơ đã giải quyết",
		"J8": "Số hồ sơ đang giải quyết", "M8": "Rút", "N8": "Từ chối", "O8": "Tỷ lệ đúng hạn (%)",
		"C9": "Tổng số", "D9": "Trong đó: Số mới tiếp nhận", "E9": "Từ kỳ trước chuyển qua", "F9": "Tổng số", "G9": "Trước hạn",
		"H9": "Đúng hạn", "I9": "Quá hạn", "J9": "Tổng số", "K9": "Trong hạn", "L9": "Quá hạn", "A10": "(1)", "C10": "(3)=(4)+(5)",
	} {
		if got := value(t, f, sh, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	merged, err := f.GetMergeCells(sh)
	if err != nil {
		t.Fatal(err)
	}
	var ranges []string
	for _, m := range merged {
		ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, want := range []string{"A8:A9", "B8:B9", "C8:E8", "F8:I8", "J8:L8", "M8:M9", "N8:N9", "O8:O9", "A4:O4", "A5:O5"} {
		if !slices.Contains(ranges, want) {
			t.Errorf("%s is not merged: %v", want, ranges)
		}
	}
	if pl, err := f.GetPageLayout(sh); err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout %+v %v", pl, err)
	}
	if p, err := f.GetPanes(sh); err != nil || !p.Freeze || p.YSplit != report.NumberRow || p.XSplit != 2 {
		t.Errorf("panes %+v %v", p, err)
	}

	// The lines: fields in alphabetical order with their subtotals, procedures under them, the
	// procedure gone from the catalog under "Lĩnh vực khác", the total last.
	ht := stats.Counts{}
	for _, row := range sum.Rows[:3] {
		ht.Add(row.Counts)
	}
	khaiSinh := sum.Rows[0].Counts
	khaiSinh.Add(sum.Rows[1].Counts)
	want := []struct {
		no, label string
		c         stats.Counts
		bold      bool
	}{
		{"I", "Hộ tịch", ht, true},
		{"1", "Đăng ký kết hôn", sum.Rows[2].Counts, false},
		{"2", "Đăng ký khai sinh", khaiSinh, false},
		{"II", "Lĩnh vực khác", sum.Rows[4].Counts, true},
		{"1", "9.999999", sum.Rows[4].Counts, false},
		{"III", "Lý lịch tư pháp", sum.Rows[3].Counts, true},
		{"1", "Cấp Phiếu lý lịch tư pháp", sum.Rows[3].Counts, false},
		{"", "Tổng cộng", sum.Total, true},
	}
	for i, w := range want {
		n := report.FirstLine + i
		if no, label := value(t, f, sh, fmt.Sprintf("A%d", n)), value(t, f, sh, fmt.Sprintf("B%d", n)); no != w.no || label != w.label {
			t.Errorf("row %d: %q %q, want %q %q", n, no, label, w.no, w.label)
		}
		for k, v := range wantFigures(w.c) {
			c := fmt.Sprintf("%c%d", 'C'+k, n)
			if got := value(t, f, sh, c); got != v {
				t.Errorf("%s (%s) = %s, want %s", c, w.label, got, v)
			}
			// What Excel computes from the formulas equals what the cell shows without computing.
			if formula, _ := f.GetCellFormula(sh, c); formula != "" {
				calc, err := f.CalcCellValue(sh, c, excelize.Options{RawCellValue: true})
				if err != nil || calc != v {
					t.Errorf("%s =%s computes %q (%v), want %s", c, formula, calc, err, v)
				}
			}
		}
		id, _ := f.GetCellStyle(sh, fmt.Sprintf("B%d", n))
		s, _ := f.GetStyle(id)
		if s.Font == nil || s.Font.Bold != w.bold || len(s.Border) != 4 {
			t.Errorf("row %d (%s): style %+v", n, w.label, s)
		}
	}
	total := report.FirstLine + len(want) - 1
	if formula, _ := f.GetCellFormula(sh, fmt.Sprintf("D%d", total)); formula != "D11+D14+D16" {
		t.Errorf("total formula %q", formula)
	}
	if formula, _ := f.GetCellFormula(sh, "D11"); formula != "SUM(D12:D13)" {
		t.Errorf("subtotal formula %q", formula)
	}
	if v := value(t, f, sh, fmt.Sprintf("A%d", total+1)); v != "" {
		t.Errorf("a line after the total: %q", v)
	}
	if id, _ := f.GetCellStyle(sh, "D12"); true {
		s, _ := f.GetStyle(id)
		if s.CustomNumFmt == nil || *s.CustomNumFmt != "#,##0" {
			t.Errorf("the number format of D12: %+v", s)
		}
	}

	// By channel: every channel, the empty ones too.
	const ch = "Theo kênh"
	if got := value(t, f, ch, "B8"); got != "Kênh tiếp nhận" {
		t.Errorf("channel header %q", got)
	}
	byCh := map[string]*stats.Counts{"counter": {}, "online": {}, "post": {}}
	for _, row := range sum.Rows {
		byCh[row.Channel].Add(row.Counts)
	}
	for i, w := range []struct {
		label string
		c     stats.Counts
	}{{"Trực tiếp", *byCh["counter"]}, {"Trực tuyến", *byCh["online"]}, {"Bưu chính công ích", *byCh["post"]}, {"Tổng cộng", sum.Total}} {
		n := report.FirstLine + i
		if got := value(t, f, ch, fmt.Sprintf("B%d", n)); got != w.label {
			t.Errorf("channel row %d: %q", n, got)
		}
		for k, v := range wantFigures(w.c) {
			c := fmt.Sprintf("%c%d", 'C'+k, n)
			if got := value(t, f, ch, c); got != v {
				t.Errorf("%s!%s = %s, want %s", ch, c, got, v)
			}
			if calc, err := f.CalcCellValue(ch, c, excelize.Options{RawCellValue: true}); err != nil || calc != v {
				t.Errorf("%s!%s computes %q (%v), want %s", ch, c, calc, err, v)
			}
		}
	}
	logSheet(t, f, sh)
}

// logSheet prints the sheet as a person would read it (go test -v).
func logSheet(t *testing.T, f *excelize.File, sheet string) {
	rows, _ := f.GetRows(sheet)
	var b strings.Builder
	for i, r := range rows {
		fmt.Fprintf(&b, "%2d | %s\n", i+1, strings.Join(r, " | "))
	}
	t.Logf("%s:\n%s", sheet, b.String())
}

func TestCSV(t *testing.T) {
	sum, names := march()
	names.Procedures["1.000656"] = report.Procedure{Name: "=HYPERLINK(\"x\")", FieldCode: "HT", FieldName: "Hộ tịch"}
	r, err := report.Build(report.Summary, sum, names)
	if err != nil {
		t.Fatal(err)
	}
	for _, tab := range r.Tables {
		var buf bytes.Buffer
		if err := report.WriteCSV(&buf, tab); err != nil {
			t.Fatal(err)
		}
		raw, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF"))
		if !ok {
			t.Fatalf("%s: no byte-order mark", tab.Key)
		}
		recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != len(tab.Lines)+1 {
			t.Fatalf("%s: %d records", tab.Key, len(recs))
		}
		head := recs[0]
		if head[0] != "STT" || head[1] != tab.Header || head[3] != "Số hồ sơ nhận giải quyết - Số mới tiếp nhận" ||
			head[8] != "Số hồ sơ đã giải quyết - Quá hạn" || head[14] != "Tỷ lệ đúng hạn (%)" {
			t.Errorf("%s: header %q", tab.Key, head)
		}
		for i, l := range tab.Lines {
			want := append([]string{l.No, l.Label}, wantFigures(l.Counts)...)
			want[14] = strconv.FormatFloat(report.OnTimePct(l.Counts), 'f', 1, 64)
			if strings.HasPrefix(l.Label, "=") {
				want[1] = "'" + l.Label
			}
			if !slices.Equal(recs[i+1], want) {
				t.Errorf("%s line %d: %q, want %q", tab.Key, i, recs[i+1], want)
			}
		}
		last := recs[len(recs)-1]
		if last[1] != "Tổng cộng" || last[2] != strconv.Itoa(sum.Total.Total) || last[14] != "84.4" {
			t.Errorf("%s total %q", tab.Key, last)
		}
		t.Logf("%s.csv:\n%s", tab.Key, raw)
	}
}

func TestEmptyAndNames(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, calendar.Zone)
	sum := store.Summary{Unit: "000.00.00.H62", IncludeChildren: true, From: day, To: day.AddDate(0, 0, 1), AsOf: day, Live: true}
	if _, err := report.Build("nope", sum, report.Names{}); motcua.ErrorCode(err) != motcua.ENOTFOUND {
		t.Fatalf("unknown report: %v", err)
	}
	r, err := report.Build(report.ByChannel, sum, report.Names{Unit: "UBND tỉnh Vĩnh Phúc"})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.FileName("csv"); got != "bao-cao-theo-kenh-000.00.00.H62-2026-03-02-2026-03-02.csv" {
		t.Errorf("file name %q", got)
	}
	f := openXLSX(t, r)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Theo kênh"}) {
		t.Fatalf("sheets %v", got)
	}
	if v := value(t, f, "Theo kênh", "A1"); v != "UBND TỈNH VĨNH PHÚC" {
		t.Errorf("A1 %q", v)
	}
	if v := value(t, f, "Theo kênh", "A6"); !strings.HasSuffix(v, "và các đơn vị trực thuộc") {
		t.Errorf("A6 %q", v)
	}
	if v := value(t, f, "Theo kênh", "C14"); v != "0" {
		t.Errorf("empty total %q", v)
	}
	s, _ := report.Build(report.Summary, sum, report.Names{})
	if tab := s.Tables[0]; len(tab.Lines) != 1 || tab.Lines[0].Level != report.Total {
		t.Errorf("an empty summary: %+v", tab.Lines)
	}
	openXLSX(t, s)

	cat := fakeCatalog{}
	sum.Rows = []store.SummaryRow{{Procedure: "2.001417", Channel: "online"}, {Procedure: "gone", Channel: "online"}}
	n, err := report.NamesFor(context.Background(), cat, store.Summary{Unit: "000.00.01.H62", Rows: sum.Rows})
	if err != nil || n.Unit != "Sở Tư pháp" || n.Parent != "UBND tỉnh Vĩnh Phúc" || n.Procedures["2.001417"].FieldName != "Lý lịch tư pháp" ||
		n.Procedures["gone"].Name != "gone" {
		t.Errorf("names %+v %v", n, err)
	}
}

type fakeCatalog struct{}

func (fakeCatalog) Unit(_ context.Context, code string) (org.Unit, error) {
	switch code {
	case "000.00.01.H62":
		return org.Unit{Code: code, Name: "Sở Tư pháp", ParentCode: "000.00.00.H62"}, nil
	case "000.00.00.H62":
		return org.Unit{Code: code, Name: "UBND tỉnh Vĩnh Phúc"}, nil
	}
	return org.Unit{}, motcua.Errorf(motcua.ENOTFOUND, "unknown_unit", "no unit")
}

func (fakeCatalog) Procedure(_ context.Context, code string) (catalog.Procedure, error) {
	if code == "2.001417" {
		return catalog.Procedure{Code: code, Name: "Cấp Phiếu lý lịch tư pháp", FieldCode: "LLTP", FieldName: "Lý lịch tư pháp"}, nil
	}
	return catalog.Procedure{}, motcua.Errorf(motcua.ENOTFOUND, "unknown_procedure", "no procedure")
}

// TestByLevel: the March rows at the department (level 2) and one procedure decided by a commune
// (level 3): every level listed, the province's empty, the total the summary's.
func TestByLevel(t *testing.T) {
	sum, n := march()
	r, err := report.Build(report.ByLevel, sum, n)
	if err != nil || len(r.Tables) != 1 {
		t.Fatalf("%v %d tables", err, len(r.Tables))
	}
	lines := r.Tables[0].Lines
	var dept stats.Counts
	for _, row := range sum.Rows[:3] {
		dept.Add(row.Counts)
	}
	dept.Add(sum.Rows[4].Counts)
	want := []struct {
		label string
		c     stats.Counts
	}{{"Cấp tỉnh", stats.Counts{}}, {"Cấp sở, ngành, huyện", dept}, {"Cấp xã", sum.Rows[3].Counts}}
	if len(lines) != 4 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, w := range want {
		if lines[i].Label != w.label || lines[i].Counts != w.c || lines[i].Level != report.Item {
			t.Errorf("line %d: %+v, want %s %+v", i, lines[i], w.label, w.c)
		}
	}
	var total stats.Counts
	for _, row := range sum.Rows {
		total.Add(row.Counts)
	}
	if last := lines[3]; last.Level != report.Total || last.Counts != total {
		t.Errorf("total %+v, want %+v", last, total)
	}
}
