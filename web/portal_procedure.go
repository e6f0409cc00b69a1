package web

import (
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
)

// portalProcedure shows one procedure as a citizen needs it before applying: what it gives, who
// may apply, the documents of each case, time and fees by channel, where and how to apply, and
// the legal basis; with the way to apply online when the procedure takes online applications.
func (s *Server) portalProcedure(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if len(code) > 64 {
		s.errorPage(w, r, http.StatusNotFound, "portal.proc.notfound")
		return
	}
	p, err := s.store.Procedure(r.Context(), code)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		s.errorPage(w, r, http.StatusNotFound, "portal.proc.notfound")
		return
	}
	if err != nil {
		s.log.Error("procedure page", "code", code, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	units, err := s.store.Units(r.Context())
	if err != nil {
		s.log.Error("procedure page: units", "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "error.internal")
		return
	}
	lang := langOf(r)
	d := portalProcedureData{P: &p, Levels: portalLevelNames(lang, p.Levels), Online: text(lang, portalOnlineKey(p.OnlineLevel)),
		OnlineHint: text(lang, portalOnlineKey(p.OnlineLevel)+".hint"), OnlineTag: portalOnlineTag(p.OnlineLevel),
		ApplyOnline: p.AcceptsChannel(catalog.Online)}
	d.StepsLead, d.Steps = portalSplitSteps(p.Steps)
	if portalOnlineKey(p.OnlineLevel) == "" {
		d.Online, d.OnlineHint = "", ""
	}
	for _, c := range p.Channels {
		cv := portalChannel{Name: text(lang, portalChannelKey(c.Channel)), Time: portalDuration(lang, c.Time), Note: c.TimeNote}
		for _, f := range c.Fees {
			cv.Fees = append(cv.Fees, portalFee{Amount: portalMoney(lang, f.Amount), Description: f.Description})
		}
		d.Channels = append(d.Channels, cv)
	}
	byCode := map[string]org.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	now := s.store.Now()
	for _, c := range p.UnitCodes {
		if u, ok := byCode[c]; ok && u.ActiveAt(now) {
			d.Units = append(d.Units, portalUnit{Name: u.Name, Address: u.Address, Phone: u.Phone, Tel: portalTel(u.Phone)})
		}
	}
	if typical, err := s.store.TypicalStepHours(r.Context(), p.Code); err != nil {
		s.log.Error("procedure page: typical step times", "code", code, "err", err)
	} else if len(typical) > 0 {
		legal, _ := p.TimeFor(catalog.InPerson)
		for _, st := range p.Process(legal, 8*time.Hour).Steps {
			if h, ok := typical[st.Key]; ok {
				d.Typical = append(d.Typical, portalTypical{Name: st.Name, Usually: portalUsually(lang, h)})
			}
		}
	}
	// The procedure's name is the title; render translates a title key, and a name is no key,
	// so it comes back as it is.
	s.render(w, r, http.StatusOK, "procedure", p.Name, nil, d)
}

type portalProcedureData struct {
	P           *catalog.Procedure
	Levels      string
	Online      string
	OnlineHint  string
	OnlineTag   string
	ApplyOnline bool
	Channels    []portalChannel
	Units       []portalUnit
	StepsLead   string
	Steps       []string
	Typical     []portalTypical // how long each step of the process usually takes, from the statistics
}

// portalTypical is one step of the process and how long it usually took over the last 90 days.
type portalTypical struct {
	Name, Usually string
}

// ManyUnits tells the template to fold the list of offices (a commune procedure has dozens).
func (d portalProcedureData) ManyUnits() bool { return len(d.Units) > 10 }

type portalUnit struct{ Name, Address, Phone, Tel string }

// portalTel is a phone number for a tel: address (the template writes the scheme, which
// html/template would refuse from data): digits and a leading +, or "" when there are too few
// digits to call.
func portalTel(phone string) string {
	var b strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && b.Len() == 0 {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 {
		return ""
	}
	return b.String()
}

type portalChannel struct {
	Name, Time, Note string
	Fees             []portalFee
}

type portalFee struct{ Amount, Description string }

var portalStepMark = regexp.MustCompile(`(?i)\b(?:bước|buoc|step)\s*\d+\s*[:.)-]`)

// portalSplitSteps cuts the catalog's steps text ("Bước 1: … Bước 2: …", or one step a line) into
// the text before the first step and the steps, for a numbered list.
func portalSplitSteps(s string) (lead string, steps []string) {
	s = strings.TrimSpace(s)
	if idx := portalStepMark.FindAllStringIndex(s, -1); len(idx) >= 2 {
		for i, m := range idx {
			end := len(s)
			if i+1 < len(idx) {
				end = idx[i+1][0]
			}
			if step := strings.TrimSpace(s[m[1]:end]); step != "" {
				steps = append(steps, step)
			}
		}
		return strings.TrimSpace(s[:idx[0][0]]), steps
	}
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			steps = append(steps, line)
		}
	}
	if len(steps) == 1 {
		return steps[0], nil
	}
	return "", steps
}

// portalUsually words a typical step time: hours under a working day, else days to the half day.
func portalUsually(lang Lang, hours float64) string {
	if hours < 8 {
		return text(lang, "portal.proc.typical.hours", strconv.FormatFloat(math.Max(0.5, math.Round(hours*2)/2), 'f', -1, 64))
	}
	return text(lang, "portal.proc.typical.days", strconv.FormatFloat(math.Round(hours/8*2)/2, 'f', -1, 64))
}

func init() {
	addMessages(map[string][2]string{
		"portal.proc.typical":       {"Thời gian xử lý thực tế", "How long it usually takes"},
		"portal.proc.typical.lead":  {"Thời gian thường gặp (trung vị) của từng bước trong 90 ngày qua, tính theo giờ làm việc:", "The typical (median) time of each step over the last 90 days, in working time:"},
		"portal.proc.typical.hours": {"khoảng %s giờ làm việc", "about %s working hours"},
		"portal.proc.typical.days":  {"khoảng %s ngày làm việc", "about %s working days"},
	})
}
