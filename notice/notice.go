// Package notice decides which notices an applicant gets when their dossier changes and words
// them, in Vietnamese, for email and SMS. It does no I/O: the store queues what Plan returns in
// the same transaction as the action, and a delivery worker renders and sends it later.
package notice

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/workflow"
)

// Kind is what a notice tells the applicant.
type Kind string

const (
	Receipt     Kind = "receipt"      // the dossier was received; here is the appointment
	Supplement  Kind = "supplement"   // papers are missing
	Payment     Kind = "payment"      // a fee is due
	Reschedule  Kind = "reschedule"   // an apology and a new date
	ResultReady Kind = "result_ready" // the result waits to be collected
)

// Kinds lists every kind, in the order of a dossier's life.
var Kinds = []Kind{Receipt, Supplement, Payment, Reschedule, ResultReady}

// Channel is how a notice travels.
type Channel string

const (
	Email Channel = "email"
	SMS   Channel = "sms"
)

// Facts are what a notice's words are made from, taken from the dossier and its event when the
// action commits, so that every attempt sends the same words.
type Facts struct {
	Code      string     `json:"code"`
	Secret    string     `json:"secret"`
	Procedure string     `json:"procedure"`
	Applicant string     `json:"applicant"`
	DueAt     *time.Time `json:"due_at,omitempty"` // the appointment, or the new one after a reschedule
	OldDueAt  *time.Time `json:"old_due_at,omitempty"`
	Amount    int64      `json:"amount,omitempty"`
	Documents []string   `json:"documents,omitempty"`
	Reason    string     `json:"reason,omitempty"`
}

// Planned is one notice to queue: a kind, a channel and an address.
type Planned struct {
	Kind    Kind
	Channel Channel
	To      string
	Facts   Facts
}

// KindFor says which notice an event calls for, if any: a receipt when the dossier is received
// (by the receive action, or at once at the counter), a request when it pauses for papers or a
// fee, an apology with the new date, and word that the result is ready when processing is done.
func KindFor(ev dossier.Event) (Kind, bool) {
	switch {
	case ev.Action == workflow.Receive, ev.Action == workflow.Intake && ev.To == workflow.Received:
		return Receipt, true
	case ev.Action == workflow.RequestSupplement:
		return Supplement, true
	case ev.Action == workflow.RequestPayment:
		return Payment, true
	case ev.Action == workflow.Reschedule:
		return Reschedule, true
	case ev.Action == workflow.Forward && ev.To == workflow.Done:
		return ResultReady, true
	}
	return "", false
}

// Plan lists the notices an event on d (as it is after the event) calls for: one per channel
// the applicant gave an address for.
func Plan(d *dossier.Dossier, ev *dossier.Event) []Planned {
	kind, ok := KindFor(*ev)
	if !ok {
		return nil
	}
	f := Facts{Code: d.Code, Secret: d.TrackingSecret, Procedure: d.ProcedureName, Applicant: d.Applicant.Name}
	reason, _ := ev.Payload["reason"].(string)
	f.Reason = reason
	switch kind {
	case Receipt, ResultReady:
		f.DueAt = d.DueAt
	case Supplement, Payment:
		f.Documents = stringsOf(ev.Payload["documents"])
		f.Amount = int64Of(ev.Payload["amount"])
	case Reschedule:
		f.DueAt = d.DueAt
		if old, ok := ev.Payload["old_due"].(string); ok {
			if t, err := time.Parse(time.RFC3339, old); err == nil {
				f.OldDueAt = &t
			}
		}
	}
	var out []Planned
	if to := strings.TrimSpace(d.Applicant.Email); to != "" {
		out = append(out, Planned{Kind: kind, Channel: Email, To: to, Facts: f})
	}
	if to := strings.TrimSpace(d.Applicant.Phone); to != "" {
		out = append(out, Planned{Kind: kind, Channel: SMS, To: to, Facts: f})
	}
	return out
}

