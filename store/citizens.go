package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// OIDCLoginLifetime bounds the time between sending a citizen to the OpenID Connect provider and
// their coming back: long enough to type a password and an OTP on a phone, short enough that a
// stolen state is soon worthless.
const OIDCLoginLifetime = 10 * time.Minute

// OIDCLogin is what a sign-in sent to the provider must find again when it comes back.
type OIDCLogin struct {
	Nonce    string // the ID token must carry it
	Verifier string // the PKCE code verifier
	Next     string // the page to go to afterwards
}

// StartOIDCLogin remembers a sign-in sent to the provider under its state; only the state's hash
// is stored. Old, unfinished sign-ins are cleared on the way.
func (s *Store) StartOIDCLogin(ctx context.Context, state string, l OIDCLogin) error {
	if state == "" || l.Nonce == "" || l.Verifier == "" {
		return motcua.Errorf(motcua.EINVALID, "oidc_login_incomplete", "state, nonce and verifier are required")
	}
	err := s.tx(ctx, func(tx *txn) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, s.q.get("oidc-login-prune"), ms(now.Add(-OIDCLoginLifetime))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.get("oidc-login-insert"), user.HashToken(state), l.Nonce, l.Verifier, l.Next, ms(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("start OIDC sign-in: %w", err)
	}
	return nil
}

// TakeOIDCLogin returns the sign-in started under state and forgets it, so a state works once.
// An unknown, used or expired state is EUNAUTHORIZED.
func (s *Store) TakeOIDCLogin(ctx context.Context, state string) (OIDCLogin, error) {
	var l OIDCLogin
	if state == "" {
		return l, motcua.Errorf(motcua.EUNAUTHORIZED, "oidc_bad_state", "no sign-in state")
	}
	var found bool
	err := s.tx(ctx, func(tx *txn) error {
		err := tx.QueryRowContext(ctx, s.q.get("oidc-login-take"), user.HashToken(state),
			ms(s.now().Add(-OIDCLoginLifetime))).Scan(&l.Nonce, &l.Verifier, &l.Next)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		found = err == nil
		return err
	})
	if err != nil {
		return l, fmt.Errorf("finish OIDC sign-in: %w", err)
	}
	if !found {
		return l, motcua.Errorf(motcua.EUNAUTHORIZED, "oidc_bad_state", "unknown, used or expired sign-in state")
	}
	return l, nil
}

// unusablePassword is the password hash of accounts that sign in only through OpenID Connect: no
// password matches it (user.CheckPassword wants an argon2id hash).
const unusablePassword = "!oidc"

// ValidIDNumber reports whether s can be a citizen's identifier from the provider: the 12-digit
// CCCD, or (when the provider gives no such claim) its subject, printable and at most 64 bytes.
func ValidIDNumber(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// CitizenSignIn finds the citizen account linked to an ID number (CCCD) that an OpenID Connect
// provider vouched for, creating it on the first sign-in; created says which. An account with
// that ID number that holds any role other than citizen is refused: signing in through the
// citizens' provider never opens an officer's account.
func (s *Store) CitizenSignIn(ctx context.Context, idNumber, fullName string) (u user.User, created bool, err error) {
	idNumber = strings.TrimSpace(idNumber)
	if !ValidIDNumber(idNumber) {
		return u, false, motcua.Errorf(motcua.EUNAUTHORIZED, "oidc_no_id_number", "the provider gave no usable ID number")
	}
	fullName = strings.TrimSpace(fullName)
	if len(fullName) > 200 {
		fullName = fullName[:200]
	}
	find := func() (user.User, bool, error) {
		var id int64
		err := s.read.QueryRowContext(ctx, s.q.get("user-by-id-number"), idNumber).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return user.User{}, false, nil
		}
		if err != nil {
			return user.User{}, false, err
		}
		u, err := s.UserByID(ctx, id)
		return u, err == nil, err
	}
	u, ok, err := find()
	if err == nil && !ok {
		nu := user.User{Username: "cd." + idNumber, FullName: fullName, IDNumber: idNumber,
			Roles: []user.RoleAt{{Role: workflow.Citizen}}}
		if nu.ID, err = s.AddUserHashed(ctx, nu, unusablePassword); err == nil {
			return nu, true, nil
		}
		// Two first sign-ins at once: the other one created the account.
		addErr := err
		if u, ok, err = find(); err == nil && !ok {
			err = fmt.Errorf("create citizen account: %w", addErr)
		}
	}
	if err != nil {
		return user.User{}, false, fmt.Errorf("citizen sign-in: %w", err)
	}
	for _, r := range u.Roles {
		if r.Role != workflow.Citizen {
			return user.User{}, false, motcua.Errorf(motcua.EFORBIDDEN, "oidc_not_citizen",
				"the account with this ID number is not a citizen's account")
		}
	}
	if !u.Has(workflow.Citizen) {
		return user.User{}, false, motcua.Errorf(motcua.EFORBIDDEN, "oidc_not_citizen",
			"the account with this ID number is not a citizen's account")
	}
	return u, false, nil
}
