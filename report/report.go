// Package report lays a unit's figures (store.Summary) out as the provincial report forms look —
// the summary of how administrative procedures were settled, by field and procedure, and by
// channel — and writes them as Excel workbooks or CSV. It reads no database of its own.
package report

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/stats"
	"github.com/motcua/motcua/store"
)

// The reports there are: the name is what the URL and the command line say.
const (
	Summary   = "tong-hop"  // by field and procedure; the workbook also has the sheets by channel and by level
	ByChannel = "theo-kenh" // by channel alone
	ByLevel   = "theo-cap"  // by the level of the competent unit alone
)

// The reports of the dashboard's other tables. A workbook's further sheets are reports of their
// own too, so that each table has its CSV.
const (
	Index      = "chi-so"   // the service-quality index, every indicator with its inputs
	Ranking    = "xep-hang" // the units under one ranked by index
	Criteria   = "tieu-chi" // the nine criteria of Circular 01/2018
	Ratings    = "hai-long" // satisfaction by officer; the workbook has the sheets below
	ByCounter  = "hai-long-theo-quay"
	ByUnit     = "hai-long-theo-don-vi"
	ByProc     = "hai-long-theo-thu-tuc"
	ByRChannel = "hai-long-theo-kenh"
	Comments   = "y-kien"         // the latest reasons and comments
	Steps      = "thoi-gian-buoc" // time per step against its budget; the workbook has the late causes
	LateCauses = "nguyen-nhan-tre-han"
	Trend      = "xu-huong" // late dossiers month by month
)

// All are the reports there are, in the order a list of them gives.
var All = []string{Summary, ByChannel, ByLevel, Index, Ranking, Criteria, Ratings, ByCounter, ByUnit, ByProc, ByRChannel,
	Comments, Steps, LateCauses, Trend}

// workbooks are the reports whose workbook has more than their own table: their tables' names,
// in sheet order.
var workbooks = map[string][]string{
	Summary: {Summary, ByChannel, ByLevel},
	Ratings: {Ratings, ByCounter, ByUnit, ByProc, ByRChannel, Comments},
	Steps:   {Steps, LateCauses},
}

// Valid tells whether name is a report there is.
func Valid(name string) bool { return slices.Contains(All, name) }

// OfFigures tells whether a report is one of the figure tables: those the summary makes, which
// can be recomputed as of a past day.
func OfFigures(name string) bool { return name == Summary || name == ByChannel || name == ByLevel }

// Level is what a line of a table stands for.
type Level int

const (
	Item  Level = iota // a procedure, a channel
	Group              // a field: the subtotal of the procedures under it
	Total              // the whole table
)

// Line is one row of figures.
type Line struct {
	Level  Level
	No     string // STT: I, II … for fields, 1, 2 … for the procedures under each
	Code   string // field, procedure or channel code; empty for the total
	Label  string
	Counts stats.Counts
}

// Table is one sheet of a workbook, one CSV file.
type Table struct {
	Key    string // its report name
	Sheet  string // the sheet's name
	Title  string
	Header string // the head of the label column
	Lines  []Line // items and groups in order, the total last
}

// Report is a report ready to be written.
type Report struct {
	Name            string
	UnitCode        string
	UnitName        string
	ParentName      string // the unit's parent, written above it as forms do
	IncludeChildren bool
	TreeAt          time.Time // the sub-units as the tree stood then; zero: today's
	Only            string    // what the figures were kept to: "lĩnh vực …" or "thủ tục …", "" all
	From, To        time.Time // the days [From, To), To exclusive
	AsOf            time.Time
	Live            bool
	Tables          []Table // the figure tables
	Grids           []Grid  // the others
}

// Procedure is what a report needs to know of a procedure.
type Procedure struct {
	Name, FieldCode, FieldName string
}

// Names are the names of what a summary has the codes of.
type Names struct {
	Unit       string
	Parent     string
	Only       string // the field or procedure the figures were kept to, named: "thủ tục Cấp phiếu…"
	Procedures map[string]Procedure
	Levels     map[string]int // the competent units' administrative levels
}

