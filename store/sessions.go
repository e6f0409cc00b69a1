package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/user"
)

// Web sessions live in the database, so that every server process sharing it knows them and
// signing out anywhere ends them everywhere. The cookie holds a random value; the table holds its
// SHA-256 only, so a copy of the database does not sign anyone in.
const (
	// SessionLifetime is the absolute limit: a working day and a half, then sign in again.
	SessionLifetime = 12 * time.Hour
	// SessionIdle ends a session nobody has used for this long (a PC left on at the counter).
	SessionIdle = 2 * time.Hour
	// sessionTouch bounds the writes a busy session makes: last_seen moves at most once a minute.
	sessionTouch = time.Minute
)

// Login throttling, counted in the database per account and per client address.
const (
	ThrottleWindow     = 15 * time.Minute
	MaxAccountFailures = 5  // per account in the window
	MaxAddressFailures = 20 // per client address in the window (an office shares one address)
)

// ThrottledError refuses a sign-in attempt after too many failures; Until says when to try again.
type ThrottledError struct {
	Until   time.Time
	Account bool // the account is locked (else the address is)
}

func (e *ThrottledError) Error() string {
	what := "address"
	if e.Account {
		what = "account"
	}
	return fmt.Sprintf("too many failed sign-ins for this %s: try again after %s", what, e.Until.Format(time.RFC3339))
}

var badCredentials = motcua.Errorf(motcua.EUNAUTHORIZED, "bad_credentials", "wrong username or password")

// SignIn checks a username and password for a sign-in from address, with throttling: an attempt
// is counted before the password is checked, so parallel guesses cannot outrun the limit, and it
// is taken back if the password is right. A success clears the account's failures. Unknown
// accounts and wrong passwords give the same error and take the same time.
func (s *Store) SignIn(ctx context.Context, username, password, address string) (user.User, error) {
	username = strings.TrimSpace(username)
	account := strings.ToLower(username)
	var addressRow int64
	err := s.tx(ctx, func(tx *txn) error {
		if s.dialect == Postgres {
			// Serialises the count-then-insert below between processes; sign-ins are rare.
			if _, err := tx.Tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(727002)`); err != nil {
				return err
			}
		}
		now := s.now()
		since := ms(now.Add(-ThrottleWindow))
		if _, err := tx.ExecContext(ctx, s.q.get("login-failure-prune"), since); err != nil {
			return err
		}
		check := func(kind, subject string, max int) error {
			if subject == "" {
				return nil
			}
			rows, err := tx.QueryContext(ctx, s.q.get("login-failure-recent"), kind, subject, since, max)
			if err != nil {
				return err
			}
			var ats []int64
			for rows.Next() {
				var at int64
				if err := rows.Scan(&at); err != nil {
					rows.Close()
					return err
				}
				ats = append(ats, at)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(ats) >= max {
				// Free again when the oldest of the last max failures leaves the window.
				return &ThrottledError{Until: fromMS(ats[max-1]).Add(ThrottleWindow), Account: kind == "account"}
			}
			return nil
		}
		if err := check("account", account, MaxAccountFailures); err != nil {
			return err
		}
		if err := check("address", address, MaxAddressFailures); err != nil {
			return err
		}
		if account != "" {
			if _, err := tx.ExecContext(ctx, s.q.get("login-failure-insert"), "account", account, ms(now)); err != nil {
				return err
			}
		}
		if address != "" {
			return tx.QueryRowContext(ctx, s.q.get("login-failure-insert-id"), "address", address, ms(now)).Scan(&addressRow)
		}
		return nil
	})
	if err != nil {
		return user.User{}, err
	}
	var hash string
	u, err := s.loadUser(ctx, s.read.QueryRowContext(ctx, s.q.get("user-by-username"), username), &hash)
	if err != nil {
		if motcua.ErrorCode(err) != motcua.ENOTFOUND {
			return user.User{}, err
		}
		user.CheckPassword(dummyHash(), password) // the same time as a wrong password
		return user.User{}, badCredentials
	}
	if !user.CheckPassword(hash, password) {
		return user.User{}, badCredentials
	}
	err = s.tx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, s.q.get("login-failure-clear"), "account", account); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.get("login-failure-delete"), addressRow)
		return err
	})
	if err != nil {
		return user.User{}, fmt.Errorf("sign in %s: %w", username, err)
	}
	return u, nil
}

var dummy struct {
	once sync.Once
	hash string
}

// dummyHash is a hash no password matches, to spend on unknown accounts the time a real check takes.
func dummyHash() string {
	dummy.once.Do(func() {
		token, _, _ := user.NewToken()
		dummy.hash, _ = user.HashPassword(token)
	})
	return dummy.hash
}

// NewSession starts a session for a user signed in from address and returns the cookie value.
// Expired sessions are cleared on the way.
func (s *Store) NewSession(ctx context.Context, userID int64, address string) (string, error) {
	token, hash, err := user.NewToken()
	if err != nil {
		return "", err
	}
	err = s.tx(ctx, func(tx *txn) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, s.q.get("session-prune"), ms(now), ms(now.Add(-SessionIdle))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.get("session-insert"), hash, userID, ms(now), ms(now),
			ms(now.Add(SessionLifetime)), address)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("new session: %w", err)
	}
	return token, nil
}

// SessionUser returns the user of a live session and notes that it was used.
func (s *Store) SessionUser(ctx context.Context, token string) (user.User, error) {
	if token == "" {
		return user.User{}, motcua.Errorf(motcua.EUNAUTHORIZED, "no_session", "no session")
	}
	hash := user.HashToken(token)
	now := s.now()
	var id, lastSeen int64
	err := s.read.QueryRowContext(ctx, s.q.get("session-get"), hash, ms(now), ms(now.Add(-SessionIdle))).Scan(&id, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return user.User{}, motcua.Errorf(motcua.EUNAUTHORIZED, "no_session", "unknown or expired session")
	}
	if err != nil {
		return user.User{}, err
	}
	if ms(now)-lastSeen >= sessionTouch.Milliseconds() {
		err := s.tx(ctx, func(tx *txn) error {
			_, err := tx.ExecContext(ctx, s.q.get("session-touch"), hash, ms(now))
			return err
		})
		if err != nil {
			return user.User{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return s.UserByID(ctx, id)
}

// EndSession signs one session out.
func (s *Store) EndSession(ctx context.Context, token string) error {
	return s.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, s.q.get("session-delete"), user.HashToken(token))
		return err
	})
}

// SignOutEverywhere ends every session of a user and revokes their API tokens: what to do when a
// password or a device may be in the wrong hands.
func (s *Store) SignOutEverywhere(ctx context.Context, userID int64) error {
	return s.tx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, s.q.get("session-delete-user"), userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.get("token-delete-user"), userID)
		return err
	})
}

// ActiveSessions counts a user's live sessions (the devices they are signed in on).
func (s *Store) ActiveSessions(ctx context.Context, userID int64) (int, error) {
	now := s.now()
	var n int
	err := s.read.QueryRowContext(ctx, s.q.get("session-count-user"), userID, ms(now), ms(now.Add(-SessionIdle))).Scan(&n)
	return n, err
}
