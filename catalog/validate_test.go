package catalog

import (
	"errors"
	"testing"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/workflow"
)

func days(v float64) calendar.Duration { return calendar.Duration{Value: v, Unit: calendar.WorkingDay} }

// validProcedure is a 3-working-day procedure with every field the validator looks at.
func validProcedure() Procedure {
	return Procedure{
		Code: "1.000656", Name: "Thủ tục đăng ký khai sinh", FieldCode: "HT", FieldName: "Hộ tịch",
		Levels: []int{3}, OnlineLevel: FullyOnline,
		Channels: []ChannelRule{
			{Channel: InPerson, Time: days(3), Fees: []Fee{{Amount: 0, Description: "Miễn lệ phí"}}},
			{Channel: Online, Time: days(3)},
		},
		Cases: []Case{{Name: "", Documents: []Document{
			{Name: "Tờ khai đăng ký khai sinh", Originals: 1, Form: "Mẫu TP/HT-2020-KS.1", Required: true},
			{Name: "Giấy chứng sinh", Originals: 1, Required: true},
		}}},
		Results:    []string{"Giấy khai sinh"},
		LegalBasis: []string{"Luật Hộ tịch 2014"},
		UnitCodes:  []string{"000.01.10.H62", "000.02.10.H62"},
	}
}

