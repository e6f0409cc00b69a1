package web

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
	"github.com/skip2/go-qrcode"
)

// The slips the desk prints (DOMAIN.md §6, Circular 01/2018): the receipt and appointment slip,
// the request to complete a dossier (Mẫu 02) and the refusal. Each is an HTML page laid out for
// one A4 portrait sheet (app.css, "Counter"); the browser prints it. Every opening is written to
// the personal-data access log (screen "receipt"), since a slip shows the applicant's data.

type slipKind string

const (
	slipReceipt    slipKind = "receipt"
	slipSupplement slipKind = "supplement"
	slipRefusal    slipKind = "refusal"
)

type slipDoc struct {
	Name              string
	Originals, Copies int
}

type slipData struct {
	Kind        string
	D           *dossier.Dossier
	UnitName    string // upper case, as on the form
	UnitPlain   string
	ParentName  string
	UnitPhone   string
	DateLine    string
	Type        string
	Channel     string
	Case        string
	Docs        []slipDoc
	Sets        int
	LegalTime   string
	Received    string
	Due         string
	Delivery    string
	Place       string
	PlaceAt     string
	TrackURL    string
	QR          template.HTML
	PortalURL   string
	Reason      string
	Missing     []string
	Officer     string
	Contact     string
	ActedAt     string
	FromCounter bool
}

// slipTime writes an instant as the forms do: "08 giờ 30 phút, ngày 02/03/2026".
func slipTime(lang Lang, t time.Time) string {
	t = t.In(calendar.Zone)
	if lang == English {
		return t.Format("15:04, 02/01/2006")
	}
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", t.Hour(), t.Minute(), t.Format("02/01/2006"))
}