// Catalog gives units and procedures by code; *store.Store is one.
type Catalog interface {
	Unit(ctx context.Context, code string) (org.Unit, error)
	Procedure(ctx context.Context, code string) (catalog.Procedure, error)
}

// NamesFor looks up the names of the unit and procedures of sum. A procedure no longer in the
// catalog keeps its code as its name.
func NamesFor(ctx context.Context, c Catalog, sum store.Summary) (Names, error) {
	n := Names{Unit: sum.Unit, Procedures: map[string]Procedure{}, Levels: map[string]int{}}
	u, err := c.Unit(ctx, sum.Unit)
	if err != nil {
		return n, fmt.Errorf("report: unit %s: %w", sum.Unit, err)
	}
	n.Unit = u.Name
	if u.ParentCode != "" {
		if p, err := c.Unit(ctx, u.ParentCode); err == nil {
			n.Parent = p.Name
		}
	}
	for _, row := range sum.Rows {
		if _, ok := n.Procedures[row.Procedure]; ok {
			continue
		}
		p, err := c.Procedure(ctx, row.Procedure)
		if err != nil {
			if motcua.ErrorCode(err) != motcua.ENOTFOUND {
				return n, fmt.Errorf("report: procedure %s: %w", row.Procedure, err)
			}
			p.Name = row.Procedure
		}
		n.Procedures[row.Procedure] = Procedure{Name: p.Name, FieldCode: p.FieldCode, FieldName: p.FieldName}
	}
	if n.Only, err = only(ctx, c, sum.Field, sum.Procedure); err != nil {
		return n, err
	}
	for _, row := range sum.Rows {
		if _, ok := n.Levels[row.Unit]; ok || row.Unit == "" {
			continue
		}
		u, err := c.Unit(ctx, row.Unit)
		if err != nil && motcua.ErrorCode(err) != motcua.ENOTFOUND {
			return n, fmt.Errorf("report: unit %s: %w", row.Unit, err)
		}
		n.Levels[row.Unit] = u.Level
	}
	return n, nil
}

// Build lays out the report name from a summary and the names of its codes.
func Build(name string, sum store.Summary, n Names) (Report, error) {
	if !OfFigures(name) {
		return Report{}, motcua.Errorf(motcua.ENOTFOUND, "unknown_report", "no report %q", name)
	}
	r := Report{Name: name, UnitCode: sum.Unit, UnitName: n.Unit, ParentName: n.Parent, IncludeChildren: sum.IncludeChildren,
		TreeAt: sum.TreeAt, From: sum.From, To: sum.To, AsOf: sum.AsOf, Live: sum.Live, Only: n.Only}
	if r.UnitName == "" {
		r.UnitName = sum.Unit
	}
	switch name {
	case Summary:
		r.Tables = append(r.Tables, byField(sum, n), byChannel(sum), byLevel(sum, n))
	case ByChannel:
		r.Tables = append(r.Tables, byChannel(sum))
	case ByLevel:
		r.Tables = append(r.Tables, byLevel(sum, n))
	}
	return r, nil
}

// vietnamese compares names in Vietnamese alphabetical order (a collator is not safe for
// concurrent use: one per table).
func vietnamese() func(a, b string) int {
	return collate.New(language.Vietnamese).CompareString
}

