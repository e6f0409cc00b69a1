package slip_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/index"
	"github.com/motcua/motcua/slip"
)

// march is the index of a unit for March 2026: progress measured (3 of 6), online dossiers 0 of
// 6, digitised 1.234,5 of 2.000 (to see the number format), the rest no data.
func march(t *testing.T) index.Result {
	t.Helper()
	f, err := index.For(vn(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return index.Compute(f, map[string]index.Input{
		"progress":           {Num: 3, Den: 6, Known: true},
		"online_dossiers":    {Num: 0, Den: 6, Known: true},
		"digitised_dossiers": {Num: 1234.5, Den: 2000, Known: true},
	})
}

func writeSheet(t *testing.T, s *slip.IndexSheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := slip.WriteIndexSheet(&buf, s); err != nil {
		t.Fatal(err)
	}
	// MOTCUA_SLIP_DIR keeps the documents, to look at them (pdftoppm -png -r 80).
	if dir := os.Getenv("MOTCUA_SLIP_DIR"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "-")+".pdf"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestIndexSheet(t *testing.T) {
	r := march(t)
	sheet := &slip.IndexSheet{Agency: "Ủy ban nhân dân tỉnh Vĩnh Phúc", Unit: "Sở Tư pháp tỉnh Vĩnh Phúc", WithChildren: true,
		From: vn(1, 0, 0), To: vn(31, 0, 0), Result: r, PrintedAt: vn(5, 10, 0)}
	pdf := writeSheet(t, sheet)
	text := pdfText(t, pdf)
	for _, w := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Ngày 05 tháng 03 năm 2026",
		"ỦY BAN NHÂN DÂN TỈNH VĨNH PHÚC", "SỞ TƯ PHÁP TỈNH VĨNH PHÚC", slip.IndexSheetTitle, "766/QĐ-TTg",
		"Sở Tư pháp tỉnh Vĩnh Phúc (kèm các đơn vị trực thuộc)",
		"Kỳ đánh giá: từ ngày 01/03/2026 đến ngày 31/03/2026", r.Version,
		"I Công khai, minh bạch", "II Tiến độ giải quyết", "V Mức độ hài lòng",
		"3 / 6 (50%)", "0 / 6 (0%)", "1.234,5 / 2.000 (61,7%)", slip.NoDataText, "TỔNG CỘNG",
		"Tổng điểm: " + dec(r.Points) + " trên " + dec(r.Available) + " điểm có dữ liệu",
		"Điểm quy đổi thang 100: " + dec(r.Score) + ". Xếp loại: Chưa đủ dữ liệu để xếp loại.",
		"Thủ tục được công bố, công khai đúng hạn; Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia",
		"In lúc 10 giờ 00 phút, ngày 05/03/2026",
	} {
		if !contains(text, w) {
			t.Errorf("the sheet lacks %q\n%s", w, text)
		}
	}
	// Every indicator is on the sheet: measured ones with their points, the others as no data.
	if got, want := strings.Count(text, slip.NoDataText), len(r.NoData); got != want {
		t.Errorf("%d indicators printed as no data, want %d", got, want)
	}
	var b bytes.Buffer
	if err := slip.WriteIndexSheet(&b, sheet); err != nil || !bytes.Equal(b.Bytes(), pdf) {
		t.Errorf("two writes of one sheet differ (%v)", err)
	}
}

// The band in words, and the note when every indicator has data.
func TestIndexSheetBands(t *testing.T) {
	f, err := index.For(vn(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ratio float64
		band  string
	}{{1, "Xuất sắc"}, {0.85, "Tốt"}, {0.75, "Khá"}, {0.6, "Trung bình"}, {0.2, "Yếu"}} {
		in := map[string]index.Input{}
		for _, g := range f.Groups {
			for _, ind := range g.Indicators {
				in[ind.Key] = index.Input{Num: c.ratio * 100, Den: 100, Known: true}
			}
		}
		text := pdfText(t, writeSheet(t, &slip.IndexSheet{Unit: "UBND xã Tam Hồng", From: vn(1, 0, 0), To: vn(31, 0, 0),
			Result: index.Compute(f, in), PrintedAt: vn(5, 10, 0)}))
		if !contains(text, "Xếp loại: "+c.band) || !contains(text, "mọi chỉ số đều có dữ liệu") || strings.Contains(text, slip.NoDataText) {
			t.Errorf("ratio %v: want band %s, every indicator with data\n%s", c.ratio, c.band, text)
		}
	}
}

// A long indicator name wraps inside its cell: every word of it is printed, within the column.
func TestIndexSheetLongNamesWrap(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("Tỷ lệ rất dài ", 14))
	f := index.Formulas{Version: "thử", Groups: []index.Group{
		{Key: "a", Name: "Nhóm thứ nhất có tên " + strings.Repeat("khá lớn ", 6), Max: 60, Indicators: []index.Indicator{{Key: "x", Name: long, Max: 60}}},
		{Key: "b", Name: "Nhóm hai", Max: 40, Indicators: []index.Indicator{{Key: "y", Name: "Ngắn", Max: 40}}},
	}}
	r := index.Compute(f, map[string]index.Input{"x": {Num: 1, Den: 3, Known: true}})
	pdf := writeSheet(t, &slip.IndexSheet{Unit: "Ủy ban nhân dân thị trấn Hợp Châu, huyện Tam Đảo, tỉnh Vĩnh Phúc, tên đủ để xuống dòng",
		From: vn(1, 0, 0), To: vn(31, 0, 0), Result: r, PrintedAt: vn(5, 10, 0)})
	if !contains(pdfText(t, pdf), long) {
		t.Fatalf("the long name is not all there")
	}
	// The name column: 25 mm margin and 11 mm of STT, then 170 − 11 − 42 − 3 × 18 mm wide.
	const mm = 72 / 25.4
	from, to := 36*mm, (36+63)*mm
	n := 0
	for _, w := range wordBoxes(t, pdf) {
		if w.text != "dài" {
			continue
		}
		n++
		if w.x0 < from || w.x1 > to {
			t.Errorf("%q at %.1f–%.1f pt, outside its column %.1f–%.1f", w.text, w.x0, w.x1, from, to)
		}
	}
	if n != 14 {
		t.Errorf("%d words of the long name in the table, want 14", n)
	}
}

type wordBox struct {
	text   string
	x0, x1 float64
}

var wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)

// wordBoxes are the words of a PDF with where pdftotext finds them, in points from the left.
func wordBoxes(t *testing.T, pdf []byte) []wordBox {
	t.Helper()
	pdfText(t, pdf) // skips (or fails in CI) without pdftotext
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	var ws []wordBox
	for _, m := range wordRE.FindAllStringSubmatch(string(out), -1) {
		x0, _ := strconv.ParseFloat(m[1], 64)
		x1, _ := strconv.ParseFloat(m[2], 64)
		ws = append(ws, wordBox{m[3], x0, x1})
	}
	return ws
}

// dec writes a number as the sheet does: decimal comma, two decimals at most.
func dec(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}
