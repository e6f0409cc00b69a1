package calendar

import (
	"maps"
	"sync"
	"sync/atomic"
	"time"
)

// Calendar says which days are working days. It is immutable once built and safe for
// concurrent use; the days of each year are worked out on first use and cached.
//
// The zero Calendar counts every Saturday and Sunday as a day off and nothing else; use Default
// or WithOverride.
type Calendar struct {
	rules     bool             // apply the default rules to years without a schedule
	override  *override        // non-nil: WithOverride's days replace every built-in holiday
	schedules map[int]Schedule // official notices by year; never modified after construction

	cache [MaxYear - MinYear + 1]atomic.Pointer[yearSet]
}

// override is the day list given to WithOverride, split by year.
type override struct {
	off, work map[int][]Date
}

var builtin = sync.OnceValue(builtinSchedules)

// Default returns the calendar motcua ships: the embedded official schedules (2025, 2026) and,
// for other years, the default rules described in the package documentation.
func Default() *Calendar {
	return &Calendar{rules: true, schedules: builtin()}
}

// WithOverride returns a calendar that ignores every built-in schedule and default rule: the
// days off are the Saturdays, the Sundays and the days in off, except the days in work.
func WithOverride(off, work []Date) *Calendar {
	o := &override{off: byYear(off), work: byYear(work)}
	return &Calendar{override: o}
}

func byYear(ds []Date) map[int][]Date {
	m := make(map[int][]Date)
	for _, d := range ds {
		m[d.Year] = append(m[d.Year], d)
	}
	return m
}

// WithSchedule returns a copy of c in which the schedule s decides the days of s.Year, in place
// of a built-in schedule, the default rules or an override for that year. c is unchanged.
func (c *Calendar) WithSchedule(s Schedule) (*Calendar, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	m := maps.Clone(c.schedules)
	if m == nil {
		m = make(map[int]Schedule)
	}
	m[s.Year] = s.clone()
	return &Calendar{rules: c.rules, override: c.override, schedules: m}, nil
}

// IsWorkingDay reports whether d is a working day.
func (c *Calendar) IsWorkingDay(d Date) bool {
	ys := c.year(d.Year)
	return !ys.isOff(int(d.ordinal() - ys.jan1))
}

// Holidays returns, in order, the days of the year that fall Monday to Friday and are not
// working days: public holidays, their make-up days and swapped days off.
func (c *Calendar) Holidays(year int) []Date {
	ys := c.year(year)
	var out []Date
	for i := 0; i < ys.n; i++ {
		if ys.isOff(i) && !isWeekend(ys.jan1+int64(i)) {
			out = append(out, dateOfOrdinal(ys.jan1+int64(i)))
		}
	}
	return out
}

// Schedule returns the year as the calendar sees it, whatever it comes from: Off is Holidays(year)
// and Work the Saturdays and Sundays that are worked. Source says where the days come from.
func (c *Calendar) Schedule(year int) Schedule {
	ys := c.year(year)
	s := Schedule{Year: year, Off: []Date{}, Work: []Date{}, Source: ys.source}
	for i := 0; i < ys.n; i++ {
		ord := ys.jan1 + int64(i)
		switch weekend := isWeekend(ord); {
		case ys.isOff(i) && !weekend:
			s.Off = append(s.Off, dateOfOrdinal(ord))
		case !ys.isOff(i) && weekend:
			s.Work = append(s.Work, dateOfOrdinal(ord))
		}
	}
	return s
}

// yearSet is one year's days off as a bitmap, with a running count of working days so that
// deadline arithmetic can skip many days at once.
type yearSet struct {
	year   int
	jan1   int64 // ordinal of 1 January
	n      int   // days in the year
	off    [6]uint64
	cum    [367]uint16 // cum[i]: working days among the year's first i days
	source string
}

func (ys *yearSet) isOff(i int) bool { return ys.off[i>>6]&(1<<(i&63)) != 0 }

func (ys *yearSet) set(d Date, off bool) {
	if d.Year != ys.year {
		return
	}
	i := int(d.ordinal() - ys.jan1)
	if off {
		ys.off[i>>6] |= 1 << (i & 63)
	} else {
		ys.off[i>>6] &^= 1 << (i & 63)
	}
}

// workingIn returns the number of working days among days [i, j) of the year.
func (ys *yearSet) workingIn(i, j int) int { return int(ys.cum[j]) - int(ys.cum[i]) }

// year returns the day set of a year, computing it on first use. Years outside MinYear–MaxYear
// are not cached (nothing real happens there, and the cache stays small).
func (c *Calendar) year(y int) *yearSet {
	i := y - MinYear
	if i < 0 || i >= len(c.cache) {
		return c.build(y)
	}
	if ys := c.cache[i].Load(); ys != nil {
		return ys
	}
	ys := c.build(y)
	// Two goroutines may build the same year; both results are equal, keep the first.
	if !c.cache[i].CompareAndSwap(nil, ys) {
		ys = c.cache[i].Load()
	}
	return ys
}

func (c *Calendar) build(y int) *yearSet {
	ys := &yearSet{year: y, jan1: Date{y, time.January, 1}.ordinal(), n: daysInYear(y)}
	for i := 0; i < ys.n; i++ {
		if isWeekend(ys.jan1 + int64(i)) {
			ys.off[i>>6] |= 1 << (i & 63)
		}
	}
	switch s, ok := c.schedules[y]; {
	case ok:
		ys.source = s.Source
		for _, d := range s.Off {
			ys.set(d, true)
		}
		for _, d := range s.Work {
			ys.set(d, false)
		}
	case c.override != nil:
		ys.source = "override: Saturdays, Sundays and the listed days off, except the listed working days"
		for _, d := range c.override.off[y] {
			ys.set(d, true)
		}
		for _, d := range c.override.work[y] {
			ys.set(d, false)
		}
	case c.rules:
		ys.source = defaultSource
		for _, d := range defaultHolidays(y) {
			ys.set(d, true)
		}
	default:
		ys.source = "Saturdays and Sundays only"
	}
	for i := 0; i < ys.n; i++ {
		ys.cum[i+1] = ys.cum[i]
		if !ys.isOff(i) {
			ys.cum[i+1]++
		}
	}
	return ys
}
