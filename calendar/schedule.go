package calendar

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"time"
)

// Schedule is one year's official holiday notice: the days off on top of Saturdays and Sundays,
// and the Saturdays or Sundays that are worked in exchange for a day off.
type Schedule struct {
	Year   int    `json:"year"`
	Off    []Date `json:"off"`
	Work   []Date `json:"work"`
	Source string `json:"source,omitempty"` // the notice the data comes from
}

// maxSchedule bounds a schedule file; a real one is a few hundred bytes.
const maxSchedule = 1 << 20

// ParseSchedule reads a schedule in its JSON form,
// {"year":2026,"off":["2026-01-01",…],"work":[…],"source":"…"}, and validates it. Unknown
// fields are rejected so that a misspelt key does not silently drop holidays.
func ParseSchedule(r io.Reader) (Schedule, error) {
	dec := json.NewDecoder(io.LimitReader(r, maxSchedule))
	dec.DisallowUnknownFields()
	var s Schedule
	if err := dec.Decode(&s); err != nil {
		return Schedule{}, fmt.Errorf("read schedule: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Schedule{}, errors.New("read schedule: unexpected data after the JSON object")
	}
	if err := s.Validate(); err != nil {
		return Schedule{}, err
	}
	return s, nil
}

// Validate checks that every date lies in the schedule's year, that no day is both off and
// worked, and that worked days are Saturdays or Sundays (a weekday is worked anyway).
func (s Schedule) Validate() error {
	if s.Year < 1 || s.Year > 9999 {
		return fmt.Errorf("schedule: invalid year %d", s.Year)
	}
	off := make(map[Date]bool, len(s.Off))
	for _, d := range s.Off {
		if d.Year != s.Year || !d.valid() {
			return fmt.Errorf("schedule %d: day off %s is not in %d", s.Year, d, s.Year)
		}
		off[d] = true
	}
	for _, d := range s.Work {
		if d.Year != s.Year || !d.valid() {
			return fmt.Errorf("schedule %d: working day %s is not in %d", s.Year, d, s.Year)
		}
		if off[d] {
			return fmt.Errorf("schedule %d: %s is both a day off and a working day", s.Year, d)
		}
		if w := d.Weekday(); w != time.Saturday && w != time.Sunday {
			return fmt.Errorf("schedule %d: working day %s is a %s, not a Saturday or Sunday", s.Year, d, w)
		}
	}
	return nil
}

// clone returns a deep copy with sorted, de-duplicated dates, so that a Calendar does not share
// slices with its caller.
func (s Schedule) clone() Schedule {
	c := s
	c.Off = sortedDates(s.Off)
	c.Work = sortedDates(s.Work)
	return c
}

func sortedDates(ds []Date) []Date {
	out := slices.Clone(ds)
	slices.SortFunc(out, Date.Compare)
	return slices.Compact(out)
}

//go:embed schedules/*.json
var scheduleFiles embed.FS

// builtinSchedules reads the embedded official schedules. They are checked by the tests, so a
// failure here is a build mistake.
func builtinSchedules() map[int]Schedule {
	m := make(map[int]Schedule)
	names, err := fs.Glob(scheduleFiles, "schedules/*.json")
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		b, err := scheduleFiles.ReadFile(name)
		if err != nil {
			panic(err)
		}
		s, err := ParseSchedule(bytes.NewReader(b))
		if err != nil {
			panic(fmt.Sprintf("calendar: embedded %s: %v", name, err))
		}
		m[s.Year] = s.clone()
	}
	return m
}
