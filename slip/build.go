package slip

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/workflow"
)

// Intake is what the desk recorded when it took the dossier in (store.IntakeRecord, without the
// storage).
type Intake struct {
	Case        string
	Sets        int
	Delivery    string // "counter", "post" or "online"
	Place       string // outside the centre: where
	PlaceAt     *time.Time
	OfficerID   int64
	OfficerName string
	Documents   []Document // the papers received
}

// Source is what a dossier's slips are made from.
type Source struct {
	Dossier  *dossier.Dossier
	Units    map[string]org.Unit // by agency code: names, parents, phones
	Intake   *Intake             // nil when the dossier did not come through the desk
	Template catalog.Template    // the process the dossier follows (control slip)
	Clock    dossier.Clock       // its deadlines' clock (control slip)
	Now      time.Time
	SiteURL  string // scheme and host of the public portal, for the tracking address
}

// ErrNotYet is the key of the conflict Build returns for a slip the dossier does not have yet.
const ErrNotYet = "slip_not_available"

// Available reports whether the dossier has the slip: a receipt once received (and not refused),
// a supplement request once papers were asked for, a refusal once refused, an apology once
// rescheduled; every dossier has its process control slip.
func Available(k Kind, d *dossier.Dossier) bool {
	switch k {
	case Receipt:
		return d.ReceivedAt != nil && d.Status != workflow.Refused
	case Supplement:
		return latest(d, workflow.RequestSupplement) != nil
	case Refusal:
		return d.Status == workflow.Refused && latest(d, workflow.Refuse) != nil
	case Apology:
		return latest(d, workflow.Reschedule) != nil
	case Control:
		return true
	}
	return false
}

// latest is the dossier's most recent event with one of the actions, or nil.
func latest(d *dossier.Dossier, actions ...workflow.Action) *dossier.Event {
	for i := len(d.History) - 1; i >= 0; i-- {
		for _, a := range actions {
			if d.History[i].Action == a {
				return &d.History[i]
			}
		}
	}
	return nil
}

// Build words a dossier's slip of kind k. A kind that does not exist is ENOTFOUND; a slip the
// dossier does not have yet (no refusal, no reschedule) is ECONFLICT with key ErrNotYet.
func Build(k Kind, src Source) (*Slip, error) {
	d := src.Dossier
	if !k.Valid() {
		return nil, motcua.Errorf(motcua.ENOTFOUND, "not_found", "no slip %q", k)
	}
	if !Available(k, d) {
		return nil, motcua.Errorf(motcua.ECONFLICT, ErrNotYet, "dossier %s has no %s slip yet", d.Code, k)
	}
	s := newSlip(k, src)
	// The event the slip records: its date line, its reason and who signs.
	var ev *dossier.Event
	switch k {
	case Receipt:
		ev = latest(d, workflow.Intake, workflow.Receive)
	case Supplement:
		ev = latest(d, workflow.RequestSupplement)
	case Refusal:
		ev = latest(d, workflow.Refuse)
	case Apology:
		ev = latest(d, workflow.Reschedule)
	}
	s.Date = d.CreatedAt
	if k == Control {
		s.Date = src.Now
	}
	if ev != nil {
		s.Date, s.Officer = ev.At, ev.Actor
		s.Reason, _ = ev.Payload["reason"].(string)
		if docs, ok := ev.Payload["documents"].([]any); ok {
			for _, x := range docs {
				if name, ok := x.(string); ok {
					s.Missing = append(s.Missing, name)
				}
			}
		}
		s.OldDue, s.NewDue = payloadTime(ev.Payload, "old_due"), payloadTime(ev.Payload, "new_due")
	}
	if in := src.Intake; in != nil {
		s.Case, s.Documents = in.Case, in.Documents
		if in.Sets > 0 {
			s.Sets = in.Sets
		}
		if in.Delivery != "" {
			s.Delivery = delivery(in.Delivery)
		}
		if in.Place != "" {
			s.Place = in.Place
			if in.PlaceAt != nil {
				s.Place += ", " + clock(*in.PlaceAt)
			}
		}
		if k != Apology && in.OfficerName != "" && (ev == nil || ev.ActorID == in.OfficerID) {
			s.Officer = in.OfficerName
		}
	}
	if k == Control {
		s.Rows = rows(d, src)
	}
	return s, nil
}

// newSlip words what every slip of the dossier prints: the units, the applicant, the request and
// the tracking address.
func newSlip(k Kind, src Source) *Slip {
	d := src.Dossier
	unit := src.Units[d.UnitCode]
	if unit.Name == "" {
		unit.Name = d.UnitCode
	}
	s := &Slip{Kind: k, Code: d.Code, Agency: src.Units[unit.ParentCode].Name, Unit: unit.Name, UnitPhone: unit.Phone,
		Applicant: Applicant{Name: d.Applicant.Name, Type: applicantType(d.Applicant.Type), IDNumber: d.Applicant.IDNumber,
			Address: d.Applicant.Address, Phone: d.Applicant.Phone, Email: d.Applicant.Email},
		Channel: channel(d.Channel), Procedure: d.ProcedureName + " (" + d.ProcedureCode + ")", Summary: d.Summary,
		LegalTime: legalTime(d.LegalTime), Received: d.ReceivedAt, Due: d.DueAt, Sets: 1,
		Delivery: delivery(DeliveryDefault), Secret: d.TrackingSecret, Online: src.Intake == nil}
	if src.SiteURL != "" && d.TrackingSecret != "" {
		s.TrackURL = strings.TrimRight(src.SiteURL, "/") + "/tra-cuu?" +
			url.Values{"code": {d.Code}, "secret": {d.TrackingSecret}}.Encode()
	}
	return s
}

