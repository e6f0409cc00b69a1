package demo

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
)

func TestProvince(t *testing.T) {
	units, err := Province()
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]org.Unit{}
	levels := map[int]int{}
	districts, centres, sessions := 0, 0, 0
	for i, u := range units {
		if err := org.ValidateCode(u.Code); err != nil {
			t.Errorf("unit %d: %v", i, err)
		}
		if _, dup := byCode[u.Code]; dup {
			t.Errorf("unit %s listed twice", u.Code)
		}
		if u.ParentCode == "" {
			if u.Level != 1 {
				t.Errorf("unit %s has no parent but level %d", u.Code, u.Level)
			}
		} else if p, ok := byCode[u.ParentCode]; !ok {
			t.Errorf("unit %s: parent %s is not listed before it", u.Code, u.ParentCode)
		} else if p.Level != u.Level-1 {
			t.Errorf("unit %s (level %d) under %s (level %d)", u.Code, u.Level, p.Code, p.Level)
		}
		if got := org.LevelOf(u.Code); got != u.Level {
			t.Errorf("unit %s: level %d, but its code says %d", u.Code, u.Level, got)
		}
		if !strings.HasSuffix(u.Code, ".H62") {
			t.Errorf("unit %s is not in province H62", u.Code)
		}
		if u.Sessions != "" {
			if _, err := calendar.ParseSessions(u.Sessions); err != nil {
				t.Errorf("unit %s: %v", u.Code, err)
			}
			sessions++
		}
		if u.Address == "" {
			t.Errorf("unit %s has no address", u.Code)
		}
		// The seeding code tells districts and the centre apart by name.
		if u.Level == 2 && isDistrict(u) {
			districts++
		}
		if u.Level == 2 && isCentre(u) {
			centres++
		}
		byCode[u.Code] = u
		levels[u.Level]++
	}
	if levels[1] != 1 || levels[2] < 29 || levels[3] < 40 {
		t.Errorf("units by level = %v, want 1 province, ≥ 29 departments and districts, ≥ 40 communes", levels)
	}
	if districts != 9 || centres != 1 || sessions != 1 {
		t.Errorf("%d districts, %d centres, %d units with own sessions; want 9, 1, 1", districts, centres, sessions)
	}
	if units[0].Code != "000.00.00.H62" {
		t.Errorf("first unit is %s, want the province", units[0].Code)
	}
	// The demo accounts go to the first commune: it must be a commune, not an office of a department.
	for _, u := range units {
		if u.Level == 3 {
			if !strings.HasPrefix(u.Name, "UBND ") {
				t.Errorf("first level-3 unit is %s, want a commune", u.Name)
			}
			break
		}
	}
}

func TestCatalog(t *testing.T) {
	units, err := Province()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, u := range units {
		known[u.Code] = true
	}
	procs, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(procs) < 45 {
		t.Errorf("%d procedures, want at least 45", len(procs))
	}
	seen := map[string]bool{}
	online := map[catalog.OnlineLevel]int{}
	var hours, calendarDays, fractional, templates, multiCase, withPost int
	for i := range procs {
		p := &procs[i]
		if err := p.Validate(); err != nil {
			t.Errorf("procedure %s: %v", p.Code, err)
		}
		if seen[p.Code] {
			t.Errorf("procedure %s listed twice", p.Code)
		}
		seen[p.Code] = true
		for _, u := range p.UnitCodes {
			if !known[u] {
				t.Errorf("procedure %s: unit %s is not in the province", p.Code, u)
			}
		}
		if p.Template != nil {
			templates++
			for _, s := range p.Template.Steps {
				if s.Unit != catalog.AtReceiving && s.Unit != catalog.AtCompetent && !known[s.Unit] {
					t.Errorf("procedure %s: step %s at unknown unit %s", p.Code, s.Key, s.Unit)
				}
			}
		}
		if !p.AcceptsChannel(catalog.InPerson) {
			t.Errorf("procedure %s has no counter channel", p.Code)
		}
		if len(p.Cases) == 0 || len(p.Results) == 0 || len(p.LegalBasis) == 0 {
			t.Errorf("procedure %s lacks documents, results or legal basis", p.Code)
		}
		if len(p.Cases) > 1 {
			multiCase++
		}
		if p.AcceptsChannel(catalog.Post) {
			withPost++
		}
		online[p.OnlineLevel]++
		d, _ := p.TimeFor(catalog.InPerson)
		switch {
		case d.Unit == calendar.WorkingHour:
			hours++
		case d.Unit == calendar.CalendarDay:
			calendarDays++
		case d.Value != float64(int(d.Value)):
			fractional++
		}
		if d.Unit == calendar.WorkingDay && (d.Value < 0.5 || d.Value > 30) {
			t.Errorf("procedure %s: %v working days, want 0.5–30", p.Code, d.Value)
		}
	}
	if hours == 0 || calendarDays == 0 || fractional == 0 {
		t.Errorf("times: %d in hours, %d in calendar days, %d fractional; want each ≥ 1", hours, calendarDays, fractional)
	}
	if templates != 2 {
		t.Errorf("%d custom templates, want 2", templates)
	}
	if multiCase < 2 || withPost == 0 {
		t.Errorf("%d procedures with several cases, %d by post", multiCase, withPost)
	}
	for _, l := range []catalog.OnlineLevel{catalog.FullyOnline, catalog.PartlyOnline, catalog.InPersonOnly} {
		if online[l] == 0 {
			t.Errorf("no procedure at online level %s", l)
		}
	}
}
