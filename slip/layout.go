package slip

import (
	"strconv"
	"strings"
	"time"

	"github.com/go-fonts/dejavu/dejavuserif"
	"github.com/go-fonts/dejavu/dejavuserifbold"
	"github.com/go-fonts/dejavu/dejavuserifitalic"
	"github.com/go-pdf/fpdf"
	"github.com/skip2/go-qrcode"
	"golang.org/x/text/unicode/norm"
)

// The shared layout of every slip: the two-column heading of Vietnamese administrative documents
// (the agency on the left, the national motto on the right), a centred title, label–value facts,
// bordered tables, a tracking box with a QR code and the signature boxes. Text is drawn in DejaVu
// Serif, embedded (and subset) in each document: it has every precomposed Vietnamese letter, and
// fpdf draws each as one glyph, so stacked marks (ấ, ệ, ở) come out right.

const (
	family = "serif"
	body   = 11.0 // point size of the running text
	lineH  = 5.6  // mm per line of running text
	margin = 15.0 // mm, top, right and bottom
	left   = 25.0 // mm, the binding side
)

type page struct {
	pdf   *fpdf.Fpdf
	width float64 // between the margins
}

func newPage(s *Slip) (*page, error) {
	orientation := "P"
	if s.Kind == Control {
		orientation = "L" // eight columns of times and notes need the width
	}
	return openPage(document{orientation: orientation, title: s.Kind.Name() + " " + s.Code, subject: s.Kind.Name(),
		author: s.Unit, date: s.Date, footer: func(pageNo int) string {
			if pageNo > 1 || len(s.Rows) > 12 {
				return s.Code + " · trang " + strconv.Itoa(pageNo)
			}
			return ""
		}})
}

// document is what a PDF says about itself, and the line at the foot of its pages.
type document struct {
	orientation            string // "P" or "L"
	title, subject, author string
	date                   time.Time               // the document's dates, so the same content gives the same bytes
	footer                 func(pageNo int) string // "" for no footer on that page
}

