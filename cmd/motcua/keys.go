package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/pki"
)

// addKeyFlags binds where the master key that seals certificates' private keys comes from.
func addKeyFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.KeyFile, "key-file", os.Getenv("MOTCUA_KEY_FILE"), "file holding the secret that seals certificates' private keys (default: master.key beside a SQLite database; or set MOTCUA_KEY_SECRET)")
}

// masterKey is the key that seals certificates' private keys: from MOTCUA_KEY_SECRET, else the
// key file (--key-file, or master.key beside a SQLite database), created with a random secret
// when create is set (the demo). Without one, nothing is signed: nil, and a note why.
func (c *config) masterKey(create bool) (*pki.MasterKey, string, error) {
	if secret := os.Getenv("MOTCUA_KEY_SECRET"); secret != "" {
		k, err := pki.DeriveMasterKey([]byte(secret))
		if err != nil {
			return nil, "", fmt.Errorf("MOTCUA_KEY_SECRET: %w", err)
		}
		return &k, "MOTCUA_KEY_SECRET", nil
	}
	path := c.KeyFile
	if path == "" {
		db, ok := strings.CutPrefix(c.DB, "sqlite:")
		if !ok {
			return nil, "no MOTCUA_KEY_SECRET or --key-file: digital signing is off", nil
		}
		path = filepath.Join(filepath.Dir(db), "master.key")
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && create {
		secret := make([]byte, 32)
		if _, err := rand.Read(secret); err != nil {
			return nil, "", err
		}
		b = []byte(hex.EncodeToString(secret) + "\n")
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, "", err
		}
		// O_EXCL: two demos starting at once do not overwrite each other's key.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, "", err
		}
		if _, err := f.Write(b); err != nil {
			f.Close()
			return nil, "", err
		}
		if err := f.Close(); err != nil {
			return nil, "", err
		}
	} else if errors.Is(err, os.ErrNotExist) {
		return nil, "no key file " + path + ": digital signing is off", nil
	} else if err != nil {
		return nil, "", err
	}
	k, err := pki.DeriveMasterKey([]byte(strings.TrimSpace(string(b))))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	return &k, path, nil
}
