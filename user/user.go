// Package user holds accounts, the roles they hold at units, passwords and API tokens. It does
// no I/O.
package user

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/motcua/motcua/workflow"
)

// RoleAt is one role a user holds at one unit (citizens and administrators hold theirs at no unit).
type RoleAt struct {
	Role workflow.Role `json:"role"`
	Unit string        `json:"unit,omitempty"`
}

// User is an account.
type User struct {
	ID       int64    `json:"id"`
	Username string   `json:"username"`
	FullName string   `json:"full_name"`
	IDNumber string   `json:"id_number,omitempty"` // CCCD, linked by a later OIDC sign-in
	Roles    []RoleAt `json:"roles"`
}

// Has reports whether u holds role r at any unit.
func (u *User) Has(r workflow.Role) bool {
	for _, x := range u.Roles {
		if x.Role == r {
			return true
		}
	}
	return false
}

// RolesAt lists the roles u holds at unit.
func (u *User) RolesAt(unit string) []workflow.Role {
	var rs []workflow.Role
	for _, x := range u.Roles {
		if x.Unit == unit && x.Unit != "" {
			rs = append(rs, x.Role)
		}
	}
	return rs
}

// Units lists the units u holds any officer role at.
func (u *User) Units() []string {
	seen := map[string]bool{}
	var us []string
	for _, x := range u.Roles {
		if x.Unit != "" && !seen[x.Unit] {
			seen[x.Unit] = true
			us = append(us, x.Unit)
		}
	}
	return us
}

// ValidateRoles checks that citizens and administrators name no unit and officers name one.
func ValidateRoles(rs []RoleAt) error {
	if len(rs) == 0 {
		return fmt.Errorf("at least one role is required")
	}
	for _, r := range rs {
		if !r.Role.Valid() {
			return fmt.Errorf("unknown role %q (one of citizen, intake_officer, processing_officer, leader, clerk, centre_manager, administrator)", r.Role)
		}
		switch r.Role {
		case workflow.Citizen:
			if r.Unit != "" {
				return fmt.Errorf("role citizen takes no unit")
			}
		case workflow.Administrator:
		default:
			if r.Unit == "" {
				return fmt.Errorf("role %s needs a unit", r.Role)
			}
		}
	}
	return nil
}

// Argon2id parameters (RFC 9106's second recommended set, memory-constrained).
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashPassword hashes a password with argon2id in the PHC string format.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches a hash made by HashPassword.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewToken returns a fresh bearer token and the hash to store; only the hash is kept.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = "mc_" + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the stored form of a token.
func HashToken(token string) string {
	s := sha256.Sum256([]byte(token))
	return hex.EncodeToString(s[:])
}
