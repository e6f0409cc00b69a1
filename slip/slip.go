// Package slip writes the official paper slips of a dossier (DOMAIN.md §6, Circular 01/2018/
// TT-VPCP) as printable A4 PDF documents, in Vietnamese, with an embedded font that has every
// Vietnamese letter; it does no I/O besides writing to the io.Writer it is given.
package slip

import (
	"fmt"
	"io"
	"time"

	"github.com/motcua/motcua/calendar"
)

// Kind names a slip; the values are the API's path segment.
type Kind string

const (
	Receipt    Kind = "receipt"    // Giấy tiếp nhận hồ sơ và hẹn trả kết quả
	Supplement Kind = "supplement" // Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)
	Refusal    Kind = "refusal"    // Phiếu từ chối tiếp nhận giải quyết hồ sơ
	Control    Kind = "control"    // Phiếu kiểm soát quá trình giải quyết hồ sơ
	Apology    Kind = "apology"    // Phiếu xin lỗi và hẹn lại ngày trả kết quả

	// Fee is the Biên lai thu phí, lệ phí of one paid payment order (BuildFee, fee.go): a dossier
	// has one per paid order, so it is not among Kinds.
	Fee Kind = "fee"
)

// Kinds are all the slips of a dossier, in the order a dossier meets them.
var Kinds = []Kind{Receipt, Supplement, Refusal, Control, Apology}

// Valid reports whether k is a known slip of a dossier (one of Kinds).
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Title is the slip's heading as printed, in capitals as on the forms.
func (k Kind) Title() string {
	switch k {
	case Receipt:
		return "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
	case Supplement:
		return "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
	case Refusal:
		return "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
	case Control:
		return "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
	case Apology:
		return "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
	case Fee:
		return "BIÊN LAI THU PHÍ, LỆ PHÍ"
	}
	return ""
}

// Name is the slip's name in a sentence ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả").
func (k Kind) Name() string {
	switch k {
	case Receipt:
		return "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
	case Supplement:
		return "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
	case Refusal:
		return "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
	case Control:
		return "Phiếu kiểm soát quá trình giải quyết hồ sơ"
	case Apology:
		return "Phiếu xin lỗi và hẹn lại ngày trả kết quả"
	case Fee:
		return "Biên lai thu phí, lệ phí"
	}
	return ""
}

// Applicant is who the dossier is for, as printed.
type Applicant struct {
	Name     string
	Type     string // "Công dân", "Doanh nghiệp" …; "" when unknown
	IDNumber string
	Address  string
	Phone    string
	Email    string
}

// Document is one paper of the checklist the desk received.
type Document struct {
	Name      string
	Originals int
	Copies    int
}

// Row is one hand-over on the process control slip, worded.
type Row struct {
	Unit       string // the unit and, after a dash, the step
	HandedBy   string
	From       string // the unit it came from; "" when from the applicant
	HandedAt   time.Time
	ReceivedAt *time.Time
	DueAt      *time.Time
	EndedAt    *time.Time
	Result     string // "Trước hạn", "Đúng hạn", "Quá hạn" …
	Notes      []string
	Final      bool // the applicant receives the result
}

// Slip is everything one printed slip shows. Build makes one from a dossier; tests and other
// callers may fill it by hand. Fields a kind does not print are ignored.
type Slip struct {
	Kind      Kind
	Code      string
	Agency    string // the receiving unit's parent, printed above it ("UBND TỈNH VĨNH PHÚC")
	Unit      string // the receiving unit
	UnitPhone string
	Date      time.Time // the slip's date line: when what it records happened
	Applicant Applicant
	Channel   string
	Procedure string // name and code
	Summary   string
	Case      string
	Place     string // where the desk took the dossier in, outside the centre

	Documents []Document
	Online    bool // an electronic dossier: no paper checklist
	Sets      int
	LegalTime string
	Received  *time.Time
	Due       *time.Time
	Delivery  string // where the result will be collected
	TrackURL  string // the public tracking page with code and secret, also drawn as a QR code
	Secret    string

	Reason  string   // refusal, supplement, apology
	Missing []string // supplement: the papers to add
	Officer string   // who signs for the unit

	OldDue, NewDue *time.Time // apology
	Rows           []Row      // control

	Number  string   // the slip's own number, printed after "Số:" in place of the code; "" for the code
	Payment *Payment // fee
}

// Write draws the slip as a PDF document on w.
func Write(w io.Writer, s *Slip) error {
	if !s.Kind.Valid() && s.Kind != Fee {
		return fmt.Errorf("slip: unknown kind %q", s.Kind)
	}
	if s.Kind == Fee && s.Payment == nil {
		return fmt.Errorf("slip: fee receipt of %s without its payment", s.Code)
	}
	p, err := newPage(s)
	if err != nil {
		return err
	}
	switch s.Kind {
	case Receipt:
		p.receipt(s)
	case Supplement:
		p.supplement(s)
	case Refusal:
		p.refusal(s)
	case Control:
		p.control(s)
	case Apology:
		p.apology(s)
	case Fee:
		p.fee(s)
	}
	if err := p.pdf.Output(w); err != nil {
		return fmt.Errorf("slip %s of %s: %w", s.Kind, s.Code, err)
	}
	return nil
}

// clock writes an instant as the forms do: "08 giờ 30 phút, ngày 02/03/2026".
func clock(t time.Time) string {
	t = t.In(calendar.Zone)
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", t.Hour(), t.Minute(), t.Format("02/01/2006"))
}

// short writes an instant compactly for table cells: "08:30 02/03/2026".
func short(t time.Time) string { return t.In(calendar.Zone).Format("15:04 02/01/2006") }

// dateLine is the date under the national motto: "Ngày 02 tháng 03 năm 2026".
func dateLine(t time.Time) string {
	t = t.In(calendar.Zone)
	return fmt.Sprintf("Ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
}
