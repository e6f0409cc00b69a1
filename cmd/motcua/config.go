package main

import (
	"flag"
	"io"
	"os"
)

// config is what every command may take: flags first, then the environment, then defaults.
type config struct {
	DB   string
	Addr string
}

const (
	defaultDB   = "sqlite:motcua-data/motcua.db"
	defaultAddr = "127.0.0.1:8080"
)

// newFlags makes a flag set with --db and --addr bound to c, defaulting from MOTCUA_DB and
// MOTCUA_ADDR.
func newFlags(name string, c *config, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.DB, "db", envOr("MOTCUA_DB", defaultDB), "database: sqlite:PATH or postgres://…")
	fs.StringVar(&c.Addr, "addr", envOr("MOTCUA_ADDR", defaultAddr), "listen address")
	return fs
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
