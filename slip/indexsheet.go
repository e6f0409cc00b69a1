package slip

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/index"
)

// The service-quality index sheet is not a slip of a dossier but a unit's index for a period
// (Decision 766/QĐ-TTg); it is printed on the same letterhead, fonts and tables as the slips, so
// a leader can sign it or file it beside the report forms.

// IndexSheetTitle is the sheet's heading as printed.
const IndexSheetTitle = "PHIẾU CHỈ SỐ CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP"

// NoDataText is what the sheet prints for an indicator the system has no data for.
const NoDataText = "Chưa có dữ liệu"

// IndexSheet is what the index sheet shows.
type IndexSheet struct {
	Agency       string    // the unit's parent, printed above it; "" for none
	Unit         string    // the unit's name
	WithChildren bool      // the index counts the units under it too
	From, To     time.Time // the first and the last day of the period, both included
	Result       index.Result
	PrintedAt    time.Time // also the document's date, so one printing gives the same bytes
}

// WriteIndexSheet draws the index sheet as an A4 PDF document on w.
func WriteIndexSheet(w io.Writer, s *IndexSheet) error {
	p, err := openPage(document{orientation: "P", title: "Phiếu chỉ số chất lượng phục vụ — " + s.Unit,
		subject: "Chỉ số chất lượng phục vụ người dân, doanh nghiệp", author: s.Unit, date: s.PrintedAt,
		footer: func(pageNo int) string {
			// Not the unit: a long name would run past the margin.
			return "Phiếu chỉ số chất lượng phục vụ · " + day(s.From) + " – " + day(s.To) + " · trang " + strconv.Itoa(pageNo)
		}})
	if err != nil {
		return err
	}
	p.indexSheet(s)
	if err := p.pdf.Output(w); err != nil {
		return fmt.Errorf("index sheet of %s: %w", s.Unit, err)
	}
	return nil
}

func (p *page) indexSheet(s *IndexSheet) {
	pdf := p.pdf
	r := s.Result
	p.letterhead(s.Agency, []string{s.Unit}, "", s.PrintedAt)
	p.font("B", 13.5)
	// Broken where the phrase breaks, rather than wherever the width runs out.
	pdf.MultiCell(0, 6.8, vi(strings.Replace(IndexSheetTitle, " NGƯỜI DÂN", "\nNGƯỜI DÂN", 1)), "", "C", false)
	p.font("I", 10)
	pdf.MultiCell(0, 5, vi("(Theo Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp "+
		"ban hành kèm Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ)"), "", "C", false)
	pdf.Ln(3)
	unit := s.Unit
	if s.WithChildren {
		unit += " (kèm các đơn vị trực thuộc)"
	}
	p.rich("L", bold("Đơn vị được đánh giá: ", unit))
	p.rich("L", bold("Kỳ đánh giá: ", "từ ngày "+day(s.From)+" đến ngày "+day(s.To)))
	p.rich("L", []span{{"", "Bộ công thức tính điểm: " + r.Version}})
	pdf.Ln(1)

	var rows []tableRow
	n := 0
	for gi, g := range r.Groups {
		rows = append(rows, tableRow{strong: true, cells: []string{roman(gi + 1), g.Name, "",
			decimal(g.Points), decimal(g.Available), decimal(g.Max)}})
		for _, in := range g.Indicators {
			n++
			inputs, points, avail := NoDataText, "–", "–"
			if in.Input.Known && in.Input.Den > 0 {
				inputs = decimal(in.Input.Num) + " / " + decimal(in.Input.Den) + " (" + decimal(math.Round(in.Ratio*1000)/10) + "%)"
				points, avail = decimal(in.Points), decimal(in.Max)
			}
			rows = append(rows, tableRow{cells: []string{strconv.Itoa(n), in.Name, inputs, points, avail, decimal(in.Max)}})
		}
	}
	rows = append(rows, tableRow{strong: true, cells: []string{"", "TỔNG CỘNG", "", decimal(r.Points), decimal(r.Available), "100"}})
	const no, inputs, pts = 11.0, 42.0, 18.0
	p.tableRows([]column{{"STT", no, "C"}, {"Nhóm chỉ số, chỉ số thành phần", p.width - no - inputs - 3*pts, "L"},
		{"Số liệu (đạt / tổng số, tỷ lệ)", inputs, "C"}, {"Điểm đạt", pts, "C"}, {"Điểm có dữ liệu", pts, "C"},
		{"Điểm tối đa", pts, "C"}}, rows, 9)

	p.rich("L", []span{{"", "Tổng điểm: "}, {"B", decimal(r.Points)}, {"", " trên " + decimal(r.Available) +
		" điểm có dữ liệu (tối đa 100 điểm)."}})
	p.rich("L", []span{{"", "Điểm quy đổi thang 100: "}, {"B", decimal(r.Score)}, {"", ". Xếp loại: "}, {"B", bandName(r.Band) + "."}})
	p.font("I", 9)
	pdf.MultiCell(0, 4.4, vi(fmt.Sprintf("Xếp loại theo điểm quy đổi: Xuất sắc từ 90 điểm, Tốt từ 80, Khá từ 70, "+
		"Trung bình từ 50, Yếu dưới 50; chưa xếp loại khi các chỉ số có dữ liệu chiếm dưới %d điểm.", index.MinAvailable)), "", "L", false)
	pdf.Ln(1.5)
	p.font("", 10)
	pdf.MultiCell(0, 5, vi(noDataNote(r)), "", "L", false)
	pdf.Ln(2)
	p.font("I", 10)
	pdf.MultiCell(0, 5, vi("In lúc "+clock(s.PrintedAt)+"."), "", "R", false)
	p.font("", body)
}

