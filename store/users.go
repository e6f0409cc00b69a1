package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/user"
)

// AddUser creates an account with its roles; unit codes must exist.
func (s *Store) AddUser(ctx context.Context, u user.User, password string) (int64, error) {
	if u.Username == "" {
		return 0, motcua.FieldError("username", "required", "username is required")
	}
	if len(password) < 8 {
		return 0, motcua.FieldError("password", "password_too_short", "password must have at least 8 characters")
	}
	hash, err := user.HashPassword(password)
	if err != nil {
		return 0, err
	}
	return s.AddUserHashed(ctx, u, hash)
}

// AddUserHashed creates an account whose password was hashed by user.HashPassword. Seeding many
// accounts that share one password (demo, benchmark) hashes it once: each argon2id hash costs
// about 150 ms and 64 MiB.
func (s *Store) AddUserHashed(ctx context.Context, u user.User, hash string) (int64, error) {
	if u.Username == "" {
		return 0, motcua.FieldError("username", "required", "username is required")
	}
	if err := user.ValidateRoles(u.Roles); err != nil {
		return 0, motcua.FieldError("roles", "invalid_role", "%v", err)
	}
	var id int64
	err := s.tx(ctx, func(tx *txn) error {
		var idNumber any
		if u.IDNumber != "" {
			idNumber = u.IDNumber
		}
		var existing int64
		switch err := tx.QueryRowContext(ctx, s.q.get("user-by-username"), u.Username).Scan(&existing, new(string), new(string), new(string), new(string)); {
		case err == nil:
			return motcua.FieldError("username", "username_taken", "username %s is taken", u.Username)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if err := tx.QueryRowContext(ctx, s.q.get("user-insert"), u.Username, hash, u.FullName, idNumber, ms(s.now())).Scan(&id); err != nil {
			return err
		}
		for _, r := range u.Roles {
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
	return id, err
}

// UserByUsername returns an account with its roles.
func (s *Store) UserByUsername(ctx context.Context, username string) (user.User, error) {
	return s.loadUser(ctx, s.read.QueryRowContext(ctx, s.q.get("user-by-username"), username), nil)
}

// UserByID returns an account with its roles.
func (s *Store) UserByID(ctx context.Context, id int64) (user.User, error) {
	return s.loadUser(ctx, s.read.QueryRowContext(ctx, s.q.get("user-by-id"), id), nil)
}

// Authenticate checks a username and password.
func (s *Store) Authenticate(ctx context.Context, username, password string) (user.User, error) {
	var hash string
	u, err := s.loadUser(ctx, s.read.QueryRowContext(ctx, s.q.get("user-by-username"), username), &hash)
	if err != nil || !user.CheckPassword(hash, password) {
		return user.User{}, motcua.Errorf(motcua.EUNAUTHORIZED, "bad_credentials", "wrong username or password")
	}
	return u, nil
}

func (s *Store) loadUser(ctx context.Context, row *sql.Row, hash *string) (user.User, error) {
	var u user.User
	var h string
	if err := row.Scan(&u.ID, &u.Username, &h, &u.FullName, &u.IDNumber); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return u, motcua.Errorf(motcua.ENOTFOUND, "unknown_user", "no such user")
		}
		return u, err
	}
	if hash != nil {
		*hash = h
	}
	rows, err := s.read.QueryContext(ctx, s.q.get("user-roles"), u.ID)
	if err != nil {
		return u, err
	}
	defer rows.Close()
	for rows.Next() {
		var r user.RoleAt
		if err := rows.Scan(&r.Role, &r.Unit); err != nil {
			return u, err
		}
		u.Roles = append(u.Roles, r)
	}
	return u, rows.Err()
}

// NewToken issues a bearer token for a user; ttl 0 means it does not expire.
func (s *Store) NewToken(ctx context.Context, userID int64, ttl time.Duration) (string, error) {
	token, hash, err := user.NewToken()
	if err != nil {
		return "", err
	}
	var exp any
	if ttl > 0 {
		exp = ms(s.now().Add(ttl))
	}
	err = s.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, s.q.get("token-insert"), hash, userID, ms(s.now()), exp)
		return err
	})
	return token, err
}

// UserByToken returns the account a bearer token belongs to.
func (s *Store) UserByToken(ctx context.Context, token string) (user.User, error) {
	var id int64
	err := s.read.QueryRowContext(ctx, s.q.get("token-user"), user.HashToken(token), ms(s.now())).Scan(&id)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return user.User{}, motcua.Errorf(motcua.EUNAUTHORIZED, "bad_token", "unknown or expired token")
		}
		return user.User{}, err
	}
	return s.UserByID(ctx, id)
}
