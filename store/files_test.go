package store_test

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
	"unicode/utf8"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/blob"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// withFilesDir keeps the store's new files in a folder; it returns the folder's blob store.
func withFilesDir(t *testing.T, st *store.Store) *blob.FS {
	t.Helper()
	b, err := blob.NewFS(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	st.SetBlobs(b)
	return b
}

// blobsOnDisk lists the files under the blob folder by name (temporary files included).
func blobsOnDisk(t *testing.T, b *blob.FS) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(b.Root(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, d.Name())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func writeFile(p string, data []byte) error { return os.WriteFile(p, data, 0o600) }

func sameSet(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	seen := map[string]bool{}
	for _, g := range got {
		seen[g] = true
	}
	for _, w := range want {
		if !seen[w] {
			return false
		}
	}
	return true
}

// draftWith starts a draft of who's (its unit chosen) holding files.
func draftWith(t *testing.T, f testdb.Fixture, who string, files ...store.NewFile) (store.Draft, []store.File) {
	t.Helper()
	ctx := context.Background()
	u := f.Users[who]
	d, err := f.Store.CreateDraft(ctx, u, testdb.ProcCode)
	if err != nil {
		t.Fatal(err)
	}
	a := d.Answers
	a.UnitCode = testdb.Dept
	if err := f.Store.SaveDraft(ctx, u, d.ID, a); err != nil {
		t.Fatal(err)
	}
	added, err := f.Store.AddDraftFiles(ctx, u, d.ID, files)
	if err != nil {
		t.Fatal(err)
	}
	return d, added
}

func TestFilesLiveInTheFolderAndLeaveWithTheirLastReference(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		b := withFilesDir(t, st)
		cit, cit2 := f.Users["citizen"], f.Users["citizen2"]
		pdf, png := blob.Sum(samplePDF), blob.Sum(samplePNG)
		d1, files1 := draftWith(t, f, "citizen",
			store.NewFile{Document: "Tờ khai", Name: "to-khai.pdf", Data: samplePDF},
			store.NewFile{Document: "Tờ khai", Name: "anh.png", Data: samplePNG})
		// Another citizen uploads the very same PDF: one blob, two files.
		d2, files2 := draftWith(t, f, "citizen2", store.NewFile{Document: "Tờ khai", Name: "ban-sao.pdf", Data: samplePDF})
		if got := blobsOnDisk(t, b); !sameSet(got, pdf, png) {
			t.Fatalf("blobs on disk %v, want the PDF's and the PNG's", got)
		}
		if files1[0].SHA256 != pdf || files2[0].SHA256 != pdf {
			t.Fatalf("hashes %s %s, want %s", files1[0].SHA256, files2[0].SHA256, pdf)
		}
		if _, data, _, err := st.FileContent(ctx, cit2, files2[0].ID); err != nil || !bytes.Equal(data, samplePDF) {
			t.Fatalf("read from the folder: %v", err)
		}
		// The first citizen's PDF goes; the second's still needs the blob.
		if err := st.RemoveDraftFile(ctx, cit, d1.ID, files1[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := blobsOnDisk(t, b); !sameSet(got, pdf, png) {
			t.Fatalf("after removing a shared file: %v", got)
		}
		if _, data, _, err := st.FileContent(ctx, cit2, files2[0].ID); err != nil || !bytes.Equal(data, samplePDF) {
			t.Fatalf("the shared file after the other's removal: %v", err)
		}
		// The first draft goes with its PNG, nobody else's.
		if err := st.DeleteDraft(ctx, cit, d1.ID); err != nil {
			t.Fatal(err)
		}
		if got := blobsOnDisk(t, b); !sameSet(got, pdf) {
			t.Fatalf("after deleting the first draft: %v", got)
		}
		if err := st.DeleteDraft(ctx, cit2, d2.ID); err != nil {
			t.Fatal(err)
		}
		if got := blobsOnDisk(t, b); len(got) != 0 {
			t.Fatalf("after deleting both drafts: %v", got)
		}
		// A refused upload leaves nothing behind either.
		d3, _ := draftWith(t, f, "citizen")
		if _, err := st.AddDraftFiles(ctx, cit, d3.ID, []store.NewFile{
			{Document: "Tờ khai", Name: "a.pdf", Data: samplePDF}, {Document: "Tờ khai", Name: "b.exe", Data: []byte("MZ\x90\x00")},
		}); errCodeOf(err) != motcua.EINVALID {
			t.Fatalf("an upload with an EXE: %v", err)
		}
		if got := blobsOnDisk(t, b); len(got) != 0 {
			t.Fatalf("after a refused upload: %v", got)
		}
	})
}

func TestDossierFilesCannotBeRemoved(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		b := withFilesDir(t, st)
		cit := f.Users["citizen"]
		d, files := draftWith(t, f, "citizen", store.NewFile{Document: "Tờ khai", Name: "to-khai.pdf", Data: samplePDF})
		dos, err := st.SubmitDraft(ctx, cit, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		id := files[0].ID
		// Through the submitted draft's number, through another draft of the same citizen
		// that shares the content, or as "every file of the draft": nothing reaches it.
		d2, _ := draftWith(t, f, "citizen", store.NewFile{Document: "Tờ khai", Name: "lai.pdf", Data: samplePDF})
		for _, draftID := range []int64{d.ID, d2.ID, 0} {
			if err := st.RemoveDraftFile(ctx, cit, draftID, id); errCodeOf(err) != motcua.ENOTFOUND {
				t.Fatalf("remove the dossier's file through draft %d: %v", draftID, err)
			}
		}
		if err := st.RemoveDraftFile(ctx, cit, d2.ID, 0); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("remove file 0: %v", err)
		}
		if err := st.DeleteDraft(ctx, cit, d2.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteDraft(ctx, cit, d.ID); errCodeOf(err) != motcua.ENOTFOUND {
			t.Fatalf("delete the submitted draft: %v", err)
		}
		listed, err := st.DossierFiles(ctx, f.Users["intake"], dos.Code)
		if err != nil || len(listed) != 1 || listed[0].ID != id {
			t.Fatalf("the dossier's files: %+v %v", listed, err)
		}
		if listed[0].UploaderName != cit.FullName || listed[0].OwnerID != cit.ID || listed[0].SHA256 != blob.Sum(samplePDF) {
			t.Fatalf("uploader %q (%d), hash %s", listed[0].UploaderName, listed[0].OwnerID, listed[0].SHA256)
		}
		if _, data, _, err := st.FileContent(ctx, f.Users["intake"], id); err != nil || !bytes.Equal(data, samplePDF) {
			t.Fatalf("the dossier's file after the attempts: %v", err)
		}
		if got := blobsOnDisk(t, b); !sameSet(got, blob.Sum(samplePDF)) {
			t.Fatalf("blobs %v", got)
		}
	})
}

func TestCorruptFilesAreRefusedOnRead(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		b := withFilesDir(t, st)
		cit := f.Users["citizen"]
		_, files := draftWith(t, f, "citizen", store.NewFile{Document: "Tờ khai", Name: "to-khai.pdf", Data: samplePDF})
		p := b.Path(files[0].SHA256)
		flipped := bytes.Clone(samplePDF)
		flipped[len(flipped)-1] ^= 0x20
		if err := writeFile(p, flipped); err != nil {
			t.Fatal(err)
		}
		_, _, _, err := st.FileContent(ctx, cit, files[0].ID)
		if !errors.Is(err, blob.ErrCorrupt) || errCodeOf(err) != motcua.EINTERNAL {
			t.Fatalf("a flipped byte on disk: %v (%s)", err, errCodeOf(err))
		}
		// The result too, as the stamp step and the applicant read it.
		result := testdb.PDF("Kết quả")
		d := toStamp(t, f, "Lê Văn Cường", result)
		if err := writeFile(b.Path(blob.Sum(result)), append(bytes.Clone(result), '\n')); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.Result(ctx, f.Users["intake"], d.Code); !errors.Is(err, blob.ErrCorrupt) {
			t.Fatalf("a corrupt result: %v", err)
		}
	})
}

