package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/motcua/motcua/store"
)

// The trend of late dossiers as a line chart drawn on the server: received, solved and late,
// month by month, with the text alternative in words; the table under it has the same numbers.

type lineChart struct {
	ID, Title, Desc                  string
	Width, Height, Left, Right, Base int
	Series                           []lineSeries
	XLabels, YLabels                 []axisLabel
}

type lineSeries struct {
	Class, Label string
	Points       string // "x,y x,y …" for a polyline
	Dots         []axisLabel
}

type axisLabel struct {
	X, Y int
	Text string
}

const (
	lineW, lineH          = 480, 220
	lineLeft, lineRight   = 44, 468
	lineTop, lineBase     = 12, 186
	lineXLabelY           = 206
	lineMaxMonthsLabelled = 12 // more months: every other label
)

// trendChart lays the months out; nil for no month.
func trendChart(months []store.MonthFigures, lang Lang) *lineChart {
	if len(months) == 0 {
		return nil
	}
	top := 0
	for _, m := range months {
		top = max(top, m.Received, m.Solved, m.Late)
	}
	top = niceCeiling(top)
	ch := &lineChart{ID: "trend-chart", Title: text(lang, "officer.stats.trend"), Width: lineW, Height: lineH, Left: lineLeft,
		Right: lineRight, Base: lineBase}
	x := func(i int) int {
		if len(months) == 1 {
			return (lineLeft + lineRight) / 2
		}
		return lineLeft + 12 + i*(lineRight-lineLeft-24)/(len(months)-1)
	}
	y := func(v int) int { return lineBase - v*(lineBase-lineTop)/top }
	for _, v := range []int{0, top / 2, top} {
		ch.YLabels = append(ch.YLabels, axisLabel{X: lineLeft - 6, Y: y(v), Text: strconv.Itoa(v)})
	}
	every := 1
	if len(months) > lineMaxMonthsLabelled {
		every = 2
	}
	var words []string
	for i, m := range months {
		label := fmt.Sprintf("%02d/%02d", m.Month%100, m.Month/100%100)
		if i%every == 0 {
			ch.XLabels = append(ch.XLabels, axisLabel{X: x(i), Y: lineXLabelY, Text: label})
		}
		words = append(words, text(lang, "officer.stats.trend.words", fmt.Sprintf("%02d/%04d", m.Month%100, m.Month/100), m.Received, m.Solved, m.Late))
	}
	for _, s := range []struct {
		class, key string
		value      func(store.MonthFigures) int
	}{
		{"stats-line-received", "officer.stats.trend.received", func(m store.MonthFigures) int { return m.Received }},
		{"stats-line-solved", "officer.stats.trend.solved", func(m store.MonthFigures) int { return m.Solved }},
		{"stats-line-late", "officer.stats.trend.late", func(m store.MonthFigures) int { return m.Late }},
	} {
		ls := lineSeries{Class: s.class, Label: text(lang, s.key)}
		var pts []string
		for i, m := range months {
			px, py := x(i), y(s.value(m))
			pts = append(pts, fmt.Sprintf("%d,%d", px, py))
			ls.Dots = append(ls.Dots, axisLabel{X: px, Y: py})
		}
		ls.Points = strings.Join(pts, " ")
		ch.Series = append(ch.Series, ls)
	}
	ch.Desc = strings.Join(words, "; ") + "."
	return ch
}

// niceCeiling is the least of 1, 2, 5 × 10ⁿ at or above n (at least 2, so that half of it is a
// whole number).
func niceCeiling(n int) int {
	for p := 1; ; p *= 10 {
		for _, f := range []int{1, 2, 5} {
			if f*p >= n && f*p >= 2 {
				return f * p
			}
		}
	}
}

func init() {
	addMessages(map[string][2]string{
		"officer.stats.trend.words": {"tháng %s: tiếp nhận %d, đã giải quyết %d, quá hạn %d", "%s: received %d, solved %d, late %d"},
	})
}