func TestProcedureValidate(t *testing.T) {
	tpl := func(budget float64, unit string) *Template {
		return &Template{Steps: []Step{
			{Key: "receive", Name: "Tiếp nhận", Role: workflow.IntakeOfficer, Unit: AtReceiving, BudgetHours: 1},
			{Key: "appraise", Name: "Thẩm định", Role: workflow.ProcessingOfficer, Unit: unit, BudgetHours: budget},
			{Key: "return", Name: "Trả kết quả", Role: workflow.IntakeOfficer, Unit: AtReceiving},
		}}
	}
	cases := []struct {
		name  string
		edit  func(p *Procedure)
		field string // "" means valid
	}{
		{"valid", func(p *Procedure) {}, ""},
		{"local code suffix", func(p *Procedure) { p.Code = "1.000656.000.00.00.H62" }, ""},
		{"province-level code", func(p *Procedure) { p.Code = "2.002154" }, ""},
		{"empty code", func(p *Procedure) { p.Code = "" }, "code"},
		{"code letters", func(p *Procedure) { p.Code = "BTP-123" }, "code"},
		{"code short", func(p *Procedure) { p.Code = "1.0006" }, "code"},
		{"code bad suffix", func(p *Procedure) { p.Code = "1.000656.abc" }, "code"},
		{"code trailing dot", func(p *Procedure) { p.Code = "1.000656." }, "code"},
		{"no name", func(p *Procedure) { p.Name = "  " }, "name"},
		{"no levels", func(p *Procedure) { p.Levels = nil }, "levels"},
		{"level 4", func(p *Procedure) { p.Levels = []int{2, 4} }, "levels[1]"},
		{"negative level", func(p *Procedure) { p.Levels = []int{-1} }, "levels[0]"},
		{"ministry level", func(p *Procedure) { p.Levels = []int{0} }, ""},
		{"bad online level", func(p *Procedure) { p.OnlineLevel = "muc_do_4" }, "online_level"},
		{"empty online level", func(p *Procedure) { p.OnlineLevel = "" }, "online_level"},
		{"online level without online channel", func(p *Procedure) { p.Channels = p.Channels[:1] }, "online_level"},
		{"truc_tiep with online channel", func(p *Procedure) { p.OnlineLevel = InPersonOnly }, "online_level"},
		{"truc_tiep counter only", func(p *Procedure) { p.OnlineLevel = InPersonOnly; p.Channels = p.Channels[:1] }, ""},
		{"no channels", func(p *Procedure) { p.Channels = nil }, "channels"},
		{"bad channel", func(p *Procedure) { p.Channels[1].Channel = "fax" }, "channels[1].channel"},
		{"duplicate channel", func(p *Procedure) { p.Channels[1].Channel = InPerson }, "channels[1].channel"},
		{"zero time", func(p *Procedure) { p.Channels[0].Time.Value = 0 }, "channels[0].time.value"},
		{"negative time", func(p *Procedure) { p.Channels[1].Time.Value = -1 }, "channels[1].time.value"},
		{"empty unit", func(p *Procedure) { p.Channels[0].Time.Unit = "" }, "channels[0].time.unit"},
		{"unknown unit", func(p *Procedure) { p.Channels[0].Time.Unit = "month" }, "channels[0].time.unit"},
		{"hours", func(p *Procedure) { p.Channels[0].Time = calendar.Duration{Value: 4, Unit: calendar.WorkingHour} }, ""},
		{"calendar days", func(p *Procedure) { p.Channels[0].Time = calendar.Duration{Value: 15, Unit: calendar.CalendarDay} }, ""},
		{"negative fee", func(p *Procedure) { p.Channels[0].Fees[0].Amount = -5 }, "channels[0].fees[0].amount"},
		{"document without name", func(p *Procedure) { p.Cases[0].Documents[1].Name = "" }, "cases[0].documents[1].name"},
		{"negative originals", func(p *Procedure) { p.Cases[0].Documents[0].Originals = -1 }, "cases[0].documents[0].originals"},
		{"negative copies", func(p *Procedure) { p.Cases[0].Documents[0].Copies = -1 }, "cases[0].documents[0].copies"},
		{"two cases, one unnamed", func(p *Procedure) {
			p.Cases = append(p.Cases, Case{Name: "Khai sinh có yếu tố nước ngoài"})
		}, "cases[0].name"},
		{"no documents at all", func(p *Procedure) { p.Cases = nil }, ""},
		{"no units", func(p *Procedure) { p.UnitCodes = nil }, "unit_codes"},
		{"bad unit", func(p *Procedure) { p.UnitCodes[1] = "000.02.10.X62" }, "unit_codes[1]"},
		{"duplicate unit", func(p *Procedure) { p.UnitCodes[1] = p.UnitCodes[0] }, "unit_codes[1]"},
		{"negative version", func(p *Procedure) { p.Version = -1 }, "version"},
		{"template fits", func(p *Procedure) { p.Template = tpl(23, AtCompetent) }, ""},
		{"template at fixed unit", func(p *Procedure) { p.Template = tpl(20, "000.00.05.H62") }, ""},
		{"template too long", func(p *Procedure) { p.Template = tpl(23.5, AtCompetent) }, "template"},
		{"template bad unit", func(p *Procedure) { p.Template = tpl(8, "the district") }, "template.steps[1].unit"},
		{"template too short", func(p *Procedure) { p.Template = &Template{Steps: tpl(1, AtCompetent).Steps[:2]} }, "template"},
		{"template in calendar days is not sized", func(p *Procedure) {
			p.Channels[0].Time = calendar.Duration{Value: 1, Unit: calendar.CalendarDay}
			p.Channels[1].Time = calendar.Duration{Value: 1, Unit: calendar.CalendarDay}
			p.Template = tpl(100, AtCompetent)
		}, ""},
		{"template sized by the shortest channel", func(p *Procedure) {
			p.Channels[0].Time = days(5)
			p.Channels[1].Time = days(2)
			p.Template = tpl(20, AtCompetent) // 21 h fits 5 days, not the 16 h of 2 days online
		}, "template"},
		{"template in hours", func(p *Procedure) {
			p.Channels[0].Time = calendar.Duration{Value: 4, Unit: calendar.WorkingHour}
			p.Template = tpl(4, AtCompetent)
		}, "template"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validProcedure()
			c.edit(&p)
			err := p.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate() = %v, want a *FieldError on %s", err, c.field)
			}
			if fe.Field != c.field {
				t.Errorf("Validate() field = %q (%v), want %q", fe.Field, err, c.field)
			}
		})
	}
}

func TestValidateCode(t *testing.T) {
	cases := map[string]bool{
		"1.000656":               true,
		"2.002154":               true,
		"1.001193.000.00.00.H62": true,
		"3.000159.000.00.15.H62": true,
		"1.000656.H62":           true,
		"10.000656":              true,
		"":                       false,
		"1000656":                false,
		"1.00065":                false,
		"1.0006567":              false,
		"1.000656.":              false,
		"1.000656.000.00.00.h62": false,
		"1.000656 ":              false,
		"a.000656":               false,
	}
	for code, ok := range cases {
		if err := ValidateCode(code); (err == nil) != ok {
			t.Errorf("ValidateCode(%q) = %v, want ok=%v", code, err, ok)
		}
	}
}
