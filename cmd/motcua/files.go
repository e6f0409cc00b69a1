package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/blob"
)

// filesConfig says where uploaded files' bytes are kept (docs/files.md).
type filesConfig struct {
	Dir string
}

// addFilesFlags binds --files-dir, defaulting from MOTCUA_FILES_DIR.
func addFilesFlags(fs *flag.FlagSet, fc *filesConfig) {
	fs.StringVar(&fc.Dir, "files-dir", os.Getenv("MOTCUA_FILES_DIR"), "folder for uploaded files' bytes, by SHA-256 (default: files/ beside a SQLite database; with PostgreSQL and no folder, the database keeps them; several servers must share the folder)")
}

// blobs is the blob store for uploaded files: --files-dir, else files/ beside a SQLite database.
// With PostgreSQL and no --files-dir it is nil: the bytes stay in the database, which every
// server of a cluster already shares.
func (fc filesConfig) blobs(dsn string) (*blob.FS, error) {
	dir := fc.Dir
	if dir == "" {
		db, ok := strings.CutPrefix(dsn, "sqlite:")
		if !ok {
			return nil, nil
		}
		dir = filepath.Join(filepath.Dir(db), "files")
	}
	return blob.NewFS(dir)
}
