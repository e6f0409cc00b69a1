package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSVHeader is the one header row of a table's CSV: the two header rows of the sheet joined.
func CSVHeader(t Table) []string {
	out := make([]string, len(Columns))
	for i, c := range Columns {
		switch {
		case i == 1:
			out[i] = t.Header
		case c.Group != "":
			out[i] = c.Group + " - " + strings.TrimPrefix(c.Name, "Trong đó: ")
		default:
			out[i] = c.Name
		}
	}
	return out
}

// WriteCSV writes a table as CSV, UTF-8 with a byte-order mark so that Excel reads the Vietnamese
// right: one header row, then the lines as the sheet has them (subtotals and the total included,
// told apart by their STT: I, II … for fields, empty for the total).
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // as Excel writes it
	if err := cw.Write(CSVHeader(t)); err != nil {
		return err
	}
	for _, l := range t.Lines {
		rec := []string{l.No, text(l.Label)}
		for _, v := range figures(l.Counts) {
			rec = append(rec, strconv.Itoa(v))
		}
		rec = append(rec, strconv.FormatFloat(OnTimePct(l.Counts), 'f', 1, 64))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// text keeps a spreadsheet from reading a name as a formula (CSV injection).
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
