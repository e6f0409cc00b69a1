package calendar

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Zone is the civil time of Vietnam (UTC+7, no daylight saving). It is a fixed zone so that the
// package needs no time-zone database.
var Zone = time.FixedZone("ICT", 7*3600)

// zoneOffset is Zone's offset from UTC in seconds.
const zoneOffset = 7 * 3600

// Date is a civil date, without time of day or zone. Dates are comparable with ==.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of the instant t in Vietnam (UTC+7), whatever t's location.
func DateOf(t time.Time) Date {
	return dateOfOrdinal(floorDiv(t.Unix()+zoneOffset, 86400))
}

// ParseDate reads a date written "2006-01-02" and rejects dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != len(time.DateOnly) {
		var pe *time.ParseError
		if errors.As(err, &pe) && strings.Contains(pe.Message, "out of range") {
			return Date{}, fmt.Errorf("invalid date %q: no such day", s)
		}
		return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD", s)
	}
	y, m, d := t.Date()
	return Date{y, m, d}, nil
}

// String formats the date as "2006-01-02".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// AddDays returns the date n days after d (before it if n is negative).
func (d Date) AddDays(n int) Date { return dateOfOrdinal(d.ordinal() + int64(n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.ordinal()) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

// Time returns the instant the date begins in Vietnam: midnight UTC+7.
func (d Date) Time() time.Time {
	return time.Unix(d.ordinal()*86400-zoneOffset, 0).In(Zone)
}

// MarshalText formats the date as "2006-01-02"; JSON uses it, so a Date is a JSON string.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "2006-01-02".
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// valid reports whether d names a day that exists.
func (d Date) valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 &&
		d.Day <= daysIn(d.Year, d.Month)
}

// ordinal is the number of days from 1970-01-01 to d (proleptic Gregorian calendar), after
// Howard Hinnant's days_from_civil; it is exact for every year and needs no time.Time.
func (d Date) ordinal() int64 {
	y, m := int64(d.Year), int64(d.Month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + int64(d.Day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dateOfOrdinal is the inverse of ordinal (Hinnant's civil_from_days).
func dateOfOrdinal(z int64) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return Date{int(y), time.Month(m), int(d)}
}

// weekdayOf returns the weekday of an ordinal day; 1970-01-01 was a Thursday.
func weekdayOf(ord int64) time.Weekday { return time.Weekday(floorMod(ord+4, 7)) }

func isWeekend(ord int64) bool {
	w := weekdayOf(ord)
	return w == time.Saturday || w == time.Sunday
}

func isLeapYear(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInYear(y int) int {
	if isLeapYear(y) {
		return 366
	}
	return 365
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeapYear(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}
