package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Helpers shared by user_cmd_test.go and catalog_cmd_test.go. Every test gets fresh databases
// from testdb.All: a SQLite file in t.TempDir() and, when MOTCUA_TEST_POSTGRES is set, a
// PostgreSQL database of its own, each passed to the command as --db.

// cliRun runs the command line as main does and returns its standard output and error.
func cliRun(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, &stdout, &stderr)
	return stdout.String(), err
}

// cliMustRun runs the command line and fails the test on an error.
func cliMustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := cliRun(t, args...)
	if err != nil {
		t.Fatalf("motcua %s: %v", strings.Join(args, " "), err)
	}
	return out
}

// cliOpen opens the database a test's commands wrote to, to read their effects back.
func cliOpen(t *testing.T, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// cliWriteFile writes a file into the test's temporary folder and returns its path.
func cliWriteFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// forEachDB runs f against each fresh database of the test.
func forEachDB(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) { f(t, db.DSN) })
	}
}

// isUsage reports whether err is a command-line mistake (exit status 2).
func isUsage(err error) bool {
	var ue usageError
	return errors.As(err, &ue)
}

// Units the user tests give roles at.
const (
	uProvince = "000.00.00.H62"
	uDept     = "000.00.01.H62"
	uOther    = "000.00.02.H62"
	uUnknown  = "000.00.09.H62" // well formed, never stored
)

func seedUserUnits(t *testing.T, dsn string) {
	t.Helper()
	st := cliOpen(t, dsn)
	if err := st.PutUnits(context.Background(), []org.Unit{
		{Code: uProvince, Name: "UBND tỉnh Vĩnh Phúc", Level: 1},
		{Code: uDept, Name: "Sở Tư pháp", ParentCode: uProvince, Level: 2},
		{Code: uOther, Name: "Sở Xây dựng", ParentCode: uProvince, Level: 2},
	}); err != nil {
		t.Fatal(err)
	}
}

func sortedRoles(rs []user.RoleAt) []user.RoleAt {
	out := slices.Clone(rs)
	slices.SortFunc(out, func(a, b user.RoleAt) int {
		return cmp.Or(cmp.Compare(a.Role, b.Role), cmp.Compare(a.Unit, b.Unit))
	})
	return out
}

func roleAt(r workflow.Role, unit string) user.RoleAt { return user.RoleAt{Role: r, Unit: unit} }

func TestUserAdd(t *testing.T) {
	tests := []struct {
		name string
		args []string // after "user add --db DSN --username NAME --password PASSWORD"
		want user.User
	}{
		{
			name: "two officer roles paired in order",
			args: []string{"--name", "Nguyễn Văn An", "--role", "processing_officer", "--unit", uDept, "--role", "leader", "--unit", uOther},
			want: user.User{FullName: "Nguyễn Văn An", Roles: []user.RoleAt{roleAt(workflow.ProcessingOfficer, uDept), roleAt(workflow.Leader, uOther)}},
		},
		{
			// The same units in the same places as above with the roles swapped: only pairing
			// by position gives both cases right.
			name: "pairs follow the command line, not the role names",
			args: []string{"--role", "leader", "--unit", uDept, "--role", "processing_officer", "--unit", uOther},
			want: user.User{Roles: []user.RoleAt{roleAt(workflow.Leader, uDept), roleAt(workflow.ProcessingOfficer, uOther)}},
		},
		{
			name: "one role at two units",
			args: []string{"--role", "intake_officer", "--unit", uOther, "--role", "intake_officer", "--unit", uDept},
			want: user.User{Roles: []user.RoleAt{roleAt(workflow.IntakeOfficer, uOther), roleAt(workflow.IntakeOfficer, uDept)}},
		},
		{
			name: "name=value form with another flag between role and unit",
			args: []string{"--role=clerk", "--name=Trần Thị Bình", "--unit=" + uOther, "-role", "centre_manager", "-unit", uDept},
			want: user.User{FullName: "Trần Thị Bình", Roles: []user.RoleAt{roleAt(workflow.Clerk, uOther), roleAt(workflow.CentreManager, uDept)}},
		},
		{
			name: "citizen with an ID number and no unit",
			args: []string{"--role", "citizen", "--id-number", "001099012345", "--name", "Lê Văn Cường"},
			want: user.User{FullName: "Lê Văn Cường", IDNumber: "001099012345", Roles: []user.RoleAt{roleAt(workflow.Citizen, "")}},
		},
		{
			name: "administrator without a unit, then an officer role",
			args: []string{"--role", "administrator", "--role", "leader", "--unit", uDept},
			want: user.User{Roles: []user.RoleAt{roleAt(workflow.Administrator, ""), roleAt(workflow.Leader, uDept)}},
		},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			forEachDB(t, func(t *testing.T, dsn string) {
				seedUserUnits(t, dsn)
				username := "user" + string(rune('a'+i))
				password := "mat-khau-" + username
				args := append([]string{"user", "add", "--db", dsn, "--username", username, "--password", password}, tc.args...)
				out := cliMustRun(t, args...)

				// Standard output: the new account's id and its roles in command-line order.
				var printed struct {
					ID       int64         `json:"id"`
					Username string        `json:"username"`
					Roles    []user.RoleAt `json:"roles"`
				}
				if err := json.Unmarshal([]byte(out), &printed); err != nil {
					t.Fatalf("output %q: %v", out, err)
				}
				if printed.ID <= 0 || printed.Username != username || !reflect.DeepEqual(printed.Roles, tc.want.Roles) {
					t.Errorf("output = %+v, want id > 0, username %s, roles %+v", printed, username, tc.want.Roles)
				}

				st := cliOpen(t, dsn)
				ctx := context.Background()
				got, err := st.UserByUsername(ctx, username)
				if err != nil {
					t.Fatalf("user %s not stored: %v", username, err)
				}
				want := tc.want
				want.ID, want.Username, want.Roles = printed.ID, username, sortedRoles(tc.want.Roles)
				got.Roles = sortedRoles(got.Roles)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("stored user:\ngot  %+v\nwant %+v", got, want)
				}
				if _, err := st.Authenticate(ctx, username, password); err != nil {
					t.Errorf("the password given does not sign in: %v", err)
				}
				if _, err := st.Authenticate(ctx, username, password+"x"); err == nil {
					t.Errorf("a wrong password signs in")
				}
			})
		})
	}
}