// The payload is built in Go and, for history read back, decoded from JSON: accept both.
func stringsOf(v any) []string {
	switch x := v.(type) {
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func int64Of(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int:
		return int64(x)
	case float64:
		return int64(x)
	}
	return 0
}

// Message is a notice ready to send.
type Message struct {
	// Key names the notice for good: the same on every attempt, so that a receiver that saw
	// an attempt whose acknowledgement was lost recognises the retry. Email uses it as the
	// Message-ID's left part, SMS as the idempotency key.
	Key     string
	Channel Channel
	To      string
	Subject string // email only
	Text    string
	At      time.Time // when the notice was queued: the email's Date, the same on every attempt
}

// Key is the stable name of notice id of dossier code.
func Key(id int64, code string) string { return "notice-" + strconv.FormatInt(id, 10) + "." + code }

// TrackURL is the public tracking page of a dossier, opening straight on its status.
func TrackURL(base, code, secret string) string {
	return strings.TrimRight(base, "/") + "/tra-cuu?" + url.Values{"code": {code}, "secret": {secret}}.Encode()
}

// Render words a queued notice for its channel; base is the site's public address.
func Render(id int64, kind Kind, ch Channel, to string, f Facts, at time.Time, base string) (Message, error) {
	m := Message{Key: Key(id, f.Code), Channel: ch, To: to, At: at}
	track := TrackURL(base, f.Code, f.Secret)
	switch ch {
	case Email:
		m.Subject, m.Text = email(kind, f, track, strings.TrimRight(base, "/"))
	case SMS:
		m.Text = sms(kind, f, track)
	default:
		return m, fmt.Errorf("notice %d: unknown channel %q", id, ch)
	}
	if m.Text == "" {
		return m, fmt.Errorf("notice %d: unknown kind %q", id, kind)
	}
	return m, nil
}

func email(kind Kind, f Facts, track, base string) (subject, body string) {
	var b strings.Builder
	greet := "Kính gửi Ông/Bà " + f.Applicant + ","
	if f.Applicant == "" {
		greet = "Kính gửi Ông/Bà,"
	}
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("%s", greet)
	line("")
	switch kind {
	case Receipt:
		subject = "Đã tiếp nhận hồ sơ " + f.Code
		line("Hồ sơ %s của Ông/Bà (thủ tục: %s) đã được tiếp nhận.", f.Code, f.Procedure)
		if f.DueAt != nil {
			line("Ngày hẹn trả kết quả: %s.", when(*f.DueAt))
		}
	case Supplement:
		subject = "Yêu cầu bổ sung hồ sơ " + f.Code
		line("Hồ sơ %s (thủ tục: %s) cần được bổ sung, hoàn thiện.", f.Code, f.Procedure)
		if f.Reason != "" {
			line("Lý do: %s", f.Reason)
		}
		if len(f.Documents) > 0 {
			line("Giấy tờ cần bổ sung:")
			for _, d := range f.Documents {
				line("  - %s", d)
			}
		}
		line("Thời gian giải quyết tạm dừng cho đến khi Ông/Bà bổ sung đủ giấy tờ.")
	case Payment:
		subject = "Yêu cầu nộp phí, lệ phí cho hồ sơ " + f.Code
		line("Hồ sơ %s (thủ tục: %s) cần nộp phí, lệ phí: %s.", f.Code, f.Procedure, VND(f.Amount))
		if len(f.Documents) > 0 {
			line("Khoản thu: %s.", strings.Join(f.Documents, "; "))
		}
		line("Ông/Bà có thể thanh toán trực tuyến: đăng nhập Cổng dịch vụ công tại %s/cong-dan/ho-so/%s", base, url.PathEscape(f.Code))
		line("hoặc nộp trực tiếp tại Bộ phận Một cửa.")
		line("Thời gian giải quyết tạm dừng cho đến khi Ông/Bà hoàn thành nghĩa vụ tài chính.")
	case Reschedule:
		subject = "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ " + f.Code
		line("Cơ quan giải quyết thành thật xin lỗi Ông/Bà vì hồ sơ %s (thủ tục: %s) chưa thể trả kết quả đúng hẹn.", f.Code, f.Procedure)
		if f.Reason != "" {
			line("Lý do: %s", f.Reason)
		}
		if f.OldDueAt != nil {
			line("Ngày hẹn cũ: %s.", when(*f.OldDueAt))
		}
		if f.DueAt != nil {
			line("Ngày hẹn trả kết quả mới: %s.", when(*f.DueAt))
		}
	case ResultReady:
		subject = "Đã có kết quả giải quyết hồ sơ " + f.Code
		line("Hồ sơ %s (thủ tục: %s) đã giải quyết xong.", f.Code, f.Procedure)
		line("Mời Ông/Bà nhận kết quả theo hình thức đã đăng ký.")
	default:
		return "", ""
	}
	line("")
	line("Theo dõi hồ sơ: %s", track)
	line("")
	line("Thư này được gửi tự động, vui lòng không trả lời.")
	return subject, b.String()
}

// An SMS is short and keeps its diacritics: gateways carry Unicode SMS, and Vietnamese stripped
// of its marks can read as other words.
func sms(kind Kind, f Facts, track string) string {
	switch kind {
	case Receipt:
		s := "Hồ sơ " + f.Code + " đã được tiếp nhận."
		if f.DueAt != nil {
			s = "Hồ sơ " + f.Code + " đã được tiếp nhận, hẹn trả " + when(*f.DueAt) + "."
		}
		return s + " Tra cứu: " + track
	case Supplement:
		return "Hồ sơ " + f.Code + " cần bổ sung giấy tờ. Chi tiết: " + track
	case Payment:
		return "Hồ sơ " + f.Code + " cần nộp " + VND(f.Amount) + ", có thể thanh toán trực tuyến. Chi tiết: " + track
	case Reschedule:
		s := "Xin lỗi: hồ sơ " + f.Code + " được hẹn lại"
		if f.DueAt != nil {
			s += " ngày trả " + when(*f.DueAt)
		}
		return s + ". Chi tiết: " + track
	case ResultReady:
		return "Hồ sơ " + f.Code + " đã có kết quả, mời nhận. Tra cứu: " + track
	}
	return ""
}

func when(t time.Time) string { return t.In(calendar.Zone).Format("15:04 ngày 02/01/2006") }

// VND writes an amount in đồng as Vietnamese does: 200.000 đ.
func VND(v int64) string {
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String() + " đ"
}

// Retry policy: the wait after the n-th failed attempt doubles from a minute up to an hour; after
// MaxAttempts the notice is failed and waits for an officer to retry it.
const (
	MaxAttempts = 10
	FirstWait   = time.Minute
	MaxWait     = time.Hour
)

// Backoff is how long to wait after the attempts-th failed attempt (1, 2, …).
func Backoff(attempts int) time.Duration {
	w := FirstWait
	for i := 1; i < attempts && w < MaxWait; i++ {
		w *= 2
	}
	return min(w, MaxWait)
}