// noDataNote names the indicators left out of the total: a reader must see what the total
// does not measure, not only by how much it falls short of 100.
func noDataNote(r index.Result) string {
	if len(r.NoData) == 0 {
		return "Ghi chú: mọi chỉ số đều có dữ liệu trong kỳ."
	}
	names := map[string]string{}
	for _, g := range r.Groups {
		for _, in := range g.Indicators {
			names[in.Key] = in.Name
		}
	}
	left := make([]string, len(r.NoData))
	for i, k := range r.NoData {
		left[i] = cmp.Or(names[k], k)
	}
	return "Ghi chú: các chỉ số chưa có dữ liệu không được tính vào tổng điểm, và điểm tối đa của chúng không được " +
		"tính vào điểm có dữ liệu (không dùng số giả định): " + strings.Join(left, "; ") + "."
}

// bandName is a grade band of index.Band in words.
func bandName(band string) string {
	switch band {
	case "excellent":
		return "Xuất sắc"
	case "good":
		return "Tốt"
	case "fair":
		return "Khá"
	case "average":
		return "Trung bình"
	case "weak":
		return "Yếu"
	}
	return "Chưa đủ dữ liệu để xếp loại"
}

// decimal writes a number as Vietnamese documents do, to two decimals at most: 1.234,5.
func decimal(v float64) string {
	sign := ""
	if v = math.Round(v*100) / 100; v < 0 {
		sign, v = "-", -v
	}
	whole, frac, _ := strings.Cut(strconv.FormatFloat(v, 'f', -1, 64), ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := sign + strings.TrimSuffix(vnd(n), " đ")
	if frac != "" {
		out += "," + frac
	}
	return out
}

// roman numbers the groups, as the forms do: I, II, III, IV, V.
func roman(n int) string {
	numerals := []struct {
		v int
		s string
	}{{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}}
	var b strings.Builder
	for _, x := range numerals {
		for ; n >= x.v; n -= x.v {
			b.WriteString(x.s)
		}
	}
	return b.String()
}

// day writes a date as dd/mm/yyyy, in Vietnam.
func day(t time.Time) string { return t.In(calendar.Zone).Format("02/01/2006") }
