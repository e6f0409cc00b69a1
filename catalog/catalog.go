// Package catalog holds administrative procedures as the national procedure database describes
// them, their versions and the process templates that say which steps a dossier goes through.
// It does no I/O.
package catalog

import "github.com/motcua/motcua/calendar"

// Channel is how a dossier is submitted: the national KenhThucHien codes 1–3.
type Channel string

const (
	InPerson Channel = "counter" // 1 trực tiếp
	Online   Channel = "online"  // 2 trực tuyến
	Post     Channel = "post"    // 3 bưu chính công ích
)

// Code is the national KenhThucHien code.
func (c Channel) Code() int {
	switch c {
	case InPerson:
		return 1
	case Online:
		return 2
	case Post:
		return 3
	}
	return 0
}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return c.Code() != 0 }

// OnlineLevel is the Decree 42/2022 classification of an online public service.
type OnlineLevel string

const (
	FullyOnline  OnlineLevel = "toan_trinh" // toàn trình
	PartlyOnline OnlineLevel = "mot_phan"   // một phần
	InPersonOnly OnlineLevel = "truc_tiep"  // trực tiếp (no online service)
)

// Procedure is one version of an administrative procedure (thủ tục hành chính).
type Procedure struct {
	Code        string        `json:"code"` // MATTHC, e.g. 1.000656
	Version     int           `json:"version,omitempty"`
	Name        string        `json:"name"`
	FieldCode   string        `json:"field_code"` // LINHVUCTHUCHIEN
	FieldName   string        `json:"field_name"`
	Levels      []int         `json:"levels"` // CAPTHUCHIEN: 0 ministry, 1 province, 2 district, 3 commune
	OnlineLevel OnlineLevel   `json:"online_level"`
	Channels    []ChannelRule `json:"channels"`
	Cases       []Case        `json:"cases"`              // THANHPHANHOSO grouped by TRUONGHOP
	Results     []string      `json:"results"`            // KETQUATHUCHIEN
	LegalBasis  []string      `json:"legal_basis"`        // CANCUPHAPLY
	Steps       string        `json:"steps_text"`         // TRINHTUTHUCHIEN
	Conditions  string        `json:"conditions"`         // YEUCAU
	Applicants  string        `json:"applicants"`         // who may apply
	UnitCodes   []string      `json:"unit_codes"`         // COQUANTHUCHIEN: implementing units' agency codes
	Template    *Template     `json:"template,omitempty"` // nil: the default template
}

// ChannelRule is the processing time and fee of one channel.
type ChannelRule struct {
	Channel  Channel           `json:"channel"`
	Time     calendar.Duration `json:"time"`
	TimeNote string            `json:"time_note,omitempty"`
	Fees     []Fee             `json:"fees,omitempty"`
}

// Fee is one fee or charge (phí, lệ phí) in đồng.
type Fee struct {
	Amount      int64  `json:"amount"`
	Description string `json:"description"`
}

// Case is one situation (trường hợp) with its own list of required documents.
type Case struct {
	Name      string     `json:"name"`
	Documents []Document `json:"documents"`
}

// Document is one required paper.
type Document struct {
	Name      string `json:"name"`
	Originals int    `json:"originals"`
	Copies    int    `json:"copies"`
	Form      string `json:"form,omitempty"` // form template name
	FormURL   string `json:"form_url,omitempty"`
	Required  bool   `json:"required"`
}

// TimeFor returns the processing time of a channel, falling back to the in-person one.
func (p *Procedure) TimeFor(ch Channel) (calendar.Duration, bool) {
	var fallback *ChannelRule
	for i := range p.Channels {
		if p.Channels[i].Channel == ch {
			return p.Channels[i].Time, true
		}
		if p.Channels[i].Channel == InPerson {
			fallback = &p.Channels[i]
		}
	}
	if fallback != nil {
		return fallback.Time, true
	}
	if len(p.Channels) > 0 {
		return p.Channels[0].Time, true
	}
	return calendar.Duration{}, false
}

// Implements reports whether the unit with that agency code implements the procedure.
func (p *Procedure) Implements(unitCode string) bool {
	for _, c := range p.UnitCodes {
		if c == unitCode {
			return true
		}
	}
	return false
}

// AcceptsChannel reports whether the procedure can be submitted through ch.
func (p *Procedure) AcceptsChannel(ch Channel) bool {
	for _, r := range p.Channels {
		if r.Channel == ch {
			return true
		}
	}
	return false
}