func TestUserAddErrors(t *testing.T) {
	const taken, takenPassword = "taken", "original-password"
	takenRoles := []user.RoleAt{roleAt(workflow.Leader, uDept)}
	const citizenID = "001099000001"
	tests := []struct {
		name     string
		username string
		args     []string // after "user add --db DSN --username USERNAME"
		usage    bool     // a command-line mistake: exit status 2
		msg      string   // part of the error message
	}{
		{"unknown role", "u1", []string{"--password", "long-enough", "--role", "mayor", "--unit", uDept}, true, `unknown role "mayor"`},
		{"citizen with a unit", "u2", []string{"--password", "long-enough", "--role", "citizen", "--unit", uDept}, true, "citizen takes no unit"},
		{"officer role without a unit", "u3", []string{"--password", "long-enough", "--role", "processing_officer"}, true, "processing_officer needs a unit"},
		// The unit follows clerk: leader is left without one.
		{"unit belongs to the role just before it", "u4", []string{"--password", "long-enough", "--role", "leader", "--role", "clerk", "--unit", uDept}, true, "leader needs a unit"},
		{"unit before any role", "u5", []string{"--password", "long-enough", "--unit", uDept, "--role", "leader"}, true, "must follow the --role"},
		{"two units for one role", "u6", []string{"--password", "long-enough", "--role", "leader", "--unit", uDept, "--unit", uOther}, true, "must follow the --role"},
		{"no role", "u7", []string{"--password", "long-enough"}, true, "at least one role"},
		{"unknown flag", "u8", []string{"--password", "long-enough", "--role", "citizen", "--colour", "red"}, true, "colour"},
		{"unknown unit", "u9", []string{"--password", "long-enough", "--role", "leader", "--unit", uUnknown}, false, "unknown unit " + uUnknown},
		// The first role is fine and written before the second fails: all must roll back.
		{"unknown second unit", "u10", []string{"--password", "long-enough", "--role", "leader", "--unit", uDept, "--role", "clerk", "--unit", uUnknown}, false, "unknown unit " + uUnknown},
		{"password of 7 characters", "u11", []string{"--password", "1234567", "--role", "citizen"}, false, "at least 8 characters"},
		{"no password", "u12", []string{"--role", "citizen"}, false, "at least 8 characters"},
		{"no username", "", []string{"--password", "long-enough", "--role", "citizen"}, false, "username is required"},
		{"duplicate username", taken, []string{"--password", "another-password", "--role", "clerk", "--unit", uOther}, false, "username " + taken + " is taken"},
		{"duplicate ID number", "u13", []string{"--password", "long-enough", "--role", "citizen", "--id-number", citizenID}, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			forEachDB(t, func(t *testing.T, dsn string) {
				seedUserUnits(t, dsn)
				cliMustRun(t, "user", "add", "--db", dsn, "--username", taken, "--password", takenPassword, "--role", "leader", "--unit", uDept)
				cliMustRun(t, "user", "add", "--db", dsn, "--username", "citizen", "--password", "citizen-password", "--role", "citizen", "--id-number", citizenID)

				args := append([]string{"user", "add", "--db", dsn, "--username", tc.username}, tc.args...)
				out, err := cliRun(t, args...)
				if err == nil {
					t.Fatalf("motcua %s succeeded (%q), want an error", strings.Join(args, " "), out)
				}
				if !strings.Contains(err.Error(), tc.msg) {
					t.Errorf("error %q does not say %q", err, tc.msg)
				}
				if isUsage(err) != tc.usage {
					t.Errorf("error %q: usage error (exit 2) = %v, want %v", err, isUsage(err), tc.usage)
				}

				st := cliOpen(t, dsn)
				ctx := context.Background()
				if tc.username != taken {
					if u, err := st.UserByUsername(ctx, tc.username); motcua.ErrorCode(err) != motcua.ENOTFOUND {
						t.Errorf("user %q after the failed add: %+v, %v; want no such user", tc.username, u, err)
					}
				}
				// The accounts that were there are untouched.
				old, err := st.Authenticate(ctx, taken, takenPassword)
				if err != nil {
					t.Fatalf("existing user %s no longer signs in with its password: %v", taken, err)
				}
				if !reflect.DeepEqual(old.Roles, takenRoles) {
					t.Errorf("existing user %s has roles %+v, want %+v", taken, old.Roles, takenRoles)
				}
				if _, err := st.Authenticate(ctx, taken, "another-password"); err == nil {
					t.Errorf("the failed add changed %s's password", taken)
				}
				if c, err := st.UserByUsername(ctx, "citizen"); err != nil || c.IDNumber != citizenID {
					t.Errorf("existing citizen = %+v, %v", c, err)
				}
			})
		})
	}
}

