package calendar

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Unit is the unit a processing time is counted in.
type Unit string

const (
	WorkingDay  Unit = "working_day"  // one day = one full day of office sessions
	WorkingHour Unit = "working_hour" // an hour of office sessions
	CalendarDay Unit = "calendar_day" // 24 hours, holidays included
)

// UnmarshalText accepts the three unit names and the empty string (no unit).
func (u *Unit) UnmarshalText(b []byte) error {
	switch v := Unit(b); v {
	case WorkingDay, WorkingHour, CalendarDay, "":
		*u = v
		return nil
	}
	return fmt.Errorf("invalid time unit %q: want working_day, working_hour or calendar_day", b)
}

// Duration is a processing time such as 2 working days, {"value":2,"unit":"working_day"}.
type Duration struct {
	Value float64 `json:"value"`
	Unit  Unit    `json:"unit"`
}

// WorkingTime returns the working time the duration stands for in sessions s: Value × s.Daily()
// for working days, Value hours for working hours. It returns false for calendar days, which
// are not working time. The empty unit counts as working days, the law's unit.
func (d Duration) WorkingTime(s Sessions) (time.Duration, bool) {
	switch d.Unit {
	case CalendarDay:
		return 0, false
	case WorkingHour:
		return scale(d.Value, time.Hour), true
	}
	return scale(d.Value, s.orDefault().Daily()), true
}

func scale(v float64, unit time.Duration) time.Duration {
	return time.Duration(math.Round(v * float64(unit)))
}

// Due returns the due instant of a processing time d started at from: Add for working units,
// from + Value × 24 h for calendar days (holidays do not matter). A zero or negative duration
// returns from.
func (c *Calendar) Due(s Sessions, from time.Time, d Duration) time.Time {
	if d.Unit == CalendarDay {
		if d.Value <= 0 {
			return from
		}
		return from.Add(scale(d.Value, 24*time.Hour)).In(Zone)
	}
	w, _ := d.WorkingTime(s)
	return c.Add(s, from, w)
}

// Add returns the instant at which work of working time, started at from, is used up. The clock
// runs only during sessions s on working days; the result is in Zone. A deadline that uses up
// the last minute of a session ends at the session's end (17:00), not at the next opening. Zero
// or negative work returns from unchanged. Empty sessions mean DefaultSessions.
func (c *Calendar) Add(s Sessions, from time.Time, work time.Duration) time.Time {
	if work <= 0 {
		return from
	}
	s = s.orDefault()
	daily := s.Daily()
	day, tod := split(from)
	ys := c.yearAt(day)
	for {
		if day >= ys.jan1+int64(ys.n) {
			ys = c.year(ys.year + 1)
		}
		if !ys.isOff(int(day - ys.jan1)) {
			for _, x := range s {
				if tod >= x.End {
					continue
				}
				start := max(tod, x.Start)
				avail := x.End - start
				if work <= avail {
					return instant(day, start+work)
				}
				work -= avail
			}
		}
		day, tod = day+1, 0
		if work > daily {
			// Skip whole working days at once, leaving between a minute and a full day of
			// work for the day the deadline falls on.
			k := int((work - 1) / daily)
			day, ys = c.skipWorking(day, ys, k)
			work -= time.Duration(k) * daily
		}
	}
}

// Between returns the working time in sessions s from a to b, 0 if b is not after a. It is the
// inverse of Add: Between(s, from, Add(s, from, w)) == w.
func (c *Calendar) Between(s Sessions, a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	s = s.orDefault()
	da, ta := split(a)
	db, tb := split(b)
	days := c.workingDays(da, db)
	return time.Duration(days)*s.Daily() - c.workedBy(s, da, ta) + c.workedBy(s, db, tb)
}

// workedBy returns the working time of day that has passed at time of day tod.
func (c *Calendar) workedBy(s Sessions, day int64, tod time.Duration) time.Duration {
	ys := c.yearAt(day)
	if ys.isOff(int(day - ys.jan1)) {
		return 0
	}
	var w time.Duration
	for _, x := range s {
		if tod <= x.Start {
			break
		}
		w += min(tod, x.End) - x.Start
	}
	return w
}

// workingDays counts the working days among days [lo, hi).
func (c *Calendar) workingDays(lo, hi int64) int {
	n := 0
	ys := c.yearAt(lo)
	for lo < hi {
		end := ys.jan1 + int64(ys.n)
		i := int(lo - ys.jan1)
		if hi <= end {
			return n + ys.workingIn(i, int(hi-ys.jan1))
		}
		n += ys.workingIn(i, ys.n)
		lo, ys = end, c.year(ys.year+1)
	}
	return n
}

// skipWorking returns the day after the k-th working day counted from day (included), and the
// year set of a day no earlier than the one it returns. ys is the set of day's year or the year
// before.
func (c *Calendar) skipWorking(day int64, ys *yearSet, k int) (int64, *yearSet) {
	for k > 0 {
		if day >= ys.jan1+int64(ys.n) {
			ys = c.year(ys.year + 1)
			continue
		}
		i := int(day - ys.jan1)
		if avail := ys.workingIn(i, ys.n); k > avail {
			k -= avail
			day = ys.jan1 + int64(ys.n)
			continue
		}
		target := int(ys.cum[i]) + k
		j := i + 1 + sort.Search(ys.n-i, func(x int) bool { return int(ys.cum[i+1+x]) >= target })
		return ys.jan1 + int64(j), ys
	}
	return day, ys
}

// yearAt returns the set of the year an ordinal day falls in.
func (c *Calendar) yearAt(day int64) *yearSet { return c.year(dateOfOrdinal(day).Year) }

// split returns the ordinal day and time of day of t in Vietnam.
func split(t time.Time) (int64, time.Duration) {
	sec := t.Unix() + zoneOffset
	day := floorDiv(sec, 86400)
	return day, time.Duration(sec-day*86400)*time.Second + time.Duration(t.Nanosecond())
}

// instant is the inverse of split; the result is in Zone.
func instant(day int64, tod time.Duration) time.Time {
	return time.Unix(day*86400-zoneOffset, int64(tod)).In(Zone)
}