// rows words the process control slip's hand-overs.
func rows(d *dossier.Dossier, src Source) []Row {
	name := func(code string) string {
		if u, ok := src.Units[code]; ok && u.Name != "" {
			return u.Name
		}
		return code
	}
	hops := Hops(d, src.Template, src.Clock, src.Now)
	out := make([]Row, 0, len(hops))
	for _, h := range hops {
		r := Row{HandedBy: h.HandedBy, From: name(h.FromUnit), HandedAt: h.HandedAt, ReceivedAt: h.ReceivedAt,
			DueAt: h.DueAt, EndedAt: h.EndedAt, Result: results[h.Result], Final: h.Final}
		if !h.Final {
			r.Unit = name(h.Unit)
			if h.StepName != "" {
				r.Unit += " — " + h.StepName
			}
		}
		for _, ev := range h.Events {
			if line := note(ev, name); line != "" {
				r.Notes = append(r.Notes, line)
			}
		}
		out = append(out, r)
	}
	return out
}

var results = map[Result]string{ResultEarly: "Trước hạn", ResultOnTime: "Đúng hạn", ResultLate: "Quá hạn",
	ResultWithin: "Trong hạn", ResultOverdue: "Quá hạn"}

var actions = map[workflow.Action]string{
	workflow.Submit: "Nộp hồ sơ", workflow.Intake: "Tiếp nhận tại quầy", workflow.Receive: "Tiếp nhận hồ sơ",
	workflow.Refuse: "Từ chối tiếp nhận", workflow.RequestSupplement: "Yêu cầu bổ sung hồ sơ",
	workflow.RecordSupplement: "Đã bổ sung hồ sơ", workflow.Forward: "Chuyển bước tiếp theo",
	workflow.SendBack: "Trả lại bước trước", workflow.RequestPayment: "Yêu cầu nộp phí, lệ phí",
	workflow.ConfirmPayment: "Đã nộp phí, lệ phí", workflow.Reschedule: "Hẹn lại ngày trả kết quả",
	workflow.Transfer: "Chuyển đơn vị phối hợp", workflow.TransferReturn: "Trả lại đơn vị đã chuyển",
	workflow.Withdraw: "Rút hồ sơ", workflow.Stop: "Dừng xử lý", workflow.ReturnResult: "Trả kết quả",
}

// note is one history event on the control slip: what, and its reason, documents, dates, note.
// The hand-overs themselves are the rows, so a bare forward or receipt adds nothing.
func note(ev dossier.Event, name func(string) string) string {
	p := ev.Payload
	str := func(k string) string { v, _ := p[k].(string); return v }
	var parts []string
	if v := str("reason"); v != "" {
		parts = append(parts, "lý do: "+v)
	}
	if v, ok := p["amount"].(float64); ok && v > 0 {
		parts = append(parts, "số tiền: "+vnd(int64(v)))
	}
	if docs, ok := p["documents"].([]any); ok && len(docs) > 0 {
		var names []string
		for _, d := range docs {
			if s, ok := d.(string); ok {
				names = append(names, s)
			}
		}
		parts = append(parts, "giấy tờ: "+strings.Join(names, "; "))
	}
	if v := str("to_unit"); v != "" {
		parts = append(parts, "đến: "+name(v))
	}
	if v := str("result"); v != "" {
		parts = append(parts, "kết quả: "+v)
	}
	if t := payloadTime(p, "new_due"); t != nil {
		old := "—"
		if o := payloadTime(p, "old_due"); o != nil {
			old = short(*o)
		}
		parts = append(parts, "hẹn trả: "+old+" → "+short(*t))
	}
	if ev.Note != "" {
		parts = append(parts, "ghi chú: "+ev.Note)
	}
	switch ev.Action {
	case workflow.Forward, workflow.Receive, workflow.Intake, workflow.Submit:
		if len(parts) == 0 {
			return ""
		}
	}
	line := short(ev.At) + " " + actions[ev.Action]
	if len(parts) > 0 {
		line += ": " + strings.Join(parts, "; ")
	}
	return line
}

func payloadTime(p map[string]any, key string) *time.Time {
	v, _ := p[key].(string)
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil
	}
	return &t
}

// vnd writes an amount in đồng: 1.200.000 đ.
func vnd(v int64) string {
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && c != '-' && s[i-1] != '-' {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String() + " đ"
}

// DeliveryDefault is where a result is collected when the desk recorded nothing else.
const DeliveryDefault = "counter"

func delivery(d string) string {
	switch d {
	case "post":
		return "Qua dịch vụ bưu chính công ích"
	case "online":
		return "Trực tuyến (bản điện tử)"
	}
	return "Nhận trực tiếp tại Bộ phận Một cửa"
}

func channel(c catalog.Channel) string {
	switch c {
	case "counter":
		return "Trực tiếp"
	case "online":
		return "Trực tuyến"
	case "post":
		return "Bưu chính công ích"
	}
	return string(c)
}

func applicantType(t int) string {
	return map[int]string{1: "Công dân", 2: "Doanh nghiệp", 3: "Cơ quan nhà nước", 4: "Tổ chức khác"}[t]
}

func legalTime(d calendar.Duration) string {
	if d.Value <= 0 {
		return ""
	}
	v := strings.Replace(strconv.FormatFloat(d.Value, 'f', -1, 64), ".", ",", 1)
	switch d.Unit {
	case calendar.WorkingHour:
		return v + " giờ làm việc"
	case calendar.CalendarDay:
		return v + " ngày"
	}
	return v + " ngày làm việc"
}
