package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/index"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/report"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// figures is a Source with the figures of a hand-made month: what the layout is given is
// known, so every cell can be checked against it.
type figures struct {
	sat    store.Satisfaction
	idx    index.Result
	steps  store.StepReport
	months []store.MonthFigures
	ranked []store.RankedUnit
	asked  map[string]int // what was read, to show each is read once
}

func (s *figures) Unit(_ context.Context, code string) (org.Unit, error) {
	for _, u := range s.units() {
		if u.Code == code {
			return u, nil
		}
	}
	return org.Unit{}, motcua.Errorf(motcua.ENOTFOUND, "not_found", "no unit")
}
func (s *figures) units() []org.Unit {
	return []org.Unit{{Code: "000.00.00.H62", Name: "UBND tỉnh Vĩnh Phúc", Level: 1},
		{Code: "000.00.01.H62", Name: "Sở Tư pháp", ParentCode: "000.00.00.H62", Level: 2}}
}
func (s *figures) Units(context.Context) ([]org.Unit, error) { return s.units(), nil }
func (s *figures) Procedure(_ context.Context, code string) (catalog.Procedure, error) {
	if code == "1.001193" {
		return catalog.Procedure{Code: code, Name: "Đăng ký khai sinh"}, nil
	}
	return catalog.Procedure{}, motcua.Errorf(motcua.ENOTFOUND, "not_found", "no procedure")
}
func (s *figures) StatsSatisfaction(context.Context, user.User, store.SummaryFilter) (store.Satisfaction, error) {
	s.asked["satisfaction"]++
	return s.sat, nil
}
func (s *figures) QualityIndexOf(context.Context, user.User, store.SummaryFilter, store.Summary, store.Satisfaction) (index.Result, error) {
	return s.idx, nil
}
func (s *figures) IndexRanking(context.Context, user.User, store.SummaryFilter) ([]store.RankedUnit, error) {
	return s.ranked, nil
}
func (s *figures) StepStats(context.Context, user.User, store.SummaryFilter, string) (store.StepReport, error) {
	s.asked["steps"]++
	return s.steps, nil
}
func (s *figures) LateTrend(context.Context, user.User, store.SummaryFilter) ([]store.MonthFigures, error) {
	return s.months, nil
}
func (s *figures) AssessmentFrom(context.Context, user.User, store.SummaryFilter, store.Summary, store.StepReport) (store.AssessmentOf, error) {
	return store.AssessmentOf{}, nil
}

func aMonth() (*figures, store.SummaryFilter, store.Summary) {
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, calendar.Zone)
	f := store.SummaryFilter{Unit: "000.00.01.H62", From: from, To: from.AddDate(0, 1, 0)}
	sum := store.Summary{Unit: f.Unit, From: f.From, To: f.To, AsOf: time.Date(2026, 4, 2, 9, 30, 0, 0, calendar.Zone)}
	src := &figures{asked: map[string]int{},
		sat: store.Satisfaction{
			Total:     store.RatingCounts{VerySatisfied: 4, Satisfied: 3, NotSatisfied: 1},
			ByOfficer: []store.RatingGroup{{Key: "lan.nt", Name: "Nguyễn Thị Lan", Counts: store.RatingCounts{VerySatisfied: 3, Satisfied: 1}}},
			ByCounter: []store.RatingGroup{{Key: "000.00.01.H62 · Quầy 2", Name: "Quầy 2", Counts: store.RatingCounts{VerySatisfied: 4, Satisfied: 3, NotSatisfied: 1}}},
			ByProcedure: []store.RatingGroup{{Key: "1.001193", Counts: store.RatingCounts{VerySatisfied: 4, Satisfied: 2}},
				{Key: "9.999999", Counts: store.RatingCounts{Satisfied: 1, NotSatisfied: 1}}},
			Comments: []store.RatingComment{{At: time.Date(2026, 3, 9, 8, 5, 0, 0, calendar.Zone), Value: 1, Reason: "waiting",
				Comment: "=1+1", Channel: "kiosk", Unit: "000.00.01.H62", Desk: "Quầy 2", Dossier: "000.00.01.H62-260309-0001"}},
		},
		idx: index.Result{Version: "766/2023", Points: 27.5, Available: 38, Score: 72.37, Band: "no_data",
			Groups: []index.GroupResult{
				{Key: "a", Name: "Công khai, minh bạch", Max: 18, Points: 15.5, Available: 18, Indicators: []index.IndicatorResult{
					{Indicator: index.Indicator{Key: "a1", Name: "Đúng hạn", Max: 10}, Input: index.Input{Num: 3, Den: 4, Known: true}, Ratio: 0.75, Points: 7.5},
					{Indicator: index.Indicator{Key: "a2", Name: "Trực tuyến", Max: 8}, Input: index.Input{Num: 5, Den: 5, Known: true}, Ratio: 1, Points: 8},
				}},
				{Key: "b", Name: "Đồng bộ", Max: 22, Points: 12, Available: 20, Indicators: []index.IndicatorResult{
					{Indicator: index.Indicator{Key: "b1", Name: "Thanh toán", Max: 20}, Input: index.Input{Num: 6, Den: 10, Known: true}, Ratio: 0.6, Points: 12},
					{Indicator: index.Indicator{Key: "b2", Name: "Đồng bộ cổng quốc gia", Max: 2}},
				}},
			}},
		steps: store.StepReport{Steps: []store.StepFigure{
			{Key: "appraise", Name: "Thẩm định", BudgetHours: 16, Count: 10, AvgHours: 12.25, MedianHours: 10, P90Hours: 20, OverBudget: 3, LateCaused: 2},
			{Key: "approve", Name: "Phê duyệt", BudgetHours: 8, Count: 9, AvgHours: 4, MedianHours: 3.5, P90Hours: 7, OverBudget: 0},
		}, Causes: []store.LateCause{{Step: "appraise", Unit: "000.00.01.H62", UserID: 7, FullName: "Trần Văn Bình", Username: "binh.tv", Count: 2}}},
		months: []store.MonthFigures{{Month: 202603, Received: 12, Solved: 9, Late: 2}, {Month: 202604, Received: 3, Solved: 1, Late: 0}},
	}
	return src, f, sum
}

