package report

import (
	"cmp"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/stats"
)

// The layout of a sheet: title rows, two header rows merged as the national form has them, the
// row of column numbers, then the lines from FirstLine on.
const (
	HeaderRow = 8  // first header row; the second is HeaderRow+1
	NumberRow = 10 // (1), (2), (3)=(4)+(5) …
	FirstLine = 11 // the first line of figures
)

// Columns are the heads of the columns A…O: the group over two or more columns (empty for a
// column merged down both header rows) and the column's own.
var Columns = []struct{ Group, Name string }{
	{"", "STT"},
	{"", ""}, // the table's Header
	{"Số hồ sơ nhận giải quyết", "Tổng số"},
	{"Số hồ sơ nhận giải quyết", "Trong đó: Số mới tiếp nhận"},
	{"Số hồ sơ nhận giải quyết", "Từ kỳ trước chuyển qua"},
	{"Số hồ sơ đã giải quyết", "Tổng số"},
	{"Số hồ sơ đã giải quyết", "Trước hạn"},
	{"Số hồ sơ đã giải quyết", "Đúng hạn"},
	{"Số hồ sơ đã giải quyết", "Quá hạn"},
	{"Số hồ sơ đang giải quyết", "Tổng số"},
	{"Số hồ sơ đang giải quyết", "Trong hạn"},
	{"Số hồ sơ đang giải quyết", "Quá hạn"},
	{"", "Rút"},
	{"", "Từ chối"},
	{"", "Tỷ lệ đúng hạn (%)"},
}

var columnNumbers = []string{"(1)", "(2)", "(3)=(4)+(5)", "(4)", "(5)", "(6)=(7)+(8)+(9)", "(7)", "(8)", "(9)",
	"(10)=(11)+(12)", "(11)", "(12)", "(13)", "(14)", "(15)=((7)+(8))/(6)"}

// figures are the counts in the columns C…N.
func figures(c stats.Counts) []int {
	return []int{c.Total, c.New, c.Carried, c.Solved, c.Early, c.OnTime, c.Late, c.Pending, c.PendingWithin,
		c.PendingOverdue, c.Withdrawn, c.Refused}
}

func col(i int) string { return string(rune('A' + i)) } // 0 → A; the sheet has 15 columns

