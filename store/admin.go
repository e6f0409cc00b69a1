package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/user"
)

// CreateUnit adds a unit that does not exist yet, in service from the start of today (Vietnam
// time); its parent, if any, must be in service now.
// PutUnits, which imports, would silently overwrite an existing code.
func (s *Store) CreateUnit(ctx context.Context, u org.Unit) error {
	if err := validateUnitFields(u); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *txn) error {
		if _, err := s.unit(ctx, tx, u.Code); err == nil {
			return motcua.FieldError("code", "unit_exists", "unit %s already exists", u.Code)
		} else if motcua.ErrorCode(err) != motcua.ENOTFOUND {
			return err
		}
		var parent any
		if u.ParentCode != "" {
			p, err := s.unit(ctx, tx, u.ParentCode)
			if err != nil {
				return motcua.FieldError("parent_code", "unknown_unit", "unknown unit %s", u.ParentCode)
			}
			if !p.ActiveAt(s.now()) {
				return motcua.FieldError("parent_code", "unit_dissolved", "unit %s is no longer in service", u.ParentCode)
			}
			parent = u.ParentCode
		}
		counters, _ := json.Marshal(nonNil(u.Counters))
		_, err := tx.ExecContext(ctx, s.q.get("admin-unit-insert"), u.Code, u.Name, parent, u.Level,
			u.Sessions, string(counters), u.Address, u.Phone, ms(calendar.DateOf(s.now()).Time()))
		return err
	})
}

// UpdateUnit changes a unit's name, level, sessions, counters, address and phone. Its parent
// and validity change only through ReparentUnit and DissolveUnit.
func (s *Store) UpdateUnit(ctx context.Context, u org.Unit) error {
	if err := validateUnitFields(u); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *txn) error {
		counters, _ := json.Marshal(nonNil(u.Counters))
		res, err := tx.ExecContext(ctx, s.q.get("admin-unit-update"), u.Code, u.Name, u.Level, u.Sessions,
			string(counters), u.Address, u.Phone)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &motcua.Error{Code: motcua.ENOTFOUND, Key: "unknown_unit", Message: "unknown unit " + u.Code}
		}
		return nil
	})
}

// SetUnitCounters replaces a unit's counters: an administrator may, and a centre manager at
// that unit (the check is in the query).
func (s *Store) SetUnitCounters(ctx context.Context, who user.User, code string, counters []string) error {
	if err := validateCounters(counters); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *txn) error {
		if _, err := s.unit(ctx, tx, code); err != nil {
			return err
		}
		b, _ := json.Marshal(nonNil(counters))
		res, err := tx.ExecContext(ctx, s.q.get("admin-unit-counters"), code, string(b), who.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return motcua.Errorf(motcua.EFORBIDDEN, "forbidden", "only an administrator or the unit's centre manager may change its counters")
		}
		return nil
	})
}

// MaxCounters bounds a unit's counters; a big centre has a few dozen.
const MaxCounters = 100

func validateUnitFields(u org.Unit) error {
	if err := validateUnits([]org.Unit{u}); err != nil {
		return err
	}
	if strings.TrimSpace(u.Name) == "" {
		return motcua.FieldError("name", "required", "name is required")
	}
	if u.Level < 1 || u.Level > 4 {
		return motcua.FieldError("level", "invalid_level", "level must be 1 (province) to 4")
	}
	return validateCounters(u.Counters)
}

