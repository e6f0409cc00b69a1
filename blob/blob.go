// Package blob keeps the bytes of uploaded files by their SHA-256, apart from the database that
// holds their metadata: written once, never changed, checked on every read.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// Store keeps blobs by the lower-case hex SHA-256 of their content. Because a blob's name is its
// content, writing one that is already there changes nothing, and callers may write before they
// record a reference (a crash then leaves at most an unreferenced blob, never a reference to a
// missing one).
type Store interface {
	// Put stores data under hash, which must be data's SHA-256; a blob already stored under
	// hash is kept as it is.
	Put(ctx context.Context, hash string, data []byte) error
	// Get returns the blob's bytes: ErrNotFound if there is none, ErrCorrupt if the bytes
	// stored no longer have that hash.
	Get(ctx context.Context, hash string) ([]byte, error)
	// Delete removes the blob; removing one that is not there is no error. The caller makes
	// sure nothing refers to it any more.
	Delete(ctx context.Context, hash string) error
}

var (
	// ErrNotFound: no blob has that hash.
	ErrNotFound = errors.New("blob not found")
	// ErrCorrupt: the stored bytes do not have the hash they are stored under.
	ErrCorrupt = errors.New("blob corrupt")
)

// Sum returns data's SHA-256 as Store names blobs.
func Sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// ValidHash reports whether h is a SHA-256 as Store names blobs: 64 lower-case hex digits. Only
// such names reach a path, so a hash can never walk out of the store's folder.
func ValidHash(h string) bool {
	if len(h) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func checkHash(hash string) error {
	if !ValidHash(hash) {
		return fmt.Errorf("blob %q: not a lower-case hex SHA-256", hash)
	}
	return nil
}