func TestFilesStoredInTheDatabaseStayReadable(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit := f.Users["citizen"]
		// Uploaded while the database kept the bytes …
		d, files := draftWith(t, f, "citizen", store.NewFile{Document: "Tờ khai", Name: "cu.pdf", Data: samplePDF})
		b := withFilesDir(t, st)
		// … read after the folder is configured, and a new upload of the same content goes
		// to the folder.
		if _, data, _, err := st.FileContent(ctx, cit, files[0].ID); err != nil || !bytes.Equal(data, samplePDF) {
			t.Fatalf("a file kept in the database: %v", err)
		}
		more, err := st.AddDraftFiles(ctx, cit, d.ID, []store.NewFile{{Document: "Tờ khai", Name: "moi.pdf", Data: samplePDF}})
		if err != nil {
			t.Fatal(err)
		}
		if got := blobsOnDisk(t, b); !sameSet(got, blob.Sum(samplePDF)) {
			t.Fatalf("blobs %v", got)
		}
		for _, id := range []int64{files[0].ID, more[0].ID} {
			if _, data, _, err := st.FileContent(ctx, cit, id); err != nil || !bytes.Equal(data, samplePDF) {
				t.Fatalf("file %d: %v", id, err)
			}
		}
		if err := st.DeleteDraft(ctx, cit, d.ID); err != nil {
			t.Fatal(err)
		}
		if got := blobsOnDisk(t, b); len(got) != 0 {
			t.Fatalf("blobs after the delete: %v", got)
		}
	})
}

