package calendar

import (
	"errors"
	"fmt"
	"math"
)

// MinYear and MaxYear bound the solar years the lunar conversions are valid for.
const (
	MinYear = 1900
	MaxYear = 2100
)

// ErrOutOfRange is returned for dates outside the years MinYear–MaxYear.
var ErrOutOfRange = errors.New("date outside the supported years 1900–2100")

// Lunar is a date of the Vietnamese lunar calendar. Leap marks the intercalary (nhuận) month,
// which repeats the number of the month before it.
type Lunar struct {
	Day   int  `json:"day"`
	Month int  `json:"month"`
	Year  int  `json:"year"`
	Leap  bool `json:"leap"`
}

// String formats the date as day/month/year, "10/3/2026", with "n" after a leap month: "1/6n/2025".
func (l Lunar) String() string {
	if l.Leap {
		return fmt.Sprintf("%d/%dn/%d", l.Day, l.Month, l.Year)
	}
	return fmt.Sprintf("%d/%d/%d", l.Day, l.Month, l.Year)
}

// lunarTZ is the time zone, in hours east of UTC, the Vietnamese lunar calendar is computed for.
const lunarTZ = 7.0

// jdOffset converts an ordinal day (days since 1970-01-01) to a Julian day number.
const jdOffset = 2440588

var (
	minOrdinal = Date{MinYear, 1, 1}.ordinal()
	maxOrdinal = Date{MaxYear, 12, 31}.ordinal()
)

// SolarToLunar converts a civil date to the Vietnamese lunar calendar. It returns the zero Lunar
// for dates outside the years MinYear–MaxYear and for dates that do not exist.
func SolarToLunar(d Date) Lunar {
	ord := d.ordinal()
	if !d.valid() || ord < minOrdinal || ord > maxOrdinal {
		return Lunar{}
	}
	jd := int(ord + jdOffset)
	monthStart := newMoonDay(moonIndex(jd))
	// a11 and b11 are the first days of the months 11 before and after the date; the lunar year
	// between them has 13 months when they are more than 365 days apart.
	a11 := lunarMonth11(d.Year)
	b11 := a11
	var year int
	if a11 >= monthStart {
		year = d.Year
		a11 = lunarMonth11(d.Year - 1)
	} else {
		year = d.Year + 1
		b11 = lunarMonth11(d.Year + 1)
	}
	l := Lunar{Day: jd - monthStart + 1, Year: year}
	diff := (monthStart - a11) / 29
	l.Month = diff + 11
	if b11-a11 > 365 {
		leap := leapMonthOffset(a11)
		if diff >= leap {
			l.Month = diff + 10
			l.Leap = diff == leap
		}
	}
	if l.Month > 12 {
		l.Month -= 12
	}
	if l.Month >= 11 && diff < 4 {
		l.Year--
	}
	return l
}

// LunarToSolar converts a Vietnamese lunar date to the civil date. It fails when the lunar date
// does not exist (day 30 of a 29-day month, a leap flag on a month that is not leap) or falls
// outside the years MinYear–MaxYear.
func LunarToSolar(l Lunar) (Date, error) {
	if l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return Date{}, fmt.Errorf("lunar date %s does not exist", l)
	}
	if l.Year < MinYear-1 || l.Year > MaxYear {
		return Date{}, fmt.Errorf("lunar date %s: %w", l, ErrOutOfRange)
	}
	var a11, b11 int
	if l.Month < 11 {
		a11, b11 = lunarMonth11(l.Year-1), lunarMonth11(l.Year)
	} else {
		a11, b11 = lunarMonth11(l.Year), lunarMonth11(l.Year+1)
	}
	k := moonIndex(a11)
	off := l.Month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if l.Leap && l.Month != leapMonth {
			return Date{}, fmt.Errorf("lunar date %s does not exist: month %d of %d is not leap", l, l.Month, l.Year)
		}
		if l.Leap || off >= leapOff {
			off++
		}
	} else if l.Leap {
		return Date{}, fmt.Errorf("lunar date %s does not exist: lunar year %d has no leap month", l, l.Year)
	}
	start := newMoonDay(k + off)
	if l.Day > newMoonDay(k+off+1)-start {
		return Date{}, fmt.Errorf("lunar date %s does not exist: the month has 29 days", l)
	}
	ord := int64(start+l.Day-1) - jdOffset
	if ord < minOrdinal || ord > maxOrdinal {
		return Date{}, fmt.Errorf("lunar date %s: %w", l, ErrOutOfRange)
	}
	return dateOfOrdinal(ord), nil
}

