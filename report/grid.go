package report

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Grid is a table of any columns — the index, the ratings, the step times, the trend — laid out
// as the figure tables are: a head, lines of items under groups, a total.
type Grid struct {
	Key     string // the name of its CSV file and of a workbook of it alone
	Sheet   string
	Title   string
	Columns []GridColumn
	Rows    []GridRow
	Notes   []string // under the table
}

// Kind is how a column's values are written.
type Kind int

const (
	Text    Kind = iota
	Ordinal      // STT, a rank: centred
	Count        // a whole number
	Number       // a decimal: hours, points
	Percent      // a share in %, one decimal
)

// GridColumn is a column's head and how its values are written.
type GridColumn struct {
	Group string // the head merged over this and the next columns of the same group, "" for none
	Name  string
	Kind  Kind
	Width float64
	// Sum: a group's line sums the items under it, the total the groups (or the items); in the
	// workbook as formulas.
	Sum bool
	// Share, if set, makes the column on every line the percentage of the sum of the columns
	// Share[:len-1] in the column Share[len-1] (indexes of Columns); a formula in the workbook.
	Share []int
}

// GridRow is one line: a cell a column is string, int, float64 or nil (empty).
type GridRow struct {
	Level Level
	Cells []any
}

// share is the column's percentage of part in whole, 0 when whole is 0, to one decimal.
func share(part, whole float64) float64 {
	if whole == 0 {
		return 0
	}
	return float64(int(part*1000/whole+0.5)) / 10
}

// gridHeader is the CSV's one header row: a group's name before each of its columns'.
func gridHeader(g Grid) []string {
	out := make([]string, len(g.Columns))
	for i, c := range g.Columns {
		out[i] = c.Name
		if c.Group != "" {
			out[i] = c.Group + " - " + c.Name
		}
	}
	return out
}

// WriteGridCSV writes a grid as CSV as WriteCSV writes a table: UTF-8 with a byte-order mark,
// one header row, the lines (groups and the total told apart by their STT).
func WriteGridCSV(w io.Writer, g Grid) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(gridHeader(g)); err != nil {
		return err
	}
	for _, row := range g.Rows {
		rec := make([]string, len(g.Columns))
		for i, c := range g.Columns {
			if i < len(row.Cells) {
				rec[i] = csvValue(c.Kind, row.Cells[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvValue(k Kind, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int:
		return strconv.Itoa(x)
	case float64:
		if k == Percent {
			return strconv.FormatFloat(x, 'f', 1, 64)
		}
		return strconv.FormatFloat(round2(x), 'f', -1, 64)
	case string:
		return text(x)
	}
	return ""
}

// round2 keeps two decimals: hours and points are not more precise than that.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// lines is about how many lines a text takes in a column of width characters.
func lines(v any, width float64) int {
	s, ok := v.(string)
	if !ok || width <= 0 {
		return 1
	}
	n := 0
	for _, para := range strings.Split(s, "\n") {
		n += int(math.Ceil(float64(utf8.RuneCountInString(para)) * 1.15 / width))
	}
	return max(n, 1)
}
