package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/motcua/motcua/blob"
)

// Where uploaded files' bytes live. By default they are in the database (table file_blobs, one
// row per file, written in the transaction that records the file). With SetBlobs they are in a
// blob.Store by their SHA-256 instead, written before the row that refers to them: a crash or a
// failed transaction leaves at most a blob nothing refers to, never a file without its bytes.
// Every read and write of file bytes goes through insertFiles (write) and fileData (read).

// SetBlobs keeps the bytes of files uploaded from now on in b instead of the database. Files
// stored in the database before stay there and are still read from it. Call it before the store
// serves requests.
func (s *Store) SetBlobs(b blob.Store) { s.blobs = b }

// fileData returns the bytes of f, checked against its SHA-256: from the blob store, or from the
// database for a file stored there (no blob store, or a file uploaded before there was one).
func (s *Store) fileData(ctx context.Context, q queryer, f File) ([]byte, error) {
	if s.blobs != nil {
		data, err := s.blobs.Get(ctx, f.SHA256)
		if err == nil {
			return data, nil
		}
		if !errors.Is(err, blob.ErrNotFound) {
			return nil, fmt.Errorf("file %d: %w", f.ID, err)
		}
	}
	var data []byte
	err := q.QueryRowContext(ctx, s.q.get("file-data"), f.ID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("file %d: %w", f.ID, blob.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("file %d: %w", f.ID, err)
	}
	if blob.Sum(data) != f.SHA256 {
		return nil, fmt.Errorf("file %d: %w", f.ID, blob.ErrCorrupt)
	}
	return data, nil
}

// lockBlobs keeps, until tx ends, other transactions from adding or dropping a reference to these
// blobs: between dropBlobs counting a blob's references and deleting it, no upload of the same
// content may record a new one. SQLite needs nothing (one writer at a time); on PostgreSQL an
// advisory lock per hash, taken in hash order so that two transactions never wait on each other.
func (s *Store) lockBlobs(ctx context.Context, tx *txn, hashes []string) error {
	if s.dialect != Postgres {
		return nil
	}
	for _, h := range sortedUnique(hashes) {
		b, err := hex.DecodeString(h)
		if err != nil || len(b) < 4 {
			return fmt.Errorf("lock blob %q: not a hash", h)
		}
		// The two-key form: a key space of its own, apart from the migrations' lock.
		if _, err := tx.Tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(727011, $1)`, int32(binary.BigEndian.Uint32(b))); err != nil {
			return fmt.Errorf("lock blob %s: %w", h, err)
		}
	}
	return nil
}

// dropBlobs deletes, from the blob store, the blobs of hashes that no file refers to any more.
// It runs after the transaction that removed the references has committed. It is best effort:
// a blob it fails to delete is an orphan, harmless like one a crash leaves.
func (s *Store) dropBlobs(ctx context.Context, hashes []string) {
	if s.blobs == nil || len(hashes) == 0 {
		return
	}
	ctx = context.WithoutCancel(ctx)
	_ = s.tx(ctx, func(tx *txn) error {
		hs := sortedUnique(hashes)
		if err := s.lockBlobs(ctx, tx, hs); err != nil {
			return err
		}
		for _, h := range hs {
			var n int
			if err := tx.QueryRowContext(ctx, s.q.get("file-count-sha"), h).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				if err := s.blobs.Delete(ctx, h); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func sortedUnique(hs []string) []string {
	out := slices.Clone(hs)
	slices.Sort(out)
	return slices.Compact(out)
}

func newFileHashes(files []NewFile) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = blob.Sum(f.Data)
	}
	return out
}
