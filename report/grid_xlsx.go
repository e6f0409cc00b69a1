package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// gridStyles are a grid's cell styles by kind and level, beside the form's.
type gridStyles struct {
	cell [5][3]int // [Kind][Level]
}

func newGridStyles(f *excelize.File) (gridStyles, error) {
	var g gridStyles
	var err error
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	// Decimals in General: 3, 7.5, 12.25 (a fixed format would write 3.00, a "0.##" one "3.").
	intFmt, pctFmt := "#,##0", "0.0"
	fills := [3]string{Item: "", Group: "F2F2F2", Total: "FFF2CC"}
	for lv := Item; lv <= Total; lv++ {
		var fill excelize.Fill
		if fills[lv] != "" {
			fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills[lv]}}
		}
		font := &excelize.Font{Family: "Times New Roman", Size: 12, Bold: lv != Item}
		right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
		for k, st := range [5]*excelize.Style{
			Text:    {Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}},
			Ordinal: {Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
			Count:   {CustomNumFmt: &intFmt, Alignment: right},
			Number:  {Alignment: right},
			Percent: {CustomNumFmt: &pctFmt, Alignment: right},
		} {
			st.Font, st.Border, st.Fill = font, border, fill
			if err == nil {
				g.cell[k][lv], err = f.NewStyle(st)
			}
		}
	}
	return g, err
}

// writeGrid writes a grid as a sheet in the frame of the forms: one header row, or two when
// columns are grouped (a group's name merged over its columns, a lone column merged down both).
func writeGrid(f *excelize.File, st styles, gs gridStyles, r Report, g Grid) error {
	landscape := 0.0
	for _, c := range g.Columns {
		landscape += c.Width
	}
	if err := printLayout(f, g.Sheet, landscape > 100); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(g.Sheet)
	if err != nil {
		return err
	}
	for i, c := range g.Columns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	grouped := false
	for _, c := range g.Columns {
		grouped = grouped || c.Group != ""
	}
	headerRow, first := TitleRows+1, TitleRows+2
	if grouped {
		first++
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: first - 1, TopLeftCell: cellName(0, first), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	fm := &form{sw: sw, st: st, width: len(g.Columns)}
	fm.left, fm.right = blocks(g.Columns)
	if err := fm.head(r, g.Title); err != nil {
		return err
	}
	top, bottom := make([]any, len(g.Columns)), make([]any, len(g.Columns))
	for i, c := range g.Columns {
		switch {
		case !grouped:
			top[i] = cell(st.header, c.Name)
		case c.Group == "":
			top[i], bottom[i] = cell(st.header, c.Name), cell(st.header, nil)
			fm.merge(cellName(i, headerRow), cellName(i, headerRow+1))
		case i > 0 && g.Columns[i-1].Group == c.Group:
			top[i], bottom[i] = cell(st.header, nil), cell(st.header, c.Name)
		default:
			top[i], bottom[i] = cell(st.header, c.Group), cell(st.header, c.Name)
			end := i
			for end+1 < len(g.Columns) && g.Columns[end+1].Group == c.Group {
				end++
			}
			fm.span(headerRow, i, end)
		}
	}
	if err := fm.row(headerRow, top, excelize.RowOpts{Height: 33}); err != nil {
		return err
	}
	if grouped {
		if err := fm.row(headerRow+1, bottom, excelize.RowOpts{Height: 33}); err != nil {
			return err
		}
	}
	formulas := sums(len(g.Rows), func(i int) Level { return g.Rows[i].Level }, first)
	last := first + len(g.Rows) - 1
	for i, row := range g.Rows {
		n := first + i
		sum := formulas[i]
		cells := make([]any, len(g.Columns))
		height := 1
		for k, c := range g.Columns {
			x := excelize.Cell{StyleID: gs.cell[c.Kind][row.Level]}
			if k < len(row.Cells) {
				x.Value = row.Cells[k]
				if v, ok := x.Value.(float64); ok && c.Kind == Number {
					x.Value = round2(v)
				}
				if c.Kind == Text {
					height = max(height, lines(x.Value, c.Width))
				}
			}
			letter, _ := excelize.ColumnNumberToName(k + 1)
			switch {
			case len(c.Share) > 1:
				parts := make([]string, len(c.Share)-1)
				for j, p := range c.Share[:len(c.Share)-1] {
					parts[j] = cellName(p, n)
				}
				w := cellName(c.Share[len(c.Share)-1], n)
				x.Formula = fmt.Sprintf("IF(%s=0,0,ROUND((%s)*100/%s,1))", w, strings.Join(parts, "+"), w)
			case c.Sum && sum != nil:
				x.Formula = sum(letter)
			}
			cells[k] = x
		}
		// A stream writer cannot fit a row to its wrapped text: about 16 points a line.
		if err := fm.row(n, cells, excelize.RowOpts{Height: float64(max(18, 16*height))}); err != nil {
			return err
		}
	}
	if err := fm.foot(last+2, r.AsOf, g.Notes...); err != nil {
		return err
	}
	return fm.flush()
}

// blocks are the columns the agency (from the left) and the motto (from the right) are merged
// over: enough of them to be about 40 characters wide, never the same column.
func blocks(cols []GridColumn) (left, right [2]int) {
	wide := func(from, step int) int {
		w, i := 0.0, from
		for ; i >= 0 && i < len(cols); i += step {
			if w += cols[i].Width; w >= 40 {
				return i
			}
		}
		return i - step
	}
	left = [2]int{0, wide(0, 1)}
	right = [2]int{wide(len(cols)-1, -1), len(cols) - 1}
	if right[0] <= left[1] {
		right[0] = min(left[1]+1, len(cols)-1)
	}
	return left, right
}
