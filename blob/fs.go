package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// FS keeps blobs as files under a folder, ROOT/ab/cd/abcd… for the hash abcd…: two levels of
// 256 folders keep each folder small. Several servers may share one FS folder (a network mount):
// writes never replace a good blob and a blob's name says what its content must be.
type FS struct {
	root string
}

// NewFS opens (creating it if needed) the folder blobs are kept in.
func NewFS(root string) (*FS, error) {
	if root == "" {
		return nil, errors.New("blob folder: empty path")
	}
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("blob folder: %w", err)
	}
	return &FS{root: root}, nil
}

// Root is the folder the blobs are kept in.
func (f *FS) Root() string { return f.root }

// Path is where the blob of that hash is (or would be) kept.
func (f *FS) Path(hash string) string {
	return filepath.Join(f.root, hash[:2], hash[2:4], hash)
}

// Put writes data under hash atomically: into a temporary file in the blob's folder, flushed to
// disk, then linked to its name (which fails, leaving the existing blob alone, if another writer
// got there first) and the folder flushed too, so that a blob once acknowledged survives a crash
// whole and a crash during the write leaves no partial blob under a blob's name.
func (f *FS) Put(ctx context.Context, hash string, data []byte) error {
	if err := checkHash(hash); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if got := Sum(data); got != hash {
		return fmt.Errorf("put blob %s: the content's hash is %s", hash, got)
	}
	p := f.Path(hash)
	damaged := false
	switch fi, err := os.Stat(p); {
	case err == nil && fi.Size() == int64(len(data)):
		return nil // the same content is already there
	case err == nil:
		// Same name, other size: the stored copy is damaged. The new bytes are verified
		// against the name, so replacing it restores the blob rather than changing it.
		damaged = true
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("put blob %s: %w", hash, err)
	}
	dir := filepath.Dir(p)
	if err := f.mkdirs(dir); err != nil {
		return fmt.Errorf("put blob %s: %w", hash, err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("put blob %s: %w", hash, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // after a link, or on failure; gone already after a rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("put blob %s: %w", hash, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("put blob %s: %w", hash, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("put blob %s: %w", hash, err)
	}
	if damaged {
		err = os.Rename(tmpName, p)
	} else if err = os.Link(tmpName, p); errors.Is(err, fs.ErrExist) {
		// Another writer stored the same content meanwhile: theirs stays.
		fi, serr := os.Stat(p)
		if serr != nil {
			return fmt.Errorf("put blob %s: %w", hash, serr)
		}
		if fi.Size() != int64(len(data)) {
			return fmt.Errorf("put blob %s: stored with %d bytes, not %d: %w", hash, fi.Size(), len(data), ErrCorrupt)
		}
		err = nil
	} else if err != nil {
		// A file system without hard links: a rename, which may replace a blob another
		// writer has just stored with the very same bytes.
		err = os.Rename(tmpName, p)
	}
	if err != nil {
		return fmt.Errorf("put blob %s: %w", hash, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("put blob %s: %w", hash, err)
	}
	return nil
}

// Get reads the blob and checks that its content still has its hash.
func (f *FS) Get(ctx context.Context, hash string) ([]byte, error) {
	if err := checkHash(hash); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(f.Path(hash))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob %s: %w", hash, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", hash, err)
	}
	if Sum(data) != hash {
		return nil, fmt.Errorf("blob %s (%s): %w", hash, f.Path(hash), ErrCorrupt)
	}
	return data, nil
}

// Delete removes the blob. Its folders stay: a concurrent Put may be about to write there.
func (f *FS) Delete(ctx context.Context, hash string) error {
	if err := checkHash(hash); err != nil {
		return err
	}
	p := f.Path(hash)
	if err := os.Remove(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("delete blob %s: %w", hash, err)
	}
	if err := syncDir(filepath.Dir(p)); err != nil {
		return fmt.Errorf("delete blob %s: %w", hash, err)
	}
	return nil
}

// mkdirs creates a blob's folder ROOT/ab/cd and, when it had to, flushes the folders that got a
// new entry, so that the blob's path survives a crash along with the blob.
func (f *FS) mkdirs(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	for _, d := range []string{filepath.Dir(dir), f.root} {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// syncDir flushes a folder's entries (a new, renamed or removed file) to disk.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // folders cannot be opened for a sync there; NTFS journals their entries
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
