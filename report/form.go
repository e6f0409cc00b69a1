package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/calendar"
)

// form writes what frames every sheet as provincial report forms have it: the agency at the
// left and the national motto at the right, the title, the period and the unit; under the table
// a note, the date and the signatures.
type form struct {
	sw          *excelize.StreamWriter
	st          styles
	width       int    // the sheet's columns
	left, right [2]int // the columns (first, last) the agency and the motto are merged over
	merges      [][2]string
}

// TitleRows are the rows the frame's head takes; a table starts after them.
const TitleRows = 7

func (fm *form) merge(a, b string) { fm.merges = append(fm.merges, [2]string{a, b}) }

// span merges columns first..last of row n.
func (fm *form) span(n, first, last int) {
	if last > first {
		fm.merge(cellName(first, n), cellName(last, n))
	}
}

func (fm *form) row(n int, cells []any, opts ...excelize.RowOpts) error {
	return fm.sw.SetRow(fmt.Sprintf("A%d", n), cells, opts...)
}

func cell(style int, v any) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }

// cellName is the name of the cell in column i (0 is A) of row n.
func cellName(i, n int) string {
	name, _ := excelize.CoordinatesToCellName(i+1, n)
	return name
}

// head writes rows 1 to 6.
func (fm *form) head(r Report, title string) error {
	left := []string{strings.ToUpper(r.UnitName)}
	if r.ParentName != "" {
		left = []string{strings.ToUpper(r.ParentName), strings.ToUpper(r.UnitName)}
	}
	right := []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}
	for i := range 2 {
		cells := make([]any, fm.width)
		if i < len(left) {
			style := fm.st.agencyBold
			if i == 0 && len(left) == 2 {
				style = fm.st.agency
			}
			cells[fm.left[0]] = cell(style, left[i])
		}
		cells[fm.right[0]] = cell(fm.st.agencyBold, right[i])
		if err := fm.row(i+1, cells, excelize.RowOpts{Height: 18}); err != nil {
			return err
		}
		fm.span(i+1, fm.left[0], fm.left[1])
		fm.span(i+1, fm.right[0], fm.right[1])
	}
	for i, line := range []struct {
		text  string
		style int
	}{{title, fm.st.title}, {r.Period(), fm.st.subtitle}, {r.Unit(), fm.st.subtitle}} {
		n := 4 + i
		if err := fm.row(n, []any{cell(line.style, line.text)}, excelize.RowOpts{Height: 20}); err != nil {
			return err
		}
		fm.span(n, 0, fm.width-1)
	}
	return nil
}

// foot writes the notes from row n, then the date and the signatures.
func (fm *form) foot(n int, asOf time.Time, notes ...string) error {
	for _, note := range notes {
		height := 16.0 * float64(1+len(note)/140)
		if err := fm.row(n, []any{cell(fm.st.note, note)}, excelize.RowOpts{Height: max(height, 20)}); err != nil {
			return err
		}
		fm.span(n, 0, fm.width-1)
		n++
	}
	asOf = asOf.In(calendar.Zone)
	date := make([]any, fm.width)
	date[fm.right[0]] = cell(fm.st.sign, fmt.Sprintf("Ngày %02d tháng %02d năm %d", asOf.Day(), asOf.Month(), asOf.Year()))
	if err := fm.row(n+1, date); err != nil {
		return err
	}
	fm.span(n+1, fm.right[0], fm.right[1])
	signs := make([]any, fm.width)
	signs[min(1, fm.left[1])] = cell(fm.st.signBold, "NGƯỜI LẬP BIỂU")
	signs[fm.right[0]] = cell(fm.st.signBold, "THỦ TRƯỞNG ĐƠN VỊ")
	if err := fm.row(n+2, signs); err != nil {
		return err
	}
	fm.span(n+2, fm.right[0], fm.right[1])
	return nil
}

// flush merges what was asked and ends the sheet.
func (fm *form) flush() error {
	for _, m := range fm.merges {
		if err := fm.sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	return fm.sw.Flush()
}

// printLayout sets a sheet to print on A4 fitted to the page's width (a stream writer keeps
// what the sheet has before it starts, not what is set after).
func printLayout(f *excelize.File, sheet string, landscape bool) error {
	orient, a4, one, zero := "portrait", 9, 1, 0
	if landscape {
		orient = "landscape"
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &orient, Size: &a4, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	fit := true
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}