// byField groups the procedures under their fields, each with its subtotal, fields and the
// procedures in each in Vietnamese alphabetical order.
func byField(sum store.Summary, n Names) Table {
	t := Table{Key: Summary, Sheet: "Tổng hợp", Header: "Lĩnh vực / Thủ tục",
		Title: "BÁO CÁO TỔNG HỢP TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"}
	type field struct {
		code, name string
		counts     stats.Counts
		procs      map[string]*Line
	}
	fields := map[string]*field{}
	for _, row := range sum.Rows {
		p, ok := n.Procedures[row.Procedure]
		if !ok {
			p.Name = row.Procedure
		}
		f := fields[p.FieldCode]
		if f == nil {
			f = &field{code: p.FieldCode, name: p.FieldName, procs: map[string]*Line{}}
			if f.name == "" {
				f.name = "Lĩnh vực khác"
				if f.code != "" {
					f.name = f.code
				}
			}
			fields[p.FieldCode] = f
		}
		f.counts.Add(row.Counts)
		l := f.procs[row.Procedure]
		if l == nil {
			l = &Line{Level: Item, Code: row.Procedure, Label: p.Name}
			f.procs[row.Procedure] = l
		}
		l.Counts.Add(row.Counts)
	}
	cmp := vietnamese()
	order := make([]*field, 0, len(fields))
	for _, f := range fields {
		order = append(order, f)
	}
	sort.Slice(order, func(i, j int) bool {
		if c := cmp(order[i].name, order[j].name); c != 0 {
			return c < 0
		}
		return order[i].code < order[j].code
	})
	var total stats.Counts
	for i, f := range order {
		t.Lines = append(t.Lines, Line{Level: Group, No: roman(i + 1), Code: f.code, Label: f.name, Counts: f.counts})
		procs := make([]*Line, 0, len(f.procs))
		for _, l := range f.procs {
			procs = append(procs, l)
		}
		sort.Slice(procs, func(i, j int) bool {
			if c := cmp(procs[i].Label, procs[j].Label); c != 0 {
				return c < 0
			}
			return procs[i].Code < procs[j].Code
		})
		for k, l := range procs {
			l.No = fmt.Sprint(k + 1)
			t.Lines = append(t.Lines, *l)
		}
		total.Add(f.counts)
	}
	t.Lines = append(t.Lines, Line{Level: Total, Label: "Tổng cộng", Counts: total})
	return t
}

// channelNames are the channels in the order forms list them.
var channelNames = []struct{ code, name string }{
	{"counter", "Trực tiếp"},
	{"online", "Trực tuyến"},
	{"post", "Bưu chính công ích"},
}

// byChannel lists every channel, those without a dossier too.
func byChannel(sum store.Summary) Table {
	t := Table{Key: ByChannel, Sheet: "Theo kênh", Header: "Kênh tiếp nhận",
		Title: "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO KÊNH TIẾP NHẬN"}
	counts := map[string]*stats.Counts{}
	var others []string
	for _, row := range sum.Rows {
		c := counts[row.Channel]
		if c == nil {
			c = &stats.Counts{}
			counts[row.Channel] = c
			others = append(others, row.Channel)
		}
		c.Add(row.Counts)
	}
	var total stats.Counts
	add := func(code, name string) {
		var c stats.Counts
		if counts[code] != nil {
			c = *counts[code]
		}
		t.Lines = append(t.Lines, Line{Level: Item, No: fmt.Sprint(len(t.Lines) + 1), Code: code, Label: name, Counts: c})
		total.Add(c)
	}
	known := map[string]bool{}
	for _, ch := range channelNames {
		known[ch.code] = true
		add(ch.code, ch.name)
	}
	sort.Strings(others)
	for _, code := range others {
		if !known[code] {
			add(code, code)
		}
	}
	t.Lines = append(t.Lines, Line{Level: Total, Label: "Tổng cộng", Counts: total})
	return t
}

// byLevel lists the province's levels, those without a dossier too: a dossier counts at the
// level of the unit competent for it.
func byLevel(sum store.Summary, n Names) Table {
	t := Table{Key: ByLevel, Sheet: "Theo cấp", Header: "Cấp giải quyết",
		Title: "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO CẤP GIẢI QUYẾT"}
	counts := map[int]*stats.Counts{}
	for _, row := range sum.Rows {
		lv := n.Levels[row.Unit]
		if counts[lv] == nil {
			counts[lv] = &stats.Counts{}
		}
		counts[lv].Add(row.Counts)
	}
	levels := []int{1, 2, 3}
	for lv := range counts {
		if lv < 1 || lv > 3 {
			levels = append(levels, lv)
		}
	}
	sort.Ints(levels[3:])
	var total stats.Counts
	for _, lv := range levels {
		var c stats.Counts
		if counts[lv] != nil {
			c = *counts[lv]
		}
		t.Lines = append(t.Lines, Line{Level: Item, No: fmt.Sprint(len(t.Lines) + 1), Code: fmt.Sprint(lv), Label: org.LevelName(lv), Counts: c})
		total.Add(c)
	}
	t.Lines = append(t.Lines, Line{Level: Total, Label: "Tổng cộng", Counts: total})
	return t
}