// sheetCells reads a sheet's rows as the reader sees them.
func sheetRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestEveryReportMakes(t *testing.T) {
	src, f, sum := aMonth()
	for _, name := range report.All {
		t.Run(name, func(t *testing.T) {
			r, err := report.Make(context.Background(), src, user.User{}, name, f, sum)
			if err != nil {
				t.Fatal(err)
			}
			// A CSV is the report's own table: the first one, named as the report.
			first := ""
			if len(r.Tables) > 0 {
				first = r.Tables[0].Key
			} else if len(r.Grids) > 0 {
				first = r.Grids[0].Key
			}
			if first != name {
				t.Errorf("the first table is %q", first)
			}
			var csvBuf, xlsxBuf bytes.Buffer
			if err := report.Write(&csvBuf, r, "csv"); err != nil {
				t.Fatal(err)
			}
			if err := report.Write(&xlsxBuf, r, "xlsx"); err != nil {
				t.Fatal(err)
			}
			x, err := excelize.OpenReader(&xlsxBuf)
			if err != nil {
				t.Fatalf("the workbook does not open: %v", err)
			}
			defer x.Close()
			if got := len(x.GetSheetList()); got != len(r.Tables)+len(r.Grids) {
				t.Errorf("%d sheets for %d tables", got, len(r.Tables)+len(r.Grids))
			}
			if r.UnitName != "Sở Tư pháp" || r.ParentName != "UBND tỉnh Vĩnh Phúc" {
				t.Errorf("unit %q under %q", r.UnitName, r.ParentName)
			}
		})
	}
	if _, err := report.Make(context.Background(), src, user.User{}, "nope", f, sum); motcua.ErrorCode(err) != motcua.ENOTFOUND {
		t.Errorf("an unknown report: %v", err)
	}
	// The ratings' workbook reads the ratings once for its six sheets.
	src.asked = map[string]int{}
	if _, err := report.Make(context.Background(), src, user.User{}, report.Ratings, f, sum); err != nil {
		t.Fatal(err)
	}
	if src.asked["satisfaction"] != 1 {
		t.Errorf("the ratings were read %d times", src.asked["satisfaction"])
	}
}