func slipDate(lang Lang, t time.Time) string {
	t = t.In(calendar.Zone)
	if lang == English {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("Ngày %02d tháng %02d năm %d", t.Day(), int(t.Month()), t.Year())
}

// siteURL is the scheme and host the browser used, for the addresses printed on slips.
func siteURL(r *http.Request) string {
	scheme := "http"
	if secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) counterSlip(kind slipKind) func(http.ResponseWriter, *http.Request, user.User) {
	return func(w http.ResponseWriter, r *http.Request, u user.User) {
		lang := langOf(r)
		ctx := r.Context()
		code := r.PathValue("code")
		d, err := s.store.Dossier(ctx, u, code)
		if motcua.ErrorCode(err) == motcua.ENOTFOUND {
			s.errorPage(w, r, http.StatusNotFound, "counter.notfound")
			return
		}
		if err != nil {
			s.counterInternal(w, r, "slip", err)
			return
		}
		rec, fromCounter, err := s.store.IntakeOf(ctx, u, code)
		if err != nil {
			s.counterInternal(w, r, "slip intake", err)
			return
		}
		// The event the slip is about: the receipt, the latest request for papers, the refusal.
		var ev *dossier.Event
		want := map[slipKind][]workflow.Action{slipReceipt: {workflow.Intake, workflow.Receive},
			slipSupplement: {workflow.RequestSupplement}, slipRefusal: {workflow.Refuse}}[kind]
		for i := len(d.History) - 1; i >= 0; i-- {
			for _, a := range want {
				if d.History[i].Action == a && ev == nil {
					ev = &d.History[i]
				}
			}
		}
		switch {
		case kind == slipReceipt && (d.ReceivedAt == nil || d.Status == workflow.Refused):
			s.errorPage(w, r, http.StatusConflict, "counter.slip.notreceived")
			return
		case kind == slipSupplement && ev == nil:
			s.errorPage(w, r, http.StatusConflict, "counter.slip.nosupplement")
			return
		case kind == slipRefusal && (ev == nil || d.Status != workflow.Refused):
			s.errorPage(w, r, http.StatusConflict, "counter.slip.norefusal")
			return
		}
		if err := s.store.LogAccess(ctx, u, d.Code, store.ScreenReceipt); err != nil {
			s.counterInternal(w, r, "slip access log", err)
			return
		}
		units, err := s.counterUnitNames(r)
		if err != nil {
			s.counterInternal(w, r, "slip units", err)
			return
		}
		unit := units[d.UnitCode]
		data := slipData{Kind: string(kind), D: &d, UnitPlain: unit.Name, UnitName: strings.ToUpper(unit.Name),
			ParentName: strings.ToUpper(units[unit.ParentCode].Name), UnitPhone: unit.Phone,
			Channel: counterChannel(lang, d.Channel), LegalTime: counterDuration(lang, d.LegalTime),
			PortalURL: siteURL(r) + "/tra-cuu", FromCounter: fromCounter}
		if t := d.Applicant.Type; t >= 1 && t <= 4 {
			data.Type = text(lang, fmt.Sprintf("counter.type.%d", t))
		}
		data.TrackURL = siteURL(r) + "/tra-cuu?" + url.Values{"code": {d.Code}, "secret": {d.TrackingSecret}}.Encode()
		data.QR = slipQR(data.TrackURL, text(lang, "counter.slip.qr"))
		at := d.CreatedAt
		if ev != nil {
			at = ev.At
			data.Officer = ev.Actor
			if reason, ok := ev.Payload["reason"].(string); ok {
				data.Reason = reason
			}
			if docs, ok := ev.Payload["documents"].([]any); ok {
				for _, x := range docs {
					if name, ok := x.(string); ok {
						data.Missing = append(data.Missing, name)
					}
				}
			}
		}
		data.DateLine, data.ActedAt = slipDate(lang, at), slipTime(lang, at)
		if d.ReceivedAt != nil {
			data.Received = slipTime(lang, *d.ReceivedAt)
		}
		if d.DueAt != nil {
			data.Due = slipTime(lang, *d.DueAt)
		}
		data.Delivery = text(lang, "counter.delivery."+store.DeliveryCounter)
		data.Sets = 1
		if fromCounter {
			data.Case, data.Sets = rec.Case, rec.Sets
			data.Delivery = text(lang, "counter.delivery."+rec.Delivery)
			data.Place = rec.Place
			if rec.PlaceAt != nil {
				data.PlaceAt = slipTime(lang, *rec.PlaceAt)
			}
			if rec.OfficerName != "" && (ev == nil || ev.ActorID == rec.OfficerID) {
				data.Officer = rec.OfficerName
			}
			for _, doc := range rec.Documents {
				if doc.Received {
					data.Docs = append(data.Docs, slipDoc{Name: doc.Name, Originals: doc.Originals, Copies: doc.Copies})
				}
			}
		}
		phone := ""
		if unit.Phone != "" {
			phone = text(lang, "counter.slip.contact.phone", unit.Phone)
		}
		data.Contact = text(lang, "counter.slip.contact", data.Officer, unit.Name, phone)
		title := map[slipKind]string{slipReceipt: "counter.slip.title", slipSupplement: "counter.slip.supplement", slipRefusal: "counter.slip.refusal"}[kind]
		s.render(w, r, http.StatusOK, "slip", title, nil, data)
	}
}

// slipQR draws the tracking address as a QR code in inline SVG, crisp on paper at any size.
func slipQR(content, label string) template.HTML {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return ""
	}
	bm := q.Bitmap() // with its quiet zone
	n := len(bm)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="cslip-qr" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges">`+
		`<path fill="#fff" d="M0 0h%dv%dH0z"/><path fill="#000" d="`, n, n, html.EscapeString(label), n, n)
	for y, row := range bm {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()) // built here from numbers and an escaped label only
}

