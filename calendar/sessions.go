package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Session is one office session, as offsets from midnight in Vietnam (UTC+7).
type Session struct {
	Start, End time.Duration
}

// Sessions are a unit's office sessions in a working day, sorted and not overlapping.
type Sessions []Session

// DefaultSessions are motcua's office hours: 07:30–11:30 and 13:00–17:00, 8 hours a day.
var DefaultSessions = Sessions{
	{Start: 7*time.Hour + 30*time.Minute, End: 11*time.Hour + 30*time.Minute},
	{Start: 13 * time.Hour, End: 17 * time.Hour},
}

// ParseSessions reads sessions written "07:30-11:30,13:00-17:00". Each session must end after it
// starts, within the day (24:00 at the latest), and after the previous one ends.
func ParseSessions(text string) (Sessions, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, fmt.Errorf("invalid sessions %q: none given", text)
	}
	var s Sessions
	for _, part := range strings.Split(text, ",") {
		a, b, ok := strings.Cut(strings.TrimSpace(part), "-")
		if !ok {
			return nil, fmt.Errorf("invalid session %q: want HH:MM-HH:MM", part)
		}
		start, err := parseClock(strings.TrimSpace(a))
		if err != nil {
			return nil, fmt.Errorf("invalid session %q: %w", part, err)
		}
		end, err := parseClock(strings.TrimSpace(b))
		if err != nil {
			return nil, fmt.Errorf("invalid session %q: %w", part, err)
		}
		s = append(s, Session{Start: start, End: end})
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// Validate checks that there is at least one session and that the sessions lie within the day,
// in order, without overlapping.
func (s Sessions) Validate() error {
	if len(s) == 0 {
		return fmt.Errorf("invalid sessions: none given")
	}
	var prev time.Duration
	for i, x := range s {
		switch {
		case x.Start < 0 || x.End > 24*time.Hour:
			return fmt.Errorf("invalid session %s: outside the day", x)
		case x.End <= x.Start:
			return fmt.Errorf("invalid session %s: ends before it starts", x)
		case i > 0 && x.Start < prev:
			return fmt.Errorf("invalid sessions %s: %s starts before the previous session ends", s, x)
		}
		prev = x.End
	}
	return nil
}

// parseClock reads "HH:MM" (00:00–24:00).
func parseClock(v string) (time.Duration, error) {
	h, m, ok := strings.Cut(v, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("invalid time %q: want HH:MM", v)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("invalid time %q: want HH:MM", v)
	}
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
}

// Daily returns the working time of one full working day: the sum of the sessions.
func (s Sessions) Daily() time.Duration {
	var d time.Duration
	for _, x := range s {
		d += x.End - x.Start
	}
	return d
}

// String formats the sessions as ParseSessions reads them: "07:30-11:30,13:00-17:00".
func (s Sessions) String() string {
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = x.String()
	}
	return strings.Join(parts, ",")
}

// MarshalText writes the sessions as String does, so that they are a string in JSON.
func (s Sessions) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads sessions as ParseSessions does.
func (s *Sessions) UnmarshalText(b []byte) error {
	v, err := ParseSessions(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// String formats the session as "07:30-11:30".
func (x Session) String() string { return clock(x.Start) + "-" + clock(x.End) }

func clock(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// orDefault returns s, or DefaultSessions when s is empty or has no working time, so that
// deadline arithmetic always terminates.
func (s Sessions) orDefault() Sessions {
	if s.Daily() <= 0 {
		return DefaultSessions
	}
	return s
}