func TestIndexSheet(t *testing.T) {
	src, f, sum := aMonth()
	r, err := report.Make(context.Background(), src, user.User{}, report.Index, f, sum)
	if err != nil {
		t.Fatal(err)
	}
	x := openXLSX(t, r)
	const sh = "Chỉ số"
	rows := sheetRows(t, x, sh)
	logSheet(t, x, sh)
	want := [][]string{
		{"STT", "Nhóm / chỉ tiêu", "Số liệu", "", "", "Điểm", "Điểm tối đa", "Điểm tối đa có dữ liệu"},
		{"", "", "Tử số", "Mẫu số", "Tỷ lệ (%)"},
		{"I", "Công khai, minh bạch", "", "", "", "15.5", "18", "18"},
		{"1", "Đúng hạn", "3", "4", "75", "7.5", "10", "10"},
		{"2", "Trực tuyến", "5", "5", "100", "8", "8", "8"},
		{"II", "Đồng bộ", "", "", "", "12", "22", "20"},
		{"1", "Thanh toán", "6", "10", "60", "12", "20", "20"},
		{"2", "Đồng bộ cổng quốc gia", "Chưa có dữ liệu", "", "", "", "2"},
		{"", "Tổng cộng", "", "", "", "27.5", "100", "38"},
	}
	for i, w := range want {
		n := report.TitleRows + 1 + i
		if got := rows[n-1]; !slices.Equal(got, w) {
			t.Errorf("row %d: %q, want %q", n, got, w)
		}
	}
	// The group sums its indicators, the total its groups: formulas that compute what is saved.
	for cell, formula := range map[string]string{"F10": "SUM(F11:F12)", "G13": "SUM(G14:G15)", "F16": "F10+F13", "H16": "H10+H13"} {
		got, err := x.GetCellFormula(sh, cell)
		if err != nil || got != formula {
			t.Errorf("%s formula %q (%v), want %q", cell, got, err, formula)
		}
		saved := value(t, x, sh, cell)
		if calc, err := x.CalcCellValue(sh, cell, excelize.Options{RawCellValue: true}); err != nil || calc != saved {
			t.Errorf("%s computes %q (%v), saved %q", cell, calc, err, saved)
		}
	}
	merged, _ := x.GetMergeCells(sh)
	var ranges []string
	for _, m := range merged {
		ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	for _, w := range []string{"C8:E8", "A8:A9", "B8:B9", "F8:F9", "A4:H4"} {
		if !slices.Contains(ranges, w) {
			t.Errorf("%s not merged: %v", w, ranges)
		}
	}
	var notes string
	for _, row := range rows[report.TitleRows+len(want):] {
		notes += strings.Join(row, "")
	}
	if !strings.Contains(notes, "72,37/100") || !strings.Contains(notes, "Chưa đủ dữ liệu để xếp loại") || !strings.Contains(notes, "766/2023") {
		t.Errorf("notes %q", notes)
	}
}

func TestRatingsSheets(t *testing.T) {
	src, f, sum := aMonth()
	r, err := report.Make(context.Background(), src, user.User{}, report.Ratings, f, sum)
	if err != nil {
		t.Fatal(err)
	}
	x := openXLSX(t, r)
	if got := x.GetSheetList(); !slices.Equal(got, []string{"Theo cán bộ", "Theo quầy", "Theo đơn vị", "Theo thủ tục", "Theo kênh", "Ý kiến"}) {
		t.Fatalf("sheets %q", got)
	}
	first := report.TitleRows + 3 // two header rows: the ratings are grouped under "Số đánh giá"
	for _, c := range []struct {
		sheet string
		rows  [][]string
	}{
		// Ratings of no officer (a kiosk's, an online one) get a line, so that the lines add up.
		{"Theo cán bộ", [][]string{{"1", "Nguyễn Thị Lan (lan.nt)", "3", "1", "0", "4", "100"},
			{"2", "Không gắn với cán bộ", "1", "2", "1", "4", "75"},
			{"", "Tổng cộng", "4", "3", "1", "8", "87.5"}}},
		{"Theo quầy", [][]string{{"1", "Quầy 2 — Sở Tư pháp", "4", "3", "1", "8", "87.5"}, {"", "Tổng cộng", "4", "3", "1", "8", "87.5"}}},
		// A procedure gone from the catalogue keeps its code.
		{"Theo thủ tục", [][]string{{"1", "Đăng ký khai sinh", "4", "2", "0", "6", "100"}, {"2", "9.999999", "0", "1", "1", "2", "50"},
			{"", "Tổng cộng", "4", "3", "1", "8", "87.5"}}},
	} {
		rows := sheetRows(t, x, c.sheet)
		for i, w := range c.rows {
			if got := rows[first-1+i]; !slices.Equal(got, w) {
				t.Errorf("%s row %d: %q, want %q", c.sheet, first+i, got, w)
			}
		}
		total := first + len(c.rows) - 1
		cell := fmt.Sprintf("G%d", total)
		if got, _ := x.GetCellFormula(c.sheet, cell); got != fmt.Sprintf("IF(F%d=0,0,ROUND((C%d+D%d)*100/F%d,1))", total, total, total, total) {
			t.Errorf("%s!%s formula %q", c.sheet, cell, got)
		}
		if got, _ := x.GetCellFormula(c.sheet, fmt.Sprintf("F%d", total)); got != fmt.Sprintf("SUM(F%d:F%d)", first, total-1) {
			t.Errorf("%s total formula %q", c.sheet, got)
		}
	}
	// The comments' CSV: a comment read as a formula is defused.
	var buf bytes.Buffer
	rc, err := report.Make(context.Background(), src, user.User{}, report.Comments, f, sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.Write(&buf, rc, "csv"); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"STT", "Thời điểm", "Mã hồ sơ", "Mức đánh giá", "Lý do", "Ý kiến", "Kênh", "Đơn vị", "Quầy"},
		{"1", "09/03/2026 08:05", "000.00.01.H62-260309-0001", "Không hài lòng", "Chờ đợi lâu, trễ hẹn", "'=1+1", "Tại quầy (máy đánh giá)", "Sở Tư pháp", "Quầy 2"}}
	if !slices.EqualFunc(recs, want, slices.Equal) {
		t.Errorf("comments CSV %q", recs)
	}
}