func TestDossierSizeLimit(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		withFilesDir(t, st) // 100 MB of one repeated content: one blob on disk
		cit := f.Users["citizen"]
		full := append(bytes.Clone(samplePDF), make([]byte, store.MaxFileSize-len(samplePDF))...)
		five := make([]store.NewFile, store.MaxSubmissionSize/store.MaxFileSize)
		for i := range five {
			five[i] = store.NewFile{Document: "Tờ khai", Name: "trang.pdf", Data: full}
		}
		d, _ := draftWith(t, f, "citizen", five...)
		dos, err := st.SubmitDraft(ctx, cit, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		request := func() {
			t.Helper()
			if dos, err = st.Act(ctx, f.Users["intake"], dos.Code, dossier.Request{Action: workflow.RequestSupplement,
				Version: dos.Version, Reason: "Bản chụp không rõ"}); err != nil {
				t.Fatal(err)
			}
		}
		// Up to the limit exactly: accepted.
		request()
		if dos, err = st.AnswerSupplement(ctx, cit, dos.Code, dos.Version, "", five); err != nil {
			t.Fatalf("supplement up to %d MB: %v", store.MaxDossierSize>>20, err)
		}
		// One byte more: refused, naming the file, and nothing changes.
		request()
		tiny := []store.NewFile{{Document: "Bổ sung", Name: "them.png", Data: samplePNG}}
		_, err = st.AnswerSupplement(ctx, cit, dos.Code, dos.Version, "", tiny)
		var me *motcua.Error
		if !errors.As(err, &me) || me.Code != motcua.EINVALID || me.Key != "dossier_too_large" || me.Field != "them.png" {
			t.Fatalf("supplement past the limit: %v", err)
		}
		if after, _ := st.Dossier(ctx, cit, dos.Code); after.Version != dos.Version {
			t.Fatalf("a refused supplement changed the dossier: version %d, was %d", after.Version, dos.Version)
		}
		if files, _ := st.DossierFiles(ctx, cit, dos.Code); len(files) != 10 {
			t.Fatalf("%d files, want 10", len(files))
		}
		// A result is counted too.
		if dos, err = st.AnswerSupplement(ctx, cit, dos.Code, dos.Version, "Không còn gì thêm", nil); err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct {
			who    string
			action workflow.Action
		}{{"intake", workflow.Receive}, {"intake", workflow.Forward}} {
			if dos, err = st.Act(ctx, f.Users[a.who], dos.Code, dossier.Request{Action: a.action, Version: dos.Version}); err != nil {
				t.Fatalf("%s: %v", a.action, err)
			}
		}
		_, err = st.AddResult(ctx, f.Users["officer"], dos.Code, store.NewFile{Name: "ket-qua.pdf", Data: samplePDF})
		if !errors.As(err, &me) || me.Key != "dossier_too_large" {
			t.Fatalf("a result past the limit: %v", err)
		}
	})
}