type styles struct {
	title, subtitle, agency, agencyBold, header, number, note, sign, signBold int
	text, no, count, pct                                                      [3]int // by Level
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	font := func(bold, italic bool, size float64) *excelize.Font {
		return &excelize.Font{Family: "Times New Roman", Size: size, Bold: bold, Italic: italic}
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	style := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	intFmt, pctFmt := "#,##0", "0.0"
	s.title = style(&excelize.Style{Font: font(true, false, 14), Alignment: center})
	s.subtitle = style(&excelize.Style{Font: font(false, true, 12), Alignment: center})
	s.agency = style(&excelize.Style{Font: font(false, false, 12), Alignment: center})
	s.agencyBold = style(&excelize.Style{Font: font(true, false, 12), Alignment: center})
	s.header = style(&excelize.Style{Font: font(true, false, 11), Alignment: center, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	s.number = style(&excelize.Style{Font: font(false, true, 9), Alignment: center, Border: border})
	s.note = style(&excelize.Style{Font: font(false, true, 11), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	s.sign = style(&excelize.Style{Font: font(false, true, 12), Alignment: center})
	s.signBold = style(&excelize.Style{Font: font(true, false, 12), Alignment: center})
	for lv, look := range []struct {
		bold bool
		fill string
	}{Item: {false, ""}, Group: {true, "F2F2F2"}, Total: {true, "FFF2CC"}} {
		var fill excelize.Fill
		if look.fill != "" {
			fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{look.fill}}
		}
		align := "left"
		if Level(lv) == Total {
			align = "center"
		}
		s.text[lv] = style(&excelize.Style{Font: font(look.bold, false, 12), Border: border, Fill: fill,
			Alignment: &excelize.Alignment{Horizontal: align, Vertical: "center", WrapText: true}})
		s.no[lv] = style(&excelize.Style{Font: font(look.bold, false, 12), Border: border, Fill: fill, Alignment: center})
		s.count[lv] = style(&excelize.Style{Font: font(look.bold, false, 12), Border: border, Fill: fill, CustomNumFmt: &intFmt,
			Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
		s.pct[lv] = style(&excelize.Style{Font: font(look.bold, false, 12), Border: border, Fill: fill, CustomNumFmt: &pctFmt,
			Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}})
	}
	return s, err
}

// WriteXLSX writes the report as an Excel workbook, one sheet a table. The totals of a line
// (columns C, F, J), the subtotals of a field, the table's total and the on-time rate are
// formulas, saved with their values so that a reader that does not compute shows them too.
func WriteXLSX(w io.Writer, r Report) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("report styles: %w", err)
	}
	var gs gridStyles
	if len(r.Grids) > 0 {
		if gs, err = newGridStyles(f); err != nil {
			return fmt.Errorf("report styles: %w", err)
		}
	}
	first := true
	sheet := func(name string, write func() error) error {
		if first {
			first = false
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err == nil {
			err = write()
		}
		if err != nil {
			return fmt.Errorf("report sheet %s: %w", name, err)
		}
		return nil
	}
	var docTitle string
	for _, t := range r.Tables {
		if err := sheet(t.Sheet, func() error { return writeSheet(f, st, r, t) }); err != nil {
			return err
		}
		docTitle = cmp.Or(docTitle, t.Title)
	}
	for _, g := range r.Grids {
		if err := sheet(g.Sheet, func() error { return writeGrid(f, st, gs, r, g) }); err != nil {
			return err
		}
		docTitle = cmp.Or(docTitle, g.Title)
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{Title: docTitle, Subject: r.Period(), Creator: "motcua",
		Language: "vi-VN", Created: r.AsOf.UTC().Format("2006-01-02T15:04:05Z")}); err != nil {
		return err
	}
	return f.Write(w)
}

func writeSheet(f *excelize.File, st styles, r Report, t Table) error {
	if err := printLayout(f, t.Sheet, true); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.Sheet)
	if err != nil {
		return err
	}
	widths := []float64{6, 48, 10, 12, 12, 10, 10, 10, 10, 10, 10, 10, 8, 8, 11}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: NumberRow, TopLeftCell: fmt.Sprintf("C%d", FirstLine),
		ActivePane: "bottomRight"}); err != nil {
		return err
	}
	fm := &form{sw: sw, st: st, width: 15, left: [2]int{0, 4}, right: [2]int{9, 14}}
	merge, row := fm.merge, fm.row
	if err := fm.head(r, t.Title); err != nil {
		return err
	}

	// Two header rows: a group's name merged over its columns, a lone column merged down both.
	top, bottom := make([]any, 15), make([]any, 15)
	for i, c := range Columns {
		name := c.Name
		if i == 1 {
			name = t.Header
		}
		if c.Group == "" {
			top[i], bottom[i] = cell(st.header, name), cell(st.header, nil)
			merge(fmt.Sprintf("%s%d", col(i), HeaderRow), fmt.Sprintf("%s%d", col(i), HeaderRow+1))
			continue
		}
		bottom[i] = cell(st.header, name)
		if i > 0 && Columns[i-1].Group == c.Group {
			top[i] = cell(st.header, nil)
			continue
		}
		top[i] = cell(st.header, c.Group)
		end := i
		for end+1 < len(Columns) && Columns[end+1].Group == c.Group {
			end++
		}
		merge(fmt.Sprintf("%s%d", col(i), HeaderRow), fmt.Sprintf("%s%d", col(end), HeaderRow))
	}
	if err := row(HeaderRow, top, excelize.RowOpts{Height: 33}); err != nil {
		return err
	}
	if err := row(HeaderRow+1, bottom, excelize.RowOpts{Height: 48}); err != nil {
		return err
	}
	numbers := make([]any, 15)
	for i, s := range columnNumbers {
		numbers[i] = cell(st.number, s)
	}
	if err := row(NumberRow, numbers); err != nil {
		return err
	}

	// The lines. A field's subtotal sums the procedures under it; the total sums the fields (or
	// the items of a table without fields).
	formulas := sums(len(t.Lines), func(i int) Level { return t.Lines[i].Level }, FirstLine)
	last := FirstLine + len(t.Lines) - 1
	for i, l := range t.Lines {
		n := FirstLine + i
		cells := []any{cell(st.no[l.Level], l.No), cell(st.text[l.Level], l.Label)}
		sum := formulas[i]
		for k, v := range figures(l.Counts) {
			c := col(2 + k)
			x := excelize.Cell{StyleID: st.count[l.Level], Value: v}
			switch c {
			case "C":
				x.Formula = fmt.Sprintf("D%d+E%d", n, n)
			case "F":
				x.Formula = fmt.Sprintf("G%d+H%d+I%d", n, n, n)
			case "J":
				x.Formula = fmt.Sprintf("K%d+L%d", n, n)
			default:
				if sum != nil {
					x.Formula = sum(c)
				}
			}
			cells = append(cells, x)
		}
		cells = append(cells, excelize.Cell{StyleID: st.pct[l.Level], Value: OnTimePct(l.Counts),
			Formula: fmt.Sprintf("IF(F%d=0,0,ROUND((G%d+H%d)*100/F%d,1))", n, n, n, n)})
		if err := row(n, cells); err != nil {
			return err
		}
	}

	// Notes, the date and the signatures under the table.
	var stopped int
	if len(t.Lines) > 0 {
		stopped = t.Lines[len(t.Lines)-1].Counts.Stopped
	}
	note := fmt.Sprintf("Ghi chú: Tỷ lệ đúng hạn = (Trước hạn + Đúng hạn) / Tổng số đã giải quyết. "+
		"Số hồ sơ dừng xử lý trong kỳ: %d. Số liệu tổng hợp lúc %s.", stopped, r.AsOf.In(calendar.Zone).Format("15:04 ngày 02/01/2006"))
	if !r.Live {
		note += " Số hồ sơ đang giải quyết tính đến hết ngày " + r.LastDay().Format("02/01/2006") + "."
	}
	if err := fm.foot(last+2, r.AsOf, note); err != nil {
		return err
	}
	if err := fm.flush(); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: t.Sheet,
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", t.Sheet, HeaderRow, NumberRow)})
}