func validateCounters(cs []string) error {
	if len(cs) > MaxCounters {
		return motcua.FieldError("counters", "too_many_counters", "at most %d counters", MaxCounters)
	}
	seen := map[string]bool{}
	for _, c := range cs {
		if c == "" || len(c) > 40 || strings.ContainsAny(c, "/?#\\") {
			return motcua.FieldError("counters", "invalid_counter", "counter %q: 1 to 40 characters, no / ? # or \\", c)
		}
		if seen[c] {
			return motcua.FieldError("counters", "duplicate_counter", "counter %s is listed twice", c)
		}
		seen[c] = true
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// ListUsers returns the accounts who may see, with their roles, by username: an administrator
// sees every account, a centre manager those holding a role at a unit they manage, anyone else
// none (the filter is in the query).
func (s *Store) ListUsers(ctx context.Context, who user.User) ([]user.User, error) {
	rows, err := s.read.QueryContext(ctx, s.q.get("admin-user-list"), who.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []user.User
	for rows.Next() {
		var u user.User
		var r user.RoleAt
		if err := rows.Scan(&u.ID, &u.Username, &u.FullName, &r.Role, &r.Unit); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != u.ID {
			out = append(out, u)
		}
		if r.Role != "" {
			last := &out[len(out)-1]
			last.Roles = append(last.Roles, r)
		}
	}
	return out, rows.Err()
}

// UpdateUser replaces an account's full name and roles; unit codes must exist.
func (s *Store) UpdateUser(ctx context.Context, id int64, fullName string, roles []user.RoleAt) error {
	if err := user.ValidateRoles(roles); err != nil {
		return motcua.FieldError("roles", "invalid_role", "%v", err)
	}
	return s.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, s.q.get("admin-user-name"), id, fullName)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return motcua.Errorf(motcua.ENOTFOUND, "unknown_user", "no such user")
		}
		if _, err := tx.ExecContext(ctx, s.q.get("admin-user-roles-clear"), id); err != nil {
			return err
		}
		for _, r := range roles {
			if r.Unit != "" {
				if _, err := s.unit(ctx, tx, r.Unit); err != nil {
					return motcua.FieldError("unit", "unknown_unit", "unknown unit %s", r.Unit)
				}
			}
			if _, err := tx.ExecContext(ctx, s.q.get("user-role-insert"), id, string(r.Role), r.Unit); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetPassword replaces an account's password.
func (s *Store) SetPassword(ctx context.Context, id int64, password string) error {
	if len(password) < 8 {
		return motcua.FieldError("password", "password_too_short", "password must have at least 8 characters")
	}
	hash, err := user.HashPassword(password)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, s.q.get("admin-user-password"), id, hash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return motcua.Errorf(motcua.ENOTFOUND, "unknown_user", "no such user")
		}
		return nil
	})
}

// VersionInfo is one stored version of a procedure.
type VersionInfo struct {
	Version   int
	Name      string
	CreatedAt time.Time
}

// ProcedureVersions lists a procedure's versions, newest first.
func (s *Store) ProcedureVersions(ctx context.Context, code string) ([]VersionInfo, error) {
	rows, err := s.read.QueryContext(ctx, s.q.get("admin-procedure-versions"), code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []VersionInfo
	for rows.Next() {
		var v VersionInfo
		var at int64
		if err := rows.Scan(&v.Version, &v.Name, &at); err != nil {
			return nil, err
		}
		v.CreatedAt = fromMS(at)
		out = append(out, v)
	}
	return out, rows.Err()
}

// ProcedureVersion returns one version of a procedure.
func (s *Store) ProcedureVersion(ctx context.Context, code string, version int) (catalog.Procedure, error) {
	p, err := s.procedureVersion(ctx, s.read, code, version)
	if err != nil {
		return catalog.Procedure{}, err
	}
	return *p, nil
}

// ErrStaleVersion is returned by SaveProcedure when someone saved a newer version meanwhile.
var ErrStaleVersion = &motcua.Error{Code: motcua.ECONFLICT, Key: "stale_version",
	Message: "the procedure was changed meanwhile; reload it and make your change again"}

// SaveProcedure stores an edited procedure as a new version, provided its current version is
// still base (0: the procedure must not exist yet), so that of two administrators editing at
// once the second is told instead of silently undoing the first. It returns the version in
// force afterwards, which is base when nothing changed. p is validated first.
func (s *Store) SaveProcedure(ctx context.Context, p catalog.Procedure, base int) (int, error) {
	if err := p.Validate(); err != nil {
		var fe *catalog.FieldError
		if errors.As(err, &fe) {
			return 0, &motcua.Error{Code: motcua.EINVALID, Key: "invalid_procedure", Field: fe.Field, Message: fe.Message}
		}
		return 0, err
	}
	var version int
	err := s.tx(ctx, func(tx *txn) error {
		var cur int
		if err := tx.QueryRowContext(ctx, s.q.get("procedure-current-version"), p.Code).Scan(&cur); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if cur != base {
			if base == 0 {
				return motcua.FieldError("code", "procedure_exists", "procedure %s already exists", p.Code)
			}
			return ErrStaleVersion
		}
		n, err := s.putProcedure(ctx, tx, p)
		version = cur + n
		return err
	})
	return version, err
}
