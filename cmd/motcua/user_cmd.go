package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

var idNumberRE = regexp.MustCompile(`^([0-9]{12}|[0-9]{9})$`)

// runUser handles "user add" and "user token".
func runUser(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"user: want add or token"}
	}
	var c config
	fs := newFlags("user "+args[0], &c, io.Discard)
	switch args[0] {
	case "add":
		var u user.User
		var password, idNumber string
		var roles, units multi
		fs.StringVar(&u.Username, "username", "", "username")
		fs.StringVar(&password, "password", "", "password (at least 8 characters)")
		fs.StringVar(&u.FullName, "name", "", "full name")
		fs.StringVar(&idNumber, "id-number", "", "citizen ID number (CCCD)")
		fs.Var(&roles, "role", "role (repeatable): "+fmt.Sprint(workflow.Roles))
		fs.Var(&units, "unit", "agency code of the unit the preceding --role is held at")
		if err := fs.Parse(args[1:]); err != nil {
			return usageError{err.Error()}
		}
		if fs.NArg() > 0 {
			return usageError{fmt.Sprintf("user add: unexpected argument %q", fs.Arg(0))}
		}
		if idNumber != "" && !idNumberRE.MatchString(idNumber) {
			return usageError{"user add: --id-number is the 12-digit citizen ID (CCCD) or a 9-digit old ID card number"}
		}
		u.IDNumber = idNumber
		var err error
		if u.Roles, err = pairRoles(args[1:]); err != nil {
			return usageError{err.Error()}
		}
		st, err := store.Open(ctx, c.DB)
		if err != nil {
			return err
		}
		defer st.Close()
		id, err := st.AddUser(ctx, u, password)
		if err != nil {
			return err
		}
		return json.NewEncoder(stdout).Encode(map[string]any{"id": id, "username": u.Username, "roles": u.Roles})
	case "token":
		var username string
		var ttl time.Duration
		fs.StringVar(&username, "username", "", "username")
		fs.DurationVar(&ttl, "ttl", 0, "lifetime (0: no expiry)")
		if err := fs.Parse(args[1:]); err != nil {
			return usageError{err.Error()}
		}
		if ttl < 0 || fs.NArg() > 0 {
			return usageError{"user token: --ttl must not be negative and no other arguments are taken"}
		}
		st, err := store.Open(ctx, c.DB)
		if err != nil {
			return err
		}
		defer st.Close()
		u, err := st.UserByUsername(ctx, username)
		if err != nil {
			return fmt.Errorf("user %q: %w", username, err)
		}
		token, err := st.NewToken(ctx, u.ID, ttl)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, token)
		return nil
	}
	return usageError{fmt.Sprintf("user: unknown subcommand %q (add, token)", args[0])}
}

// multi collects a repeatable flag.
type multi []string

func (m *multi) String() string     { return fmt.Sprint(*m) }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// pairRoles reads --role R [--unit U] pairs in order: each --unit belongs to the --role before it.
func pairRoles(args []string) ([]user.RoleAt, error) {
	var out []user.RoleAt
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for i := 0; i < len(args); i++ {
		name, val, hasVal := cutFlag(args[i])
		if !hasVal && i+1 < len(args) && (name == "role" || name == "unit") {
			i++
			val = args[i]
		}
		switch name {
		case "role":
			out = append(out, user.RoleAt{Role: workflow.Role(val)})
		case "unit":
			if len(out) == 0 || out[len(out)-1].Unit != "" {
				return nil, fmt.Errorf("--unit %s must follow the --role it belongs to", val)
			}
			out[len(out)-1].Unit = val
		}
	}
	return out, user.ValidateRoles(out)
}

func cutFlag(a string) (name, val string, hasVal bool) {
	if len(a) < 2 || a[0] != '-' {
		return "", "", false
	}
	a = a[1:]
	if a[0] == '-' {
		a = a[1:]
	}
	for i := range a {
		if a[i] == '=' {
			return a[:i], a[i+1:], true
		}
	}
	return a, "", false
}
