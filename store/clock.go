package store

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
)

// calendarCache is the built-in calendar plus the schedules administrators loaded. Schedules
// change a few times a year; each process reloads them at most every calendarTTL, so a schedule
// loaded through one server reaches the others within that time.
type calendarCache struct {
	mu     sync.Mutex
	cal    *calendar.Calendar
	loaded time.Time
}

const calendarTTL = time.Minute

// Calendar returns the working-day calendar in force.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	return s.calendar(ctx, s.read)
}

// calendar reads through q so that a transaction holding the only free connection of a
// PostgreSQL pool does not wait for a second one.
func (s *Store) calendar(ctx context.Context, q queryer) (*calendar.Calendar, error) {
	s.cal.mu.Lock()
	defer s.cal.mu.Unlock()
	if s.cal.cal != nil && time.Since(s.cal.loaded) < calendarTTL {
		return s.cal.cal, nil
	}
	cal := calendar.Default()
	rows, err := q.QueryContext(ctx, s.q.get("schedule-list"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		sch, err := calendar.ParseSchedule(strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		if cal, err = cal.WithSchedule(sch); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.cal.cal, s.cal.loaded = cal, time.Now()
	return cal, nil
}

// LoadSchedule stores an official yearly holiday schedule; it replaces the built-in one.
func (s *Store) LoadSchedule(ctx context.Context, sch calendar.Schedule) error {
	if _, err := calendar.Default().WithSchedule(sch); err != nil {
		return motcua.FieldError("schedule", "invalid_schedule", "%v", err)
	}
	body, err := json.Marshal(sch)
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, s.q.get("schedule-upsert"), sch.Year, string(body), ms(s.now()))
		return err
	})
	if err == nil {
		s.cal.mu.Lock()
		s.cal.cal = nil
		s.cal.mu.Unlock()
	}
	return err
}

// Schedules lists the yearly holiday schedules administrators loaded.
func (s *Store) Schedules(ctx context.Context) ([]calendar.Schedule, error) {
	rows, err := s.read.QueryContext(ctx, s.q.get("schedule-list"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []calendar.Schedule
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		sch, err := calendar.ParseSchedule(strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		out = append(out, sch)
	}
	return out, rows.Err()
}

// clock is the calendar and the receiving unit's sessions, which a dossier's deadlines use.
func (s *Store) clock(ctx context.Context, q queryer, unit string) (dossier.Clock, error) {
	cal, err := s.calendar(ctx, q)
	if err != nil {
		return dossier.Clock{}, err
	}
	sessions, err := s.unitSessions(ctx, q, unit)
	if err != nil {
		return dossier.Clock{}, err
	}
	return dossier.Clock{Calendar: cal, Sessions: sessions}, nil
}
