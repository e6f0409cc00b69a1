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
	if err := validateUnits(units); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *txn) error { return s.putUnits(ctx, tx, units) })
}

func validateUnits(units []org.Unit) error {
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
	return nil
}

func (s *Store) putUnits(ctx context.Context, tx *txn, units []org.Unit) error {
	for _, u := range units {
		counters, _ := json.Marshal(u.Counters)
		var parent any
		if u.ParentCode != "" {
			parent = u.ParentCode
		}
		// An import that moves a unit keeps the tree's history true, as ReparentUnit does.
		if was, err := s.unit(ctx, tx, u.Code); err == nil && was.ParentCode != u.ParentCode {
			if err := s.recordMove(ctx, tx, was, parent, s.now()); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, s.q.get("unit-upsert"), u.Code, u.Name, parent, u.Level,
			u.Sessions, string(counters), u.Address, u.Phone, msPtr(u.ValidFrom), msPtr(u.ValidTo)); err != nil {
			return motcua.Errorf(motcua.EINVALID, "invalid_unit", "unit %s: %v", u.Code, err)
		}
	}
	return nil
}

// ReparentUnit moves a unit under another parent from a date, which may not lie in the future:
// the tree listings use is the current one, so a merger decided for next month is entered on
// its day. The earlier parent stays on record in unit_parents (the unit's history); the
// statistics, like the listings, use today's tree: a moved unit's dossiers count under its new
// parent for every period (docs/statistics.md).
// Dossiers keep the unit they were received by; only the tree above it changes.
func (s *Store) ReparentUnit(ctx context.Context, code, parent string, from time.Time) error {
	if from.After(s.now()) {
		return motcua.FieldError("from", "future_reparent", "a unit is re-parented on or after the day it takes effect")
	}
	return s.tx(ctx, func(tx *txn) error {
		u, err := s.unit(ctx, tx, code)
		if err != nil {
			return err
		}
		p, err := s.unit(ctx, tx, parent)
		if err != nil {
			return motcua.FieldError("parent_code", "unknown_unit", "unknown unit %s", parent)
		}
		if !p.ActiveAt(from) {
			return motcua.FieldError("parent_code", "unit_dissolved", "unit %s is not in service on that date", parent)
		}
		// Walk up from the new parent: meeting the unit itself would close a loop.
		for c, depth := p, 0; ; depth++ {
			if c.Code == code || depth > 16 {
				return motcua.FieldError("parent_code", "unit_cycle", "%s is %s itself or one of its sub-units", parent, code)
			}
			if c.ParentCode == "" {
				break
			}
			if c, err = s.unit(ctx, tx, c.ParentCode); err != nil {
				return err
			}
		}
		if err := s.recordMove(ctx, tx, u, parent, from); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q.get("unit-reparent"), code, parent)
		return err
	})
}

// recordMove writes to the unit's history that from then its parent is parent (a code or nil for
// none), first the parent it had from the start if nothing is on record yet. Moves are entered
// in order: one dated before the last on record would leave the history and today's parent
// disagreeing.
func (s *Store) recordMove(ctx context.Context, tx *txn, u org.Unit, parent any, from time.Time) error {
	var history int
	if err := tx.QueryRowContext(ctx, s.q.get("unit-parent-count"), u.Code).Scan(&history); err != nil {
		return err
	}
	if history == 0 {
		var since int64
		if u.ValidFrom != nil {
			since = ms(*u.ValidFrom)
		}
		var was any
		if u.ParentCode != "" {
			was = u.ParentCode
		}
		if _, err := tx.ExecContext(ctx, s.q.get("unit-parent-insert"), u.Code, was, min(since, ms(from))); err != nil {
			return err
		}
	} else {
		var last int64
		if err := tx.QueryRowContext(ctx, s.q.get("unit-parent-last"), u.Code).Scan(&last); err != nil {
			return err
		}
		if ms(from) < last {
			return motcua.FieldError("from", "reparent_out_of_order", "unit %s was last moved later than that", u.Code)
		}
	}
	_, err := tx.ExecContext(ctx, s.q.get("unit-parent-insert"), u.Code, parent, ms(from))
	return err
}

// DissolveUnit ends a unit's validity at an instant, which may be in the future: from then on it
// receives no dossiers and takes no transfers, while the dossiers it received keep pointing at
// it and are processed to the end.
func (s *Store) DissolveUnit(ctx context.Context, code string, at time.Time) error {
	return s.tx(ctx, func(tx *txn) error {
		u, err := s.unit(ctx, tx, code)
		if err != nil {
			return err
		}
		if u.ValidFrom != nil && !at.After(*u.ValidFrom) {
			return motcua.FieldError("at", "before_valid_from", "unit %s only exists from %s", code, u.ValidFrom.Format(time.DateOnly))
		}
		_, err = tx.ExecContext(ctx, s.q.get("unit-dissolve"), code, ms(at))
		return err
	})
}

// UnitParents is a unit's dated parentage, oldest first; empty when it was never re-parented.
func (s *Store) UnitParents(ctx context.Context, code string) ([]UnitParent, error) {
	rows, err := s.read.QueryContext(ctx, s.q.get("unit-parent-list"), code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UnitParent
	for rows.Next() {
		var p UnitParent
		var from int64
		if err := rows.Scan(&p.ParentCode, &from); err != nil {
			return nil, err
		}
		p.ValidFrom = fromMS(from)
		out = append(out, p)
	}
	return out, rows.Err()
}

// UnitParent is the parent a unit had from an instant on.
type UnitParent struct {
	ParentCode string    `json:"parent_code"`
	ValidFrom  time.Time `json:"valid_from"`
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, code string) (org.Unit, error) {
	return s.unit(ctx, s.read, code)
}

// Units lists every unit, province first.
func (s *Store) Units(ctx context.Context) ([]org.Unit, error) {
	return all[org.Unit](s.read.QueryContext(ctx, s.q.get("unit-list")))(scanUnit)
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
