package main

import (
	"flag"
	"io"
	"path/filepath"
	"testing"
)

func TestFilesDirDefaults(t *testing.T) {
	dir := t.TempDir()
	parse := func(t *testing.T, args ...string) filesConfig {
		t.Helper()
		var fc filesConfig
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		addFilesFlags(fs, &fc)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return fc
	}
	t.Setenv("MOTCUA_FILES_DIR", "")
	cases := []struct {
		name, dsn string
		args      []string
		env       string
		want      string // "" for the database
	}{
		{"beside a SQLite database", "sqlite:" + filepath.Join(dir, "db", "motcua.db"), nil, "", filepath.Join(dir, "db", "files")},
		{"PostgreSQL: the database", "postgres://u:p@h/db", nil, "", ""},
		{"flag", "postgres://u:p@h/db", []string{"--files-dir", filepath.Join(dir, "shared")}, "", filepath.Join(dir, "shared")},
		{"environment", "sqlite:" + filepath.Join(dir, "motcua.db"), nil, filepath.Join(dir, "env"), filepath.Join(dir, "env")},
		{"flag over environment", "sqlite:x.db", []string{"--files-dir", filepath.Join(dir, "flag")}, filepath.Join(dir, "env"), filepath.Join(dir, "flag")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("MOTCUA_FILES_DIR", c.env)
			b, err := parse(t, c.args...).blobs(c.dsn)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case c.want == "" && b != nil:
				t.Fatalf("blobs in %s, want the database", b.Root())
			case c.want != "" && (b == nil || b.Root() != c.want):
				t.Fatalf("blobs %v, want %s", b, c.want)
			}
		})
	}
}