func init() {
	addMessages(map[string][2]string{
		"counter.slip.motto1":         {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"},
		"counter.slip.motto2":         {"Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"},
		"counter.slip.desk":           {"BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "RECEPTION AND RESULTS DESK"},
		"counter.slip.number":         {"Số: %s", "No. %s"},
		"counter.slip.h.receipt":      {"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "RECEIPT AND APPOINTMENT FOR THE RESULT"},
		"counter.slip.h.supplement":   {"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "REQUEST TO COMPLETE THE DOSSIER"},
		"counter.slip.h.refusal":      {"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "REFUSAL TO ACCEPT THE DOSSIER"},
		"counter.slip.code":           {"Mã hồ sơ", "Dossier code"},
		"counter.slip.intro":          {"%s tiếp nhận hồ sơ của:", "%s received the dossier of:"},
		"counter.slip.intro.other":    {"Hồ sơ của:", "Dossier of:"},
		"counter.slip.applicant":      {"Ông/Bà", "Applicant"},
		"counter.slip.type":           {"Đối tượng", "Type"},
		"counter.slip.idnumber":       {"Số CCCD / mã số", "ID number"},
		"counter.slip.address":        {"Địa chỉ", "Address"},
		"counter.slip.phone":          {"Số điện thoại", "Phone"},
		"counter.slip.email":          {"Email", "Email"},
		"counter.slip.channel":        {"Hình thức nộp", "Submitted"},
		"counter.slip.request":        {"Nội dung yêu cầu giải quyết", "Request"},
		"counter.slip.case":           {"Trường hợp", "Case"},
		"counter.slip.docs":           {"Thành phần hồ sơ đã nhận", "Papers received"},
		"counter.slip.docs.no":        {"STT", "No."},
		"counter.slip.docs.name":      {"Tên giấy tờ", "Paper"},
		"counter.slip.docs.orig":      {"Bản chính", "Originals"},
		"counter.slip.docs.copy":      {"Bản sao", "Copies"},
		"counter.slip.docs.online":    {"Hồ sơ điện tử nộp qua Cổng dịch vụ công.", "Electronic dossier submitted through the portal."},
		"counter.slip.sets":           {"Số lượng hồ sơ: %d bộ", "Number of sets: %d"},
		"counter.slip.legal":          {"Thời gian giải quyết theo quy định", "Processing time by law"},
		"counter.slip.received":       {"Thời gian nhận hồ sơ", "Received at"},
		"counter.slip.due":            {"Thời gian trả kết quả giải quyết hồ sơ", "Result due at"},
		"counter.slip.place":          {"Tiếp nhận ngoài trụ sở", "Taken in outside the centre"},
		"counter.slip.delivery":       {"Nhận kết quả", "Result collected"},
		"counter.slip.track":          {"Tra cứu tình trạng hồ sơ tại", "Track the dossier at"},
		"counter.slip.secret":         {"Mã tra cứu", "Tracking code"},
		"counter.slip.sign.applicant": {"NGƯỜI NỘP HỒ SƠ", "APPLICANT"},
		"counter.slip.sign.officer":   {"NGƯỜI TIẾP NHẬN HỒ SƠ", "RECEIVING OFFICER"},
		"counter.slip.sign.guide":     {"NGƯỜI HƯỚNG DẪN", "GUIDING OFFICER"},
		"counter.slip.sign.hint":      {"(Ký và ghi rõ họ tên)", "(Signature and full name)"},
		"counter.slip.missing":        {"Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", "Please complete the dossier with:"},
		"counter.slip.reason":         {"Lý do", "Reason"},
		"counter.slip.contact":        {"Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ %s, %s%s để được hướng dẫn.", "If anything is unclear while completing the dossier, contact %s, %s%s for guidance."},
		"counter.slip.contact.phone":  {", điện thoại %s", ", phone %s"},
		"counter.slip.refused":        {"Qua xem xét, %s từ chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:", "Having examined it, %s does not accept this dossier, for this reason:"},
		"counter.slip.inform":         {"Xin thông báo để ông/bà được biết và thực hiện./.", "We inform you accordingly."},
	})
}
