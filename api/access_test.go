package api_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/api"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// eachWithStore is each, also handing fn the store, to read what the API wrote, and the database.
func eachWithStore(t *testing.T, fn func(t *testing.T, e *env, st *store.Store, db testdb.DB)) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			st.SetClock(func() time.Time { return testdb.At(9, 0) })
			f := testdb.Seed(t, st)
			e := &env{t: t, tokens: map[string]string{}}
			for name, u := range f.Users {
				if e.tokens[name], err = st.NewToken(ctx, u.ID, 0); err != nil {
					t.Fatal(err)
				}
			}
			e.srv = httptest.NewServer(api.New(st, slog.New(slog.NewTextHandler(io.Discard, nil))))
			t.Cleanup(e.srv.Close)
			fn(t, e, st, db)
		})
	}
}

// Decree 13/2023: an officer reading a dossier through the API is recorded like one opening its
// page; the applicant reading their own dossier, and a refused read, are not.
func TestDossierReadThroughTheAPILogsOfficersOnly(t *testing.T) {
	eachWithStore(t, func(t *testing.T, e *env, st *store.Store, db testdb.DB) {
		status, d := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Nguyễn Văn An"))
		if status != 201 {
			t.Fatalf("create: %d %v", status, d)
		}
		code := d["code"].(string)
		steps := []struct {
			who    string
			status int
			log    string // the access log afterwards, newest first
		}{
			{"citizen", 200, "[]"},
			{"citizen2", 404, "[]"},
			{"other.intake", 404, "[]"},
			{"intake", 200, "[intake api]"},
			{"manager", 200, "[manager api intake api]"},
			{"citizen", 200, "[manager api intake api]"},
		}
		for _, s := range steps {
			status, body := e.call("GET", "/api/v1/dossiers/"+code, s.who, nil)
			if status != s.status {
				t.Fatalf("%s reads: %d, want %d (%v)", s.who, status, s.status, body)
			}
			log, err := st.AccessLog(context.Background(), code)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, a := range log {
				got = append(got, a.Username, a.Screen)
			}
			if g := fmt.Sprint(got); g != s.log {
				t.Fatalf("after %s reads: access log %s, want %s", s.who, g, s.log)
			}
		}
	})
}

// Without the access record the read fails: nothing is sent.
func TestDossierReadFailsWhenTheAccessCannotBeLogged(t *testing.T) {
	eachWithStore(t, func(t *testing.T, e *env, st *store.Store, db testdb.DB) {
		status, d := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Nguyễn Văn An"))
		if status != 201 {
			t.Fatalf("create: %d %v", status, d)
		}
		code := d["code"].(string)
		// The access log's table goes away under the server: recording fails, reading does not.
		raw := openRaw(t, db)
		if _, err := raw.Exec("DROP TABLE personal_data_access"); err != nil {
			t.Fatal(err)
		}
		if status, body := e.call("GET", "/api/v1/dossiers/"+code, "citizen", nil); status != 200 || body["code"] != code {
			t.Fatalf("the applicant's own read, which logs nothing: %d %v", status, body)
		}
		status, body := e.call("GET", "/api/v1/dossiers/"+code, "intake", nil)
		if status != 500 || errCode(body) != "internal" || body["applicant"] != nil {
			t.Fatalf("read without a log: %d %v", status, body)
		}
	})
}

// openRaw opens the test database directly, around the store.
func openRaw(t *testing.T, db testdb.DB) *sql.DB {
	t.Helper()
	driver, dsn := "pgx", db.DSN
	if path, ok := strings.CutPrefix(db.DSN, "sqlite:"); ok {
		driver, dsn = "sqlite", "file:"+path
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}
