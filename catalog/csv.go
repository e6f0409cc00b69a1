package catalog

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/motcua/motcua/calendar"
)

// MaxCSVRows bounds a CSV import, header excluded.
const MaxCSVRows = 10000

// CSV columns, documented in docs/catalog-csv.md. Columns are found by their header name, in any
// order; a column not listed here is an error, so a misspelt header is not silently ignored.
const (
	colCode           = "code"
	colName           = "name"
	colFieldCode      = "field_code"
	colFieldName      = "field_name"
	colLevels         = "levels"
	colOnlineLevel    = "online_level"
	colCounterDays    = "counter_days"
	colOnlineDays     = "online_days"
	colPostDays       = "post_days"
	colTimeUnit       = "time_unit"
	colFee            = "fee"
	colFeeDescription = "fee_description"
	colUnitCodes      = "unit_codes"
	colLegalBasis     = "legal_basis"
	colResults        = "results"
	colApplicants     = "applicants"
)

// CSVColumns lists the CSV columns in their documented order.
var CSVColumns = []string{colCode, colName, colFieldCode, colFieldName, colLevels, colOnlineLevel,
	colCounterDays, colOnlineDays, colPostDays, colTimeUnit, colFee, colFeeDescription, colUnitCodes,
	colLegalBasis, colResults, colApplicants}

// csvRequired are the columns a header must have; the others may be left out.
var csvRequired = []string{colCode, colName, colLevels, colCounterDays, colUnitCodes}

// RowError is a CSV import error. Row counts records from 1, the header being row 1, as a
// spreadsheet numbers them; Field is the column name ("" when the row as a whole is wrong).
type RowError struct {
	Row     int
	Field   string
	Message string
}

func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Message)
	}
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Field, e.Message)
}

// ReadCSV reads procedures from a CSV file of flat fields (one procedure per row, multi-valued
// cells separated by ";"), validating each. It is all or nothing: the first bad row returns a
// *RowError and no procedures. A UTF-8 byte-order mark, as spreadsheet programs write, is
// skipped. At most MaxCSVRows rows are read.
func ReadCSV(r io.Reader) ([]Procedure, error) {
	ps, _, err := ReadCSVRows(r)
	return ps, err
}

// ReadCSVRows is ReadCSV that also gives each procedure's row, so that a check made later
// (against the database) can still name the row.
func ReadCSVRows(r io.Reader) ([]Procedure, []int, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, &RowError{Row: 1, Message: "the header row is missing"}
	}
	if err != nil {
		return nil, nil, &RowError{Row: 1, Message: csvMessage(err)}
	}
	cols, err := csvHeader(header)
	if err != nil {
		return nil, nil, err
	}
	var out []Procedure
	var rows []int
	seen := map[string]int{}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, &RowError{Row: row, Message: csvMessage(err)}
		}
		if row-1 > MaxCSVRows {
			return nil, nil, &RowError{Row: row, Message: fmt.Sprintf("more than %d rows; split the file", MaxCSVRows)}
		}
		cell := func(name string) string {
			if i, ok := cols[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if blankRecord(rec) {
			continue // spreadsheets leave empty lines at the end
		}
		p, err := csvProcedure(cell)
		if err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				return nil, nil, &RowError{Row: row, Field: fe.Field, Message: fe.Message}
			}
			return nil, nil, &RowError{Row: row, Message: err.Error()}
		}
		if err := p.Validate(); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				return nil, nil, &RowError{Row: row, Field: csvColumnOf(&p, fe.Field), Message: fe.Message}
			}
			return nil, nil, &RowError{Row: row, Message: err.Error()}
		}
		if prev, dup := seen[p.Code]; dup {
			return nil, nil, &RowError{Row: row, Field: colCode, Message: fmt.Sprintf("code %s is already on row %d", p.Code, prev)}
		}
		seen[p.Code] = row
		out = append(out, p)
		rows = append(rows, row)
	}
	return out, rows, nil
}

func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// csvHeader maps column names to their index and checks the header.
func csvHeader(header []string) (map[string]int, error) {
	known := map[string]bool{}
	for _, c := range CSVColumns {
		known[c] = true
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !known[h] {
			return nil, &RowError{Row: 1, Field: h, Message: fmt.Sprintf("unknown column %q (see docs/catalog-csv.md)", h)}
		}
		if _, dup := cols[h]; dup {
			return nil, &RowError{Row: 1, Field: h, Message: "column given twice"}
		}
		cols[h] = i
	}
	for _, c := range csvRequired {
		if _, ok := cols[c]; !ok {
			return nil, &RowError{Row: 1, Field: c, Message: "required column is missing"}
		}
	}
	return cols, nil
}

