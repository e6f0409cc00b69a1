package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/org"
)

// PutUnits creates or updates units in one transaction; parents must come before children.
func (s *Store) PutUnits(ctx context.Context, units []org.Unit) error {
	for _, u := range units {
		if err := org.ValidateCode(u.Code); err != nil {
			return &motcua.Error{Code: motcua.EINVALID, Key: "invalid_agency_code", Field: "code", Message: err.Error()}
		}
		if u.Sessions != "" {
			if _, err := calendar.ParseSessions(u.Sessions); err != nil {
				return &motcua.Error{Code: motcua.EINVALID, Key: "invalid_sessions", Field: "sessions", Message: err.Error()}
			}
		}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, u := range units {
			counters, _ := json.Marshal(u.Counters)
			var parent any
			if u.ParentCode != "" {
				parent = u.ParentCode
			}
			if _, err := tx.ExecContext(ctx, s.q.get("unit-upsert"), u.Code, u.Name, parent, u.Level,
				u.Sessions, string(counters), u.Address, u.Phone, msPtr(u.ValidFrom), msPtr(u.ValidTo)); err != nil {
				return motcua.Errorf(motcua.EINVALID, "invalid_unit", "unit %s: %v", u.Code, err)
			}
		}
		return nil
	})
}

// ReparentUnit moves a unit under another parent from a date; the earlier parent stays on record
// in unit_parents for statistics of the past.
func (s *Store) ReparentUnit(ctx context.Context, code, parent string, from time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.unit(ctx, tx, code); err != nil {
			return err
		}
		if _, err := s.unit(ctx, tx, parent); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q.get("unit-parent-insert"), code, parent, ms(from)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.get("unit-reparent"), code, parent)
		return err
	})
}

// DissolveUnit ends a unit's validity; its dossiers keep pointing at it.
func (s *Store) DissolveUnit(ctx context.Context, code string, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.unit(ctx, tx, code); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.get("unit-dissolve"), code, ms(at))
		return err
	})
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, code string) (org.Unit, error) {
	return s.unit(ctx, s.read, code)
}

// Units lists every unit, province first.
func (s *Store) Units(ctx context.Context) ([]org.Unit, error) {
	rows, err := s.read.QueryContext(ctx, s.q.get("unit-list"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

type scanner interface{ Scan(dest ...any) error }

func (s *Store) unit(ctx context.Context, q queryer, code string) (org.Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, s.q.get("unit-get"), code))
	if errors.Is(err, sql.ErrNoRows) {
		return u, &motcua.Error{Code: motcua.ENOTFOUND, Key: "unknown_unit", Message: "unknown unit " + code}
	}
	return u, err
}

func scanUnit(r scanner) (org.Unit, error) {
	var u org.Unit
	var counters string
	var from, to sql.NullInt64
	if err := r.Scan(&u.Code, &u.Name, &u.ParentCode, &u.Level, &u.Sessions, &counters, &u.Address, &u.Phone, &from, &to); err != nil {
		return u, err
	}
	_ = json.Unmarshal([]byte(counters), &u.Counters)
	u.ValidFrom, u.ValidTo = fromNullMS(from), fromNullMS(to)
	return u, nil
}

// unitSessions returns a unit's office sessions, the default ones when it sets none.
func (s *Store) unitSessions(ctx context.Context, q queryer, code string) (calendar.Sessions, error) {
	var text string
	err := q.QueryRowContext(ctx, s.q.get("unit-sessions"), code).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &motcua.Error{Code: motcua.EINVALID, Key: "unknown_unit", Message: "unknown unit " + code}
	}
	if err != nil {
		return nil, err
	}
	if text == "" {
		return calendar.DefaultSessions, nil
	}
	return calendar.ParseSessions(text)
}
