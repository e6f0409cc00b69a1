package calendar

import (
	"slices"
	"time"
)

const defaultSource = "default rules (Labour Code 2019 Art. 112), computed: no official schedule for this year"

// defaultHolidays returns the weekdays off in a year without an official schedule, by the rules
// in the package documentation. Each holiday takes one weekday: its own date, or when that is a
// Saturday, a Sunday or already taken by another holiday, the next free weekday. Tết takes the
// weekdays among its five days and then as many following free weekdays as needed to make five.
func defaultHolidays(year int) []Date {
	type holiday struct {
		date Date
		tet  bool
	}
	hs := []holiday{
		{date: Date{year, time.January, 1}},
		{date: Date{year, time.April, 30}},
		{date: Date{year, time.May, 1}},
		{date: Date{year, time.September, 1}}, // the day adjacent to National Day
		{date: Date{year, time.September, 2}},
	}
	if tet, err := LunarToSolar(Lunar{Day: 1, Month: 1, Year: year}); err == nil {
		hs = append(hs, holiday{date: tet.AddDays(-1), tet: true}) // the last day of the lunar year
	}
	if hung, err := LunarToSolar(Lunar{Day: 10, Month: 3, Year: year}); err == nil {
		hs = append(hs, holiday{date: hung})
	}
	slices.SortStableFunc(hs, func(a, b holiday) int { return a.date.Compare(b.date) })

	taken := make(map[Date]bool)
	free := func(d Date) bool {
		w := d.Weekday()
		return w != time.Saturday && w != time.Sunday && !taken[d]
	}
	for _, h := range hs {
		if !h.tet {
			d := h.date
			for !free(d) {
				d = d.AddDays(1)
			}
			taken[d] = true
			continue
		}
		n := 0
		d := h.date
		for i := 0; i < 5; i, d = i+1, d.AddDays(1) {
			if free(d) {
				taken[d] = true
				n++
			}
		}
		for ; n < 5; d = d.AddDays(1) {
			if free(d) {
				taken[d] = true
				n++
			}
		}
	}
	out := make([]Date, 0, len(taken))
	for d := range taken {
		if d.Year == year {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, Date.Compare)
	return out
}