func TestUserToken(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		seedUserUnits(t, dsn)
		cliMustRun(t, "user", "add", "--db", dsn, "--username", "officer", "--password", "officer-password",
			"--role", "processing_officer", "--unit", uDept)
		cliMustRun(t, "user", "add", "--db", dsn, "--username", "other", "--password", "other-password", "--role", "administrator")
		st := cliOpen(t, dsn)
		ctx := context.Background()
		officer, err := st.UserByUsername(ctx, "officer")
		if err != nil {
			t.Fatal(err)
		}

		token := func(args ...string) string {
			t.Helper()
			out := cliMustRun(t, append([]string{"user", "token", "--db", dsn}, args...)...)
			tok := strings.TrimSuffix(out, "\n")
			if tok == "" || strings.ContainsAny(tok, " \n\t") {
				t.Fatalf("user token printed %q, want one token on one line", out)
			}
			return tok
		}
		first := token("--username", "officer")
		second := token("--username", "officer")
		if first == second {
			t.Errorf("two tokens are the same: %s", first)
		}
		for _, tok := range []string{first, second} {
			got, err := st.UserByToken(ctx, tok)
			if err != nil {
				t.Fatalf("token %s does not authenticate: %v", tok, err)
			}
			if got.ID != officer.ID || got.Username != "officer" || !reflect.DeepEqual(got.Roles, officer.Roles) {
				t.Errorf("token authenticates %+v, want %+v", got, officer)
			}
		}
		if _, err := st.UserByToken(ctx, first+"x"); err == nil {
			t.Errorf("an altered token authenticates")
		}
		if got, err := st.UserByToken(ctx, token("--username", "other")); err != nil || got.Username != "other" {
			t.Errorf("other's token authenticates %+v, %v", got, err)
		}

		// --ttl: the token works until it expires; one without --ttl does not expire.
		short := token("--username", "officer", "--ttl", "1h")
		if _, err := st.UserByToken(ctx, short); err != nil {
			t.Errorf("token with --ttl 1h does not authenticate now: %v", err)
		}
		later := cliOpen(t, dsn)
		later.SetClock(func() time.Time { return time.Now().Add(61 * time.Minute) })
		if u, err := later.UserByToken(ctx, short); motcua.ErrorCode(err) != motcua.EUNAUTHORIZED {
			t.Errorf("token with --ttl 1h, 61 minutes later: %+v, %v; want unauthorized", u, err)
		}
		later.SetClock(func() time.Time { return time.Now().AddDate(10, 0, 0) })
		if _, err := later.UserByToken(ctx, first); err != nil {
			t.Errorf("token without --ttl, 10 years later: %v", err)
		}
	})
}

func TestUserTokenErrors(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		cliMustRun(t, "user", "add", "--db", dsn, "--username", "admin", "--password", "admin-password", "--role", "administrator")
		tests := []struct {
			name  string
			args  []string
			usage bool
			msg   string
		}{
			{"unknown user", []string{"--username", "nobody"}, false, `user "nobody"`},
			{"no username", nil, false, `user ""`},
			{"bad ttl", []string{"--username", "admin", "--ttl", "an hour"}, true, "ttl"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				out, err := cliRun(t, append([]string{"user", "token", "--db", dsn}, tc.args...)...)
				if err == nil {
					t.Fatalf("user token %v printed %q, want an error", tc.args, out)
				}
				if out != "" {
					t.Errorf("user token %v printed %q with an error", tc.args, out)
				}
				if !strings.Contains(err.Error(), tc.msg) || isUsage(err) != tc.usage {
					t.Errorf("error %q (usage %v), want one saying %q (usage %v)", err, isUsage(err), tc.msg, tc.usage)
				}
			})
		}
		if _, err := cliRun(t, "user", "token", "--db", dsn, "--username", "nobody"); motcua.ErrorCode(err) != motcua.ENOTFOUND {
			t.Errorf("unknown user: error %v, want not_found in its chain", err)
		}
	})
}

func TestUserSubcommand(t *testing.T) {
	for _, args := range [][]string{{"user"}, {"user", "remove", "--username", "x"}} {
		if _, err := cliRun(t, args...); !isUsage(err) {
			t.Errorf("motcua %s = %v, want a usage error", strings.Join(args, " "), err)
		}
	}
}