// openPage starts an A4 document with the embedded fonts and the margins of every slip.
func openPage(d document) (*page, error) {
	pdf := fpdf.New(d.orientation, "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(family, "", dejavuserif.TTF)
	pdf.AddUTF8FontFromBytes(family, "B", dejavuserifbold.TTF)
	pdf.AddUTF8FontFromBytes(family, "I", dejavuserifitalic.TTF)
	pdf.SetMargins(left, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.SetTitle(vi(d.title), true)
	pdf.SetSubject(vi(d.subject), true)
	pdf.SetAuthor(vi(d.author), true)
	pdf.SetCreator("motcua", true)
	pdf.SetLang("vi-VN")
	pdf.SetCreationDate(d.date)
	pdf.SetModificationDate(d.date)
	pdf.SetCatalogSort(true) // fonts in a fixed order, not the map's
	pdf.SetFooterFunc(func() {
		if text := d.footer(pdf.PageNo()); text != "" {
			pdf.SetY(-10)
			pdf.SetFont(family, "I", 8)
			pdf.CellFormat(0, 4, vi(text), "", 0, "R", false, 0, "")
		}
	})
	pdf.AddPage()
	if err := pdf.Error(); err != nil {
		return nil, err
	}
	w, _ := pdf.GetPageSize()
	return &page{pdf: pdf, width: w - left - margin}, nil
}

// vi puts text in composed form: fpdf has no shaping, so a letter typed as a base and combining
// marks (NFD, as some keyboards and systems send it) would print its marks beside it.
func vi(s string) string { return norm.NFC.String(s) }

func (p *page) font(style string, size float64) { p.pdf.SetFont(family, style, size) }

// heading draws the agency block and the national motto side by side, then the title and the
// dossier code.
func (p *page) heading(s *Slip) {
	number := s.Number
	if number == "" {
		number = s.Code
	}
	p.letterhead(s.Agency, []string{s.Unit, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"}, "Số: "+number, s.Date)
	pdf := p.pdf
	p.font("B", 13.5)
	pdf.MultiCell(0, 6.8, vi(s.Kind.Title()), "", "C", false)
	if s.Kind == Fee {
		p.font("I", 10)
		pdf.MultiCell(0, 5, vi("(Bản thể hiện của biên lai điện tử)"), "", "C", false)
	}
	p.font("", body)
	pdf.Ln(1)
	p.rich("C", bold("Mã hồ sơ: ", s.Code))
	pdf.Ln(3)
}

// letterhead draws the two columns of an administrative document: on the left the agency above,
// the issuing units in bold capitals, a short rule and the number line ("" for none); on the
// right the national motto and the date. It leaves the cursor under both, ready for the title.
func (p *page) letterhead(agency string, units []string, number string, date time.Time) {
	pdf := p.pdf
	top := pdf.GetY()
	leftW := min(p.width*0.48, 95)
	rightX, rightW := left+leftW, p.width-leftW

	pdf.SetXY(left, top)
	if agency != "" {
		p.font("", 9.5)
		pdf.MultiCell(leftW, 4.8, vi(strings.ToUpper(agency)), "", "C", false)
	}
	p.font("B", 9.5)
	for _, u := range units {
		pdf.SetX(left)
		pdf.MultiCell(leftW, 4.8, vi(strings.ToUpper(u)), "", "C", false)
	}
	y := pdf.GetY() + 1.8
	pdf.SetLineWidth(0.3)
	pdf.Line(left+leftW/2-12, y, left+leftW/2+12, y)
	pdf.SetXY(left, y+1.5)
	if number != "" {
		p.font("", 10)
		pdf.MultiCell(leftW, 4.8, vi(number), "", "C", false)
	}
	leftBottom := pdf.GetY()

	pdf.SetXY(rightX, top)
	p.font("B", 10)
	pdf.MultiCell(rightW, 4.8, vi("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "", "C", false)
	p.font("B", 11)
	pdf.SetX(rightX)
	motto := vi("Độc lập - Tự do - Hạnh phúc")
	pdf.MultiCell(rightW, 5.2, motto, "", "C", false)
	y = pdf.GetY() + 0.5
	mw := pdf.GetStringWidth(motto)
	pdf.Line(rightX+(rightW-mw)/2, y, rightX+(rightW+mw)/2, y)
	pdf.SetXY(rightX, y+2.5)
	p.font("I", 10.5)
	pdf.MultiCell(rightW, 5, vi(dateLine(date)), "", "C", false)

	pdf.SetY(max(leftBottom, pdf.GetY()) + 7)
}

// para draws a paragraph of running text.
func (p *page) para(style, text string) {
	p.font(style, body)
	p.pdf.MultiCell(0, lineH, vi(text), "", "L", false)
}

// span is a run of text in one style.
type span struct{ style, text string }

// bold is a plain label followed by a bold value.
func bold(label, value string) []span { return []span{{"", label}, {"B", value}} }

// rich draws runs of text in different styles on lines that wrap; align "C" centres a
// paragraph that fits on one line.
func (p *page) rich(align string, runs []span) {
	pdf := p.pdf
	if align == "C" {
		w := 0.0
		for _, r := range runs {
			p.font(r.style, body)
			w += pdf.GetStringWidth(vi(r.text))
		}
		if w < p.width {
			pdf.SetX(left + (p.width-w)/2)
		}
	}
	for _, r := range runs {
		p.font(r.style, body)
		pdf.Write(lineH, vi(r.text))
	}
	pdf.Ln(lineH)
	p.font("", body)
}

// fact is a label and its value on the facts list; an empty value is left out.
type fact struct {
	label, value string
	strong       bool
}

// facts draws labels in a column and their values, wrapped, beside them.
func (p *page) facts(fs []fact) {
	pdf := p.pdf
	// One label width on the whole slip, so the values line up; a longer label wraps.
	labelW := 60.0
	for _, f := range fs {
		if strings.TrimSpace(f.value) == "" {
			continue
		}
		p.font("", body)
		lines := len(pdf.SplitText(vi(f.value), p.width-labelW))
		if pdf.GetY()+float64(lines)*lineH > p.bottom() {
			pdf.AddPage()
		}
		y := pdf.GetY()
		pdf.SetXY(left, y)
		p.font("", body)
		pdf.MultiCell(labelW, lineH, vi(f.label+":"), "", "L", false)
		labelEnd := pdf.GetY()
		style := ""
		if f.strong {
			style = "B"
		}
		p.font(style, body)
		pdf.SetXY(left+labelW, y)
		pdf.MultiCell(p.width-labelW, lineH, vi(f.value), "", "L", false)
		pdf.SetY(max(pdf.GetY(), labelEnd))
	}
	p.font("", body)
}

func (p *page) bottom() float64 {
	_, h := p.pdf.GetPageSize()
	return h - margin
}

// column of a table: heading, width in mm and alignment.
type column struct {
	head  string
	width float64
	align string
}

// table draws bordered rows whose cells wrap; the heading row repeats on a new page.
func (p *page) table(cols []column, rows [][]string, size float64) {
	rs := make([]tableRow, len(rows))
	for i, r := range rows {
		rs[i] = tableRow{cells: r}
	}
	p.tableRows(cols, rs, size)
}

// tableRow is a row of cells; a strong row (a subtotal, a total) is bold on grey, as the heading.
type tableRow struct {
	cells  []string
	strong bool
}

// tableRows is table with some rows strong.
func (p *page) tableRows(cols []column, rows []tableRow, size float64) {
	pdf := p.pdf
	lh := size * 0.45
	height := func(cells []string, style string) float64 {
		p.font(style, size)
		n := 1
		for i, c := range cells {
			if k := len(pdf.SplitText(vi(c), cols[i].width)); k > n {
				n = k
			}
		}
		return float64(n)*lh + 2
	}
	draw := func(cells []string, style string, fill bool) {
		h := height(cells, style)
		x, y := left, pdf.GetY()
		p.font(style, size)
		for i, c := range cells {
			fillStyle := "D"
			if fill {
				fillStyle = "FD"
			}
			pdf.Rect(x, y, cols[i].width, h, fillStyle)
			pdf.SetXY(x, y+1)
			pdf.MultiCell(cols[i].width, lh, vi(c), "", cols[i].align, false)
			x += cols[i].width
		}
		pdf.SetXY(left, y+h)
	}
	heads := make([]string, len(cols))
	for i, c := range cols {
		heads[i] = c.head
	}
	pdf.SetLineWidth(0.2)
	pdf.SetFillColor(235, 235, 235)
	headAligned := func() {
		saved := make([]string, len(cols))
		for i := range cols {
			saved[i], cols[i].align = cols[i].align, "C"
		}
		draw(heads, "B", true)
		for i := range cols {
			cols[i].align = saved[i]
		}
	}
	style := func(r tableRow) string {
		if r.strong {
			return "B"
		}
		return ""
	}
	if pdf.GetY()+height(heads, "B")+height(rows[0].cells, style(rows[0])) > p.bottom() {
		pdf.AddPage()
	}
	headAligned()
	pdf.SetAutoPageBreak(false, margin) // a row moves to the next page whole
	for _, r := range rows {
		if pdf.GetY()+height(r.cells, style(r)) > p.bottom() {
			pdf.AddPage()
			headAligned()
		}
		draw(r.cells, style(r), r.strong)
	}
	pdf.SetAutoPageBreak(true, margin)
	p.font("", body)
	pdf.Ln(2)
}

// track draws the box with the public tracking address, the code and secret, and the address
// as a QR code a phone can read.
func (p *page) track(s *Slip) {
	if s.TrackURL == "" {
		return
	}
	pdf := p.pdf
	const qrSize, pad = 30.0, 3.0
	if pdf.GetY()+qrSize+2*pad > p.bottom() {
		pdf.AddPage()
	}
	y := pdf.GetY() + 1
	textW := p.width - qrSize - 3*pad
	pdf.SetLineWidth(0.3)
	pdf.Rect(left, y, p.width, qrSize+2*pad, "D")
	pdf.SetXY(left+pad, y+pad)
	p.font("", 10)
	pdf.MultiCell(textW, 5, vi("Tra cứu tình trạng hồ sơ tại:"), "", "L", false)
	pdf.SetX(left + pad)
	p.font("I", 9)
	urlY := pdf.GetY()
	pdf.MultiCell(textW, 4.5, s.TrackURL, "", "L", false)
	pdf.LinkString(left+pad, urlY, textW, pdf.GetY()-urlY, s.TrackURL)
	pdf.SetX(left + pad)
	pdf.Ln(1)
	pdf.SetX(left + pad)
	p.font("", 10)
	pdf.Write(5, vi("Mã hồ sơ: "))
	p.font("B", 10)
	pdf.Write(5, s.Code)
	pdf.Ln(5)
	pdf.SetX(left + pad)
	p.font("", 10)
	pdf.Write(5, vi("Mã tra cứu: "))
	p.font("B", 10)
	pdf.Write(5, s.Secret)
	pdf.Ln(5)
	pdf.SetX(left + pad)
	p.font("I", 9)
	pdf.MultiCell(textW, 4.5, vi("Quét mã QR bằng điện thoại để xem tình trạng hồ sơ."), "", "L", false)
	p.qr(s.TrackURL, left+p.width-pad-qrSize, y+pad, qrSize)
	pdf.SetXY(left, y+qrSize+2*pad+3)
	p.font("", body)
}

// qr draws content as a QR code of side size at (x, y), one filled rectangle per run of dark
// modules, so it stays sharp at any print resolution.
func (p *page) qr(content string, x, y, size float64) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return
	}
	bm := q.Bitmap() // with its quiet zone
	m := size / float64(len(bm))
	p.pdf.SetFillColor(0, 0, 0)
	for r, row := range bm {
		for c := 0; c < len(row); {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < len(row) && row[c] {
				c++
			}
			// A hair wider than the run, so neighbouring rows leave no white seam.
			p.pdf.Rect(x+float64(start)*m, y+float64(r)*m, float64(c-start)*m+0.01, m+0.01, "F")
		}
	}
	p.pdf.SetFillColor(255, 255, 255)
}

// signer is one signature box: the role, the hint and the name printed under the space.
type signer struct{ role, hint, name string }

// signatures draws the signature boxes side by side; one box goes on the right, as on the forms.
func (p *page) signatures(signers ...signer) {
	pdf := p.pdf
	const h = 38.0
	if pdf.GetY()+h > p.bottom() {
		pdf.AddPage()
	}
	pdf.Ln(4)
	y := pdf.GetY()
	w := p.width / 2
	x0 := left
	if len(signers) == 1 {
		x0 = left + w
	} else {
		w = p.width / float64(len(signers))
	}
	for i, sg := range signers {
		x := x0 + float64(i)*w
		pdf.SetXY(x, y)
		p.font("B", body)
		pdf.MultiCell(w, lineH, vi(sg.role), "", "C", false)
		pdf.SetX(x)
		p.font("I", 10)
		pdf.MultiCell(w, 5, vi(sg.hint), "", "C", false)
		if sg.name != "" {
			pdf.SetXY(x, y+h-8)
			p.font("B", body)
			pdf.MultiCell(w, lineH, vi(sg.name), "", "C", false)
		}
	}
	pdf.SetXY(left, y+h)
	p.font("", body)
}