// The astronomy below follows Ho Ngoc Duc's description of the Vietnamese calendar
// (https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html), itself after Jean Meeus,
// Astronomical Algorithms: a month starts on the local day of the new moon; month 11 is the one
// containing the winter solstice; in a 13-month year the first month after month 11 with no
// major solar term (the sun longitude does not enter a new 30° sector) is the leap month.

const synodicMonth = 29.530588853

// newMoon returns the Julian date (UT, fractional) of the k-th new moon after 1900-01-01.
func newMoon(k int) float64 {
	const dr = math.Pi / 180
	t := float64(k) / 1236.85
	t2 := t * t
	t3 := t2 * t
	jd1 := 2415020.75933 + 29.53058868*float64(k) + 0.0001178*t2 - 0.000000155*t3
	jd1 += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*float64(k) - 0.0000333*t2 - 0.00000347*t3    // sun's mean anomaly
	mpr := 306.0253 + 385.81691806*float64(k) + 0.0107306*t2 + 0.00001236*t3 // moon's mean anomaly
	f := 21.2964 + 390.67050646*float64(k) - 0.0016528*t2 - 0.00000239*t3    // moon's argument of latitude
	c1 := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c1 = c1 - 0.4068*math.Sin(mpr*dr) + 0.0161*math.Sin(dr*2*mpr)
	c1 -= 0.0004 * math.Sin(dr*3*mpr)
	c1 = c1 + 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr))
	c1 = c1 - 0.0074*math.Sin(dr*(m-mpr)) + 0.0004*math.Sin(dr*(2*f+m))
	c1 = c1 - 0.0004*math.Sin(dr*(2*f-m)) - 0.0006*math.Sin(dr*(2*f+mpr))
	c1 = c1 + 0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd1 + c1 - deltaT
}

// sunLongitude returns the sun's apparent longitude in radians, in [0, 2π), at Julian date jdn.
func sunLongitude(jdn float64) float64 {
	const dr = math.Pi / 180
	t := (jdn - 2451545.0) / 36525
	t2 := t * t
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2
	dl := (1.914600 - 0.004817*t - 0.000014*t2) * math.Sin(dr*m)
	dl += (0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	return l - 2*math.Pi*math.Floor(l/(2*math.Pi))
}

// moonIndex returns the k for which newMoonDay(k) <= jdn < newMoonDay(k+1): the new moon that
// begins the lunar month of day jdn. The estimate from the mean synodic month can be one off
// near a new moon (2054-05-07 is such a day), hence the corrections.
func moonIndex(jdn int) int {
	k := int(math.Floor((float64(jdn) - 2415021.076998695) / synodicMonth))
	for newMoonDay(k) > jdn {
		k--
	}
	for newMoonDay(k+1) <= jdn {
		k++
	}
	return k
}

// newMoonDay returns the Julian day number of the local (UTC+7) day of the k-th new moon.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(k) + 0.5 + lunarTZ/24))
}

// sunSector returns which 30° sector (0–11) the sun is in at the start of local day jdn.
func sunSector(jdn int) int {
	return int(math.Floor(sunLongitude(float64(jdn)-0.5-lunarTZ/24) / math.Pi * 6))
}

// lunarMonth11 returns the Julian day number on which month 11 of lunar year y begins: the
// month that contains the winter solstice of solar year y.
func lunarMonth11(y int) int {
	k := moonIndex(int(Date{y, 12, 31}.ordinal() + jdOffset))
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 { // the month began after the solstice
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset returns, for a 13-month year whose month 11 begins on day a11, how many months
// after month 11 the leap month comes.
func leapMonthOffset(a11 int) int {
	k := moonIndex(a11)
	i := 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}
