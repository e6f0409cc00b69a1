// Package testdb gives storage and API tests a fresh database of each kind: SQLite always, and
// PostgreSQL when MOTCUA_TEST_POSTGRES names a server. In CI (CI=true) a missing PostgreSQL is a
// failure, not a skip.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// DB is one database to run a test against.
type DB struct {
	Name string // "sqlite" or "postgres"
	DSN  string
}

// All returns a fresh SQLite database and, when configured, a fresh PostgreSQL database; each is
// dropped when the test ends.
func All(t testing.TB) []DB {
	t.Helper()
	dbs := []DB{SQLite(t)}
	if pg, ok := Postgres(t); ok {
		dbs = append(dbs, pg)
	}
	return dbs
}

// SQLite returns a fresh SQLite database in the test's temporary folder.
func SQLite(t testing.TB) DB {
	return DB{Name: "sqlite", DSN: "sqlite:" + filepath.Join(t.TempDir(), "motcua.db")}
}

// Postgres creates a fresh PostgreSQL database on the server MOTCUA_TEST_POSTGRES names.
func Postgres(t testing.TB) (DB, bool) {
	t.Helper()
	admin := os.Getenv("MOTCUA_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but MOTCUA_TEST_POSTGRES is not set: the PostgreSQL tests must run in CI")
		}
		t.Log("MOTCUA_TEST_POSTGRES not set: PostgreSQL variant skipped")
		return DB{}, false
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "motcua_test_" + hex.EncodeToString(b)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		t.Fatalf("postgres: create test database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		db.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("postgres dsn: %v", err)
	}
	u.Path = "/" + name
	return DB{Name: "postgres", DSN: u.String()}, true
}