// csvProcedure builds a procedure from one row; errors are *FieldError with the column name.
func csvProcedure(cell func(string) string) (Procedure, error) {
	p := Procedure{
		Code:        cell(colCode),
		Name:        cell(colName),
		FieldCode:   cell(colFieldCode),
		FieldName:   cell(colFieldName),
		OnlineLevel: OnlineLevel(cell(colOnlineLevel)),
		UnitCodes:   splitList(cell(colUnitCodes)),
		LegalBasis:  splitList(cell(colLegalBasis)),
		Results:     splitList(cell(colResults)),
		Applicants:  cell(colApplicants),
	}
	if p.OnlineLevel == "" {
		p.OnlineLevel = InPersonOnly
	}
	for _, s := range splitList(cell(colLevels)) {
		l, err := strconv.Atoi(s)
		if err != nil {
			return Procedure{}, fieldErr(colLevels, "%q is not a level number (0–3)", s)
		}
		p.Levels = append(p.Levels, l)
	}
	unit := calendar.Unit(cell(colTimeUnit))
	if unit == "" {
		unit = calendar.WorkingDay
	}
	if !validUnit(unit) {
		return Procedure{}, fieldErr(colTimeUnit, "%q is not working_day, working_hour or calendar_day", unit)
	}
	var fees []Fee
	if s := cell(colFee); s != "" {
		amount, err := parseFee(s)
		if err != nil {
			return Procedure{}, fieldErr(colFee, "%v", err)
		}
		desc := cell(colFeeDescription)
		if desc == "" {
			desc = "Lệ phí"
		}
		fees = []Fee{{Amount: amount, Description: desc}}
	} else if cell(colFeeDescription) != "" {
		// "Miễn lệ phí" and the like: a description without an amount is a fee of 0 đồng.
		fees = []Fee{{Amount: 0, Description: cell(colFeeDescription)}}
	}
	for _, c := range []struct {
		col      string
		ch       Channel
		required bool
	}{{colCounterDays, InPerson, true}, {colOnlineDays, Online, false}, {colPostDays, Post, false}} {
		s := cell(c.col)
		if s == "" {
			if c.required {
				return Procedure{}, fieldErr(c.col, "is required: the in-person processing time")
			}
			continue
		}
		v, err := parseNumber(s)
		if err != nil {
			return Procedure{}, fieldErr(c.col, "%v", err)
		}
		p.Channels = append(p.Channels, ChannelRule{Channel: c.ch, Time: calendar.Duration{Value: v, Unit: unit},
			Fees: append([]Fee(nil), fees...)})
	}
	return p, nil
}

// csvColumnOf maps a Validate field path back to the CSV column it came from.
func csvColumnOf(p *Procedure, field string) string {
	head, _, _ := strings.Cut(field, ".")
	name, _, _ := strings.Cut(head, "[")
	switch name {
	case "channels":
		var i int
		if _, err := fmt.Sscanf(head, "channels[%d]", &i); err == nil && i < len(p.Channels) {
			switch {
			case strings.Contains(field, ".fees"):
				return colFee
			case strings.HasSuffix(field, ".time.unit"):
				return colTimeUnit
			}
			switch p.Channels[i].Channel {
			case InPerson:
				return colCounterDays
			case Online:
				return colOnlineDays
			case Post:
				return colPostDays
			}
		}
		return colCounterDays
	case "levels":
		return colLevels
	case "unit_codes":
		return colUnitCodes
	}
	return name
}

// splitList splits a multi-valued cell on ";", dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// parseNumber reads a processing time; a decimal comma ("0,5") is accepted as spreadsheets in
// Vietnamese locales write it.
func parseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// groupedRE is an amount with thousands separators: "50.000", "1,200,000", "100 000".
var groupedRE = regexp.MustCompile(`^[0-9]{1,3}(?:[., ][0-9]{3})+$`)

// parseFee reads an amount in whole đồng, with or without thousands separators ("50.000" is fifty
// thousand đồng, as written in Vietnam); "đ" or "đồng" after the number is allowed.
func parseFee(s string) (int64, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(s), "đồng"), "đ"))
	if groupedRE.MatchString(t) {
		t = strings.NewReplacer(".", "", ",", "", " ", "").Replace(t)
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not an amount in whole đồng", s)
	}
	return v, nil
}
