package blob_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/blob"
)

func newFS(t *testing.T) *blob.FS {
	t.Helper()
	b, err := blob.NewFS(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// files lists every file under root, relative to it.
func files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPutGetDelete(t *testing.T) {
	ctx := context.Background()
	b := newFS(t)
	data := []byte("%PDF-1.4 tờ khai")
	h := blob.Sum(data)
	if _, err := b.Get(ctx, h); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("get before put: %v", err)
	}
	if err := b.Put(ctx, h, data); err != nil {
		t.Fatal(err)
	}
	if got := files(t, b.Root()); len(got) != 1 || got[0] != h[:2]+"/"+h[2:4]+"/"+h {
		t.Fatalf("files after put: %v", got)
	}
	got, err := b.Get(ctx, h)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("get: %q %v", got, err)
	}
	if err := b.Put(ctx, h, data); err != nil {
		t.Fatalf("put again: %v", err)
	}
	if err := b.Delete(ctx, h); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(ctx, h); err != nil {
		t.Fatalf("delete twice: %v", err)
	}
	if _, err := b.Get(ctx, h); !errors.Is(err, blob.ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
	if got := files(t, b.Root()); len(got) != 0 {
		t.Fatalf("files after delete: %v", got)
	}
}

func TestPutRefusesAWrongHashAndBadNames(t *testing.T) {
	ctx := context.Background()
	b := newFS(t)
	if err := b.Put(ctx, blob.Sum([]byte("a")), []byte("b")); err == nil {
		t.Fatal("content stored under another content's hash")
	}
	for _, h := range []string{"", "../../etc/passwd", strings.Repeat("A", 64), strings.Repeat("0", 63),
		"../" + strings.Repeat("0", 61), strings.Repeat("0", 62) + "/.", strings.Repeat("g", 64)} {
		if err := b.Put(ctx, h, nil); err == nil {
			t.Errorf("put %q: no error", h)
		}
		if _, err := b.Get(ctx, h); err == nil || errors.Is(err, blob.ErrNotFound) {
			t.Errorf("get %q: %v", h, err)
		}
		if err := b.Delete(ctx, h); err == nil {
			t.Errorf("delete %q: no error", h)
		}
	}
	if got := files(t, b.Root()); len(got) != 0 {
		t.Fatalf("files: %v", got)
	}
}

func TestConcurrentPutsOfTheSameContent(t *testing.T) {
	ctx := context.Background()
	b := newFS(t)
	data := bytes.Repeat([]byte("motcua "), 200_000)
	h := blob.Sum(data)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	start := make(chan struct{})
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = b.Put(ctx, h, data)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("put %d: %v", i, err)
		}
	}
	// One file, no temporary file left behind.
	if got := files(t, b.Root()); len(got) != 1 || !strings.HasSuffix(got[0], "/"+h) {
		t.Fatalf("files: %v", got)
	}
	if got, err := b.Get(ctx, h); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("get: %d bytes, %v", len(got), err)
	}
}

func TestCorruptionIsDetectedOnRead(t *testing.T) {
	ctx := context.Background()
	b := newFS(t)
	data := []byte("%PDF-1.7 kết quả")
	h := blob.Sum(data)
	if err := b.Put(ctx, h, data); err != nil {
		t.Fatal(err)
	}
	p := b.Path(h)
	flipped := bytes.Clone(data)
	flipped[3] ^= 0x01
	if err := os.WriteFile(p, flipped, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(ctx, h); !errors.Is(err, blob.ErrCorrupt) {
		t.Fatalf("a flipped byte: %v", err)
	}
	// Same size: Put trusts the stored copy and leaves it (Get keeps refusing it).
	if err := b.Put(ctx, h, data); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(ctx, h); !errors.Is(err, blob.ErrCorrupt) {
		t.Fatalf("after a put of the same size: %v", err)
	}
	// Truncated: a Put of the real content restores it.
	if err := os.WriteFile(p, data[:4], 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get(ctx, h); !errors.Is(err, blob.ErrCorrupt) {
		t.Fatalf("truncated: %v", err)
	}
	if err := b.Put(ctx, h, data); err != nil {
		t.Fatal(err)
	}
	if got, err := b.Get(ctx, h); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("after the repair: %q %v", got, err)
	}
	if got := files(t, b.Root()); len(got) != 1 {
		t.Fatalf("files: %v", got)
	}
}

func TestValidHash(t *testing.T) {
	if !blob.ValidHash(blob.Sum(nil)) {
		t.Fatal("the SHA-256 of nothing is not valid")
	}
	for _, h := range []string{"", "x", strings.ToUpper(blob.Sum(nil)), blob.Sum(nil) + "0"} {
		if blob.ValidHash(h) {
			t.Errorf("%q is valid", h)
		}
	}
}