// OnTimePct is the share of the solved that were solved early or on time, in %.
func OnTimePct(c stats.Counts) float64 { return stats.Pct(c.Early+c.OnTime, c.Solved) }

// LastDay is the period's last day (To is exclusive).
func (r Report) LastDay() time.Time { return r.To.In(calendar.Zone).AddDate(0, 0, -1) }

// Period is the period as the forms write it.
func (r Report) Period() string {
	return "Kỳ báo cáo: từ ngày " + r.From.In(calendar.Zone).Format("02/01/2006") + " đến ngày " + r.LastDay().Format("02/01/2006")
}

// Unit names the unit and whether its sub-units are in.
func (r Report) Unit() string {
	if r.Only != "" {
		return r.unit() + "; " + r.Only
	}
	return r.unit()
}

func (r Report) unit() string {
	s := "Đơn vị: " + r.UnitName + " (mã " + r.UnitCode + ")"
	if r.IncludeChildren {
		s += " và các đơn vị trực thuộc"
		if !r.TreeAt.IsZero() {
			s += " (theo cơ cấu tổ chức tại ngày " + r.TreeAt.In(calendar.Zone).Format("02/01/2006") + ")"
		}
	}
	return s
}

// FileName is the name a download of the report gets, ext "xlsx" or "csv":
// bao-cao-tong-hop-000.00.01.H62-2026-03-01-2026-03-31.xlsx.
func (r Report) FileName(ext string) string {
	return FileName(r.Name, r.UnitCode, r.From, r.LastDay(), ext)
}

// FileName is the name of a report's file for a unit and the days from..last (both included).
func FileName(name, unit string, from, last time.Time, ext string) string {
	safe := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, unit)
	return "bao-cao-" + name + "-" + safe + "-" + from.In(calendar.Zone).Format(time.DateOnly) + "-" +
		last.In(calendar.Zone).Format(time.DateOnly) + "." + ext
}

func roman(n int) string {
	var b strings.Builder
	for _, x := range []struct {
		v int
		s string
	}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for ; n >= x.v; n -= x.v {
			b.WriteString(x.s)
		}
	}
	return b.String()
}

// procedureLister lists the catalogue (*store.Store does), to name a field.
type procedureLister interface {
	SearchProcedures(ctx context.Context, q, unit string, limit int) ([]catalog.Procedure, error)
}

// only names the field or the procedure figures were kept to: "lĩnh vực Hộ tịch", "thủ tục Đăng
// ký khai sinh (mã 1.001193)"; a field is named by one of its procedures.
func only(ctx context.Context, c Catalog, field, procedure string) (string, error) {
	if procedure != "" {
		p, err := c.Procedure(ctx, procedure)
		if err != nil && motcua.ErrorCode(err) != motcua.ENOTFOUND {
			return "", err
		}
		return "thủ tục " + cmp.Or(p.Name, procedure) + " (mã " + procedure + ")", nil
	}
	if field == "" {
		return "", nil
	}
	name := field
	if fc, ok := c.(procedureLister); ok {
		procs, err := fc.SearchProcedures(ctx, "", "", 0)
		if err != nil {
			return "", err
		}
		for _, p := range procs {
			if p.FieldCode == field && p.FieldName != "" {
				name = p.FieldName
				break
			}
		}
	}
	return "lĩnh vực " + name, nil
}