func TestStepsAndTrendCSV(t *testing.T) {
	src, f, sum := aMonth()
	for _, c := range []struct {
		name string
		want [][]string
	}{
		{report.Steps, [][]string{
			{"STT", "Bước xử lý", "Số lượt", "Thời gian (giờ làm việc) - Định mức", "Thời gian (giờ làm việc) - Trung bình",
				"Thời gian (giờ làm việc) - Trung vị", "Thời gian (giờ làm việc) - 90% xong trong", "Vượt định mức - Số lượt",
				"Vượt định mức - Tỷ lệ (%)", "Số hồ sơ quá hạn do bước này"},
			{"1", "Thẩm định", "10", "16", "12.25", "10", "20", "3", "30.0", "2"},
			{"2", "Phê duyệt", "9", "8", "4", "3.5", "7", "0", "0.0", "0"},
			{"", "Tổng cộng", "19", "", "", "", "", "3", "15.8", "2"}}},
		{report.LateCauses, [][]string{{"STT", "Bước xử lý", "Đơn vị", "Cán bộ", "Số hồ sơ quá hạn"},
			{"1", "Thẩm định", "Sở Tư pháp", "Trần Văn Bình (binh.tv)", "2"}, {"", "Tổng cộng", "", "", "2"}}},
		{report.Trend, [][]string{{"STT", "Tháng", "Tiếp nhận", "Đã giải quyết", "Quá hạn", "Tỷ lệ quá hạn (%)"},
			{"1", "03/2026", "12", "9", "2", "22.2"}, {"2", "04/2026", "3", "1", "0", "0.0"}, {"", "Tổng cộng", "15", "10", "2", "20.0"}}},
	} {
		r, err := report.Make(context.Background(), src, user.User{}, c.name, f, sum)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := report.Write(&buf, r, "csv"); err != nil {
			t.Fatal(err)
		}
		raw, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF"))
		if !ok || !bytes.Contains(raw, []byte("\r\n")) {
			t.Errorf("%s: no byte-order mark or CRLF", c.name)
		}
		recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(recs, c.want, slices.Equal) {
			t.Errorf("%s.csv:\n got %q\nwant %q", c.name, recs, c.want)
		}
	}
}

// TestReportSaysWhatItKeeps: figures kept to a procedure or a field say so after the unit.
func TestReportSaysWhatItKeeps(t *testing.T) {
	src, f, sum := aMonth()
	for _, c := range []struct {
		name, field, procedure, want string
	}{
		{report.Summary, "", "1.001193", "Đơn vị: Sở Tư pháp (mã 000.00.01.H62); thủ tục Đăng ký khai sinh (mã 1.001193)"},
		{report.Steps, "", "1.001193", "Đơn vị: Sở Tư pháp (mã 000.00.01.H62); thủ tục Đăng ký khai sinh (mã 1.001193)"},
		{report.ByChannel, "HT", "", "Đơn vị: Sở Tư pháp (mã 000.00.01.H62); lĩnh vực HT"}, // no catalogue to name it by
		{report.Trend, "", "", "Đơn vị: Sở Tư pháp (mã 000.00.01.H62)"},
	} {
		s := sum
		s.Field, s.Procedure = c.field, c.procedure
		r, err := report.Make(context.Background(), src, user.User{}, c.name, f, s)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Unit(); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
