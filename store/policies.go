package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
)

// Policy names an administrator may set. Each is dated: a decree that changes it takes effect
// on a day, and dossiers acted on before that day keep the old rule.
const (
	// PolicyMaxReschedules is how many apologies with a new due date a dossier may get; 0 is
	// unlimited, the default while the law is unclear (DOMAIN.md §7).
	PolicyMaxReschedules = "max_reschedules"
	// PolicyTimelinessByInstant, 1, classifies finished dossiers by comparing instants (finished
	// before the due instant: early; at it: on time); 0, the default, compares dates as
	// practice does (DOMAIN.md §7). A dossier keeps the class it got when it was finished.
	PolicyTimelinessByInstant = "timeliness_by_instant"
)

// PolicyValue is one dated setting.
type PolicyValue struct {
	Name      string    `json:"name"`
	ValidFrom time.Time `json:"valid_from"`
	Value     string    `json:"value"`
}

// SetPolicy records a value in force from an instant on; setting the same name and instant again
// replaces it.
func (s *Store) SetPolicy(ctx context.Context, p PolicyValue) error {
	switch p.Name {
	case PolicyMaxReschedules:
		if n, err := strconv.Atoi(p.Value); err != nil || n < 0 {
			return motcua.FieldError("value", "invalid_policy_value", "%s must be a whole number ≥ 0", p.Name)
		}
	case PolicyTimelinessByInstant:
		if p.Value != "0" && p.Value != "1" {
			return motcua.FieldError("value", "invalid_policy_value", "%s must be 0 (compare dates) or 1 (compare instants)", p.Name)
		}
	default:
		return motcua.FieldError("name", "unknown_policy", "unknown policy %q", p.Name)
	}
	if p.ValidFrom.IsZero() {
		return motcua.FieldError("valid_from", "required", "valid_from is required")
	}
	return s.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, s.q.get("policy-upsert"), p.Name, ms(p.ValidFrom), p.Value, ms(s.now()))
		return err
	})
}

// Policies lists every dated setting.
func (s *Store) Policies(ctx context.Context) ([]PolicyValue, error) {
	rows, err := s.read.QueryContext(ctx, s.q.get("policy-list"))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PolicyValue
	for rows.Next() {
		var p PolicyValue
		var from int64
		if err := rows.Scan(&p.Name, &from, &p.Value); err != nil {
			return nil, err
		}
		p.ValidFrom = fromMS(from)
		out = append(out, p)
	}
	return out, rows.Err()
}

// policy is the dossier policy in force at an instant, read inside the acting transaction.
func (s *Store) policy(ctx context.Context, q queryer, at time.Time) (dossier.Policy, error) {
	var pol dossier.Policy
	value := func(name string) (int, error) {
		var v string
		switch err := q.QueryRowContext(ctx, s.q.get("policy-at"), name, ms(at)).Scan(&v); {
		case errors.Is(err, sql.ErrNoRows):
			return 0, nil
		case err != nil:
			return 0, err
		}
		return strconv.Atoi(v)
	}
	var err error
	if pol.MaxReschedules, err = value(PolicyMaxReschedules); err != nil {
		return pol, err
	}
	byInstant, err := value(PolicyTimelinessByInstant)
	pol.ByInstant = byInstant == 1
	return pol, err
}