func TestCleanFileNameDefusesHostileNames(t *testing.T) {
	long := strings.Repeat("ả", 100) + ".pdf" // 304 bytes
	cases := []struct{ in, want string }{
		{"to-khai.pdf", "to-khai.pdf"},
		{"../../etc/passwd", "passwd"},
		{`..\..\windows\system32\config`, "config"},
		{`C:\x\y.pdf`, "y.pdf"},
		{"/tmp/", "tmp"},
		{"a\x00b.pdf", "ab.pdf"},
		{"don\r\nX-Evil: 1.pdf", "donX-Evil: 1.pdf"},
		{"bao\x1b[31mcao.pdf", "bao[31mcao.pdf"},
		{"hoa-don\u202Efdp.exe", "hoa-donfdp.exe"},
		{"anh\u200b.jpg", "anh.jpg"},
		{"\xff\xfeten.pdf", "ten.pdf"},
		{"", "tep"},
		{"   ", "tep"},
		{".", "tep"},
		{"..", "tep"},
		{".\x00.", "tep"},
		{"/", "tep"},
		{"\x00\x01\x02", "tep"},
		{"  Giấy khai sinh.pdf  ", "Giấy khai sinh.pdf"},
	}
	for _, c := range cases {
		if got := store.CleanFileName(c.in); got != c.want {
			t.Errorf("CleanFileName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, in := range []string{long, strings.Repeat("a", 300), strings.Repeat("ả", 100) + ".averylongextension"} {
		got := store.CleanFileName(in)
		if len(got) > 200 || !utf8.ValidString(got) || got == "" {
			t.Errorf("CleanFileName(%d bytes) = %q (%d bytes)", len(in), got, len(got))
		}
	}
	if got := store.CleanFileName(long); !strings.HasSuffix(got, "ả.pdf") {
		t.Errorf("a long name lost its extension: %q", got)
	}
}

func TestFileTypesAreTakenFromTheContent(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		cit := f.Users["citizen"]
		d, _ := draftWith(t, f, "citizen")
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 100)...)
		_, err := st.AddDraftFiles(ctx, cit, d.ID, []store.NewFile{{Document: "Tờ khai", Name: "to-khai.pdf", Data: exe}})
		var me *motcua.Error
		if !errors.As(err, &me) || me.Key != "file_type" || me.Field != "to-khai.pdf" {
			t.Fatalf("an EXE named .pdf: %v", err)
		}
		got, err := st.AddDraftFiles(ctx, cit, d.ID, []store.NewFile{{Document: "Tờ khai", Name: "to-khai.exe", Data: samplePDF}})
		if err != nil || got[0].ContentType != "application/pdf" {
			t.Fatalf("a PDF named .exe: %+v %v", got, err)
		}
	})
}

func TestConcurrentUploadsAndDeletesOfTheSameContent(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st := f.Store
		b := withFilesDir(t, st)
		cit := f.Users["citizen"]
		drafts := make([]store.Draft, 8)
		for i := range drafts {
			drafts[i], _ = draftWith(t, f, "citizen")
		}
		var wg sync.WaitGroup
		errs := make([]error, len(drafts))
		for i, d := range drafts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = st.AddDraftFiles(ctx, cit, d.ID, []store.NewFile{{Document: "Tờ khai", Name: "a.pdf", Data: samplePDF}})
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if got := blobsOnDisk(t, b); !sameSet(got, blob.Sum(samplePDF)) {
			t.Fatalf("after 8 uploads: %v", got)
		}
		// Seven drafts go at once, and an eighth upload comes meanwhile: the blob stays.
		var extra []store.File
		var extraErr error
		wg.Add(1)
		go func() {
			defer wg.Done()
			extra, extraErr = st.AddDraftFiles(ctx, cit, drafts[7].ID, []store.NewFile{{Document: "Tờ khai", Name: "b.pdf", Data: samplePDF}})
		}()
		for i, d := range drafts[:7] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = st.DeleteDraft(ctx, cit, d.ID)
			}()
		}
		wg.Wait()
		if err := errors.Join(append(errs, extraErr)...); err != nil {
			t.Fatal(err)
		}
		if _, data, _, err := st.FileContent(ctx, cit, extra[0].ID); err != nil || !bytes.Equal(data, samplePDF) {
			t.Fatalf("the file uploaded meanwhile: %v", err)
		}
		if err := st.DeleteDraft(ctx, cit, drafts[7].ID); err != nil {
			t.Fatal(err)
		}
		if got := blobsOnDisk(t, b); len(got) != 0 {
			t.Fatalf("after the last draft: %v", got)
		}
	})
}
