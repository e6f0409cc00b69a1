package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Limits on what a citizen uploads: a phone photo or a scanned PDF fits in one file; a whole
// submission (or one supplement answer) stays small enough for a slow line; a dossier, with its
// supplements and results, stays small enough to back up and hand over.
const (
	MaxFileSize       = 10 << 20  // one file
	MaxSubmissionSize = 50 << 20  // all the files of one submission, or of one supplement answer
	MaxDossierSize    = 100 << 20 // all the files attached to one dossier (signed copies aside)
	MaxFilesPerDraft  = 60
)

// File purposes: sent with the submission, or later in answer to a supplement request.
const (
	PurposeSubmission = "submission"
	PurposeSupplement = "supplement"
)

// File is an uploaded file's metadata.
type File struct {
	ID          int64
	OwnerID     int64 // who uploaded it
	DraftID     int64 // 0 once the draft is submitted
	DossierID   int64 // 0 while on a draft
	Document    string
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	Purpose     string
	UploadedAt  time.Time
	// UploaderName is the uploader's full name (else username); only DossierFiles fills it.
	UploaderName string
}

// NewFile is a file to store: Document names the checklist entry it answers.
type NewFile struct {
	Document string
	Name     string
	Data     []byte
}

// SniffFileType returns the type of an uploaded file from its first bytes, whatever its name or
// the browser claims: "application/pdf", "image/jpeg" or "image/png"; "" for anything else.
func SniffFileType(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return "application/pdf"
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	}
	return ""
}

// CleanFileName keeps the last element of a name a browser sent (either slash), without control
// or format characters (NUL, newlines, the right-to-left override that shows "gpj.exe" as
// "exe.jpg"), at most 200 bytes of valid UTF-8 — cut before a short extension, which stays.
func CleanFileName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if len(name) > 200 {
		ext := path.Ext(name)
		if len(ext) > 10 {
			ext = ""
		}
		base := name[:len(name)-len(ext)]
		for len(base)+len(ext) > 200 {
			_, n := utf8.DecodeLastRuneInString(base)
			base = base[:len(base)-n]
		}
		name = base + ext
	}
	if name == "" || name == "." || name == ".." || name == "/" {
		name = "tep"
	}
	return name
}

// fileError refuses one file: Field is the file's name; Key is one of file_empty, file_type,
// file_too_large, files_too_large, dossier_too_large, file_document, too_many_files.
func fileError(key string, f NewFile, format string, args ...any) error {
	return &motcua.Error{Code: motcua.EINVALID, Key: key, Field: f.Name, Message: fmt.Sprintf(format, args...)}
}

// checkFiles validates files to add to already bytes of files; it returns their sniffed types.
func checkFiles(files []NewFile, already int64) ([]string, error) {
	types := make([]string, len(files))
	total := already
	for i, f := range files {
		switch {
		case len(f.Data) == 0:
			return nil, fileError("file_empty", f, "file %s is empty", f.Name)
		case len(f.Data) > MaxFileSize:
			return nil, fileError("file_too_large", f, "file %s is larger than %d MB", f.Name, MaxFileSize>>20)
		case strings.TrimSpace(f.Document) == "" || len(f.Document) > 1000:
			return nil, fileError("file_document", f, "file %s answers no document of the checklist", f.Name)
		}
		if types[i] = SniffFileType(f.Data); types[i] == "" {
			return nil, fileError("file_type", f, "file %s is not a PDF, JPEG or PNG", f.Name)
		}
		total += int64(len(f.Data))
		if total > MaxSubmissionSize {
			return nil, fileError("files_too_large", f, "with file %s the files add up to more than %d MB", f.Name, MaxSubmissionSize>>20)
		}
	}
	return types, nil
}

// checkDossierSize refuses files that would take a dossier's files, already bytes, past
// MaxDossierSize.
func (s *Store) checkDossierSize(ctx context.Context, tx *txn, dossierID int64, files []NewFile) error {
	var total int64
	if err := tx.QueryRowContext(ctx, s.q.get("file-size-dossier"), dossierID).Scan(&total); err != nil {
		return err
	}
	for _, f := range files {
		if total += int64(len(f.Data)); total > MaxDossierSize {
			return fileError("dossier_too_large", f, "with file %s the dossier's files add up to more than %d MB", f.Name, MaxDossierSize>>20)
		}
	}
	return nil
}

// insertFiles records files in tx: each file's bytes first (in the blob store, see SetBlobs),
// then its row; without a blob store the bytes go in the database after the row.
func (s *Store) insertFiles(ctx context.Context, tx *txn, who user.User, draftID, dossierID int64, purpose string, files []NewFile, types []string) ([]File, error) {
	out := make([]File, 0, len(files))
	now := s.now()
	hashes := newFileHashes(files)
	if s.blobs != nil {
		if err := s.lockBlobs(ctx, tx, hashes); err != nil {
			return nil, err
		}
	}
	for i, nf := range files {
		f := File{OwnerID: who.ID, DraftID: draftID, DossierID: dossierID, Document: nf.Document,
			Name: CleanFileName(nf.Name), ContentType: types[i], Size: int64(len(nf.Data)),
			SHA256: hashes[i], Purpose: purpose, UploadedAt: now}
		if s.blobs != nil {
			if err := s.blobs.Put(ctx, f.SHA256, nf.Data); err != nil {
				return nil, fmt.Errorf("store file %s: %w", f.Name, err)
			}
		}
		var draft, dos any
		if draftID != 0 {
			draft = draftID
		}
		if dossierID != 0 {
			dos = dossierID
		}
		err := tx.QueryRowContext(ctx, s.q.get("file-insert"), who.ID, draft, dos, f.Document, f.Name,
			f.ContentType, f.Size, f.SHA256, purpose, ms(now)).Scan(&f.ID)
		if err != nil {
			return nil, err
		}
		if s.blobs == nil {
			if _, err := tx.ExecContext(ctx, s.q.get("file-blob-insert"), f.ID, nf.Data); err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	if dossierID != 0 {
		if err := s.markDigital(ctx, tx, dossierID, now); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AddDraftFiles stores files on one of who's drafts, all or none, each with its metadata in the
// same transaction. Each file must be a PDF, JPEG or PNG by its content, at most MaxFileSize,
// and the draft's files at most MaxSubmissionSize together; a refused file is named in the
// error's Field.
func (s *Store) AddDraftFiles(ctx context.Context, who user.User, draftID int64, files []NewFile) ([]File, error) {
	if len(files) == 0 {
		return nil, nil
	}
	var out []File
	wrote := false
	err := s.tx(ctx, func(tx *txn) error {
		_, err := scanDraft(tx.QueryRowContext(ctx, s.q.get("draft-get"), draftID, who.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoDraft
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, s.q.get("file-list-draft"), draftID, who.ID)
		if err != nil {
			return err
		}
		existing, err := collectFiles(rows, false)
		if err != nil {
			return err
		}
		var size int64
		for _, f := range existing {
			size += f.Size
		}
		if len(existing)+len(files) > MaxFilesPerDraft {
			return fileError("too_many_files", files[0], "at most %d files per submission", MaxFilesPerDraft)
		}
		types, err := checkFiles(files, size)
		if err != nil {
			return err
		}
		wrote = true
		if out, err = s.insertFiles(ctx, tx, who, draftID, 0, PurposeSubmission, files, types); err != nil {
			return err
		}
		// Touch the draft, so "my dossiers" lists the one worked on last first.
		_, err = tx.ExecContext(ctx, s.q.get("draft-touch"), draftID, who.ID, ms(s.now()))
		return err
	})
	if err != nil {
		if wrote {
			s.dropBlobs(ctx, newFileHashes(files))
		}
		return nil, fmt.Errorf("add files to draft %d: %w", draftID, err)
	}
	return out, nil
}

// RemoveDraftFile deletes a file from one of who's drafts, and its bytes unless another file
// has the same content. A file attached to a dossier is on no draft: it is never removed.
func (s *Store) RemoveDraftFile(ctx context.Context, who user.User, draftID, fileID int64) error {
	var hashes []string
	err := s.tx(ctx, func(tx *txn) error {
		if fileID == 0 {
			return motcua.Errorf(motcua.ENOTFOUND, "file_not_found", "no such file on your draft")
		}
		var err error
		if hashes, err = s.draftFileHashes(ctx, tx, draftID, who.ID, fileID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q.get("file-blob-delete-draft"), draftID, who.ID, fileID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q.get("file-delete-draft"), draftID, who.ID, fileID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return motcua.Errorf(motcua.ENOTFOUND, "file_not_found", "no such file on your draft")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("remove file %d: %w", fileID, err)
	}
	s.dropBlobs(ctx, hashes)
	return nil
}

// draftFileHashes lists the SHA-256 of a draft's files (fileID: one of them, 0: all).
func (s *Store) draftFileHashes(ctx context.Context, tx *txn, draftID, ownerID, fileID int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, s.q.get("file-hashes-draft"), draftID, ownerID, fileID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// DossierFiles lists the files attached to a dossier who may see.
func (s *Store) DossierFiles(ctx context.Context, who user.User, code string) ([]File, error) {
	d, err := s.visibleDossier(ctx, s.read, who, code)
	if err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, s.q.get("file-list-dossier"), d.ID)
	if err != nil {
		return nil, err
	}
	files, err := collectFiles(rows, true)
	if err != nil || !applicantOnly(who, &d) {
		return files, err
	}
	// A result not yet signed is the officers' working copy, not the applicant's.
	out := files[:0]
	for _, f := range files {
		if f.Purpose != PurposeResult {
			out = append(out, f)
		}
	}
	return out, nil
}

// applicantOnly tells whether who sees d as its applicant and not as an officer of its units.
func applicantOnly(who user.User, d *dossier.Dossier) bool {
	if d.OwnerID != who.ID {
		return false
	}
	for _, unit := range []string{d.UnitCode, d.CompetentUnit, d.StepUnit, d.TransferFromUnit} {
		for _, r := range who.RolesAt(unit) {
			if r != workflow.Citizen && r != workflow.Administrator {
				return false
			}
		}
	}
	return true
}

// FileContent returns a file and its bytes if who may see it: the uploader while it is on a
// draft; whoever may see the dossier once it is attached to one (dossierCode says which, "" for
// a draft's file). Anything else is ENOTFOUND.
func (s *Store) FileContent(ctx context.Context, who user.User, id int64) (f File, data []byte, dossierCode string, err error) {
	var got int64
	err = s.read.QueryRowContext(ctx, s.q.get("file-visible"), id, who.ID).Scan(&got, &dossierCode)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil, "", motcua.Errorf(motcua.ENOTFOUND, "file_not_found", "no file %d visible to you", id)
	}
	if err != nil {
		return f, nil, "", err
	}
	if f, err = scanFile(s.read.QueryRowContext(ctx, s.q.get("file-get"), id)); err != nil {
		return f, nil, "", err
	}
	data, err = s.fileData(ctx, s.read, f)
	return f, data, dossierCode, err
}

// AnswerSupplement records the applicant's answer to a supplement request in one transaction:
// the action "supplement" (with version check) and the files, attached to the dossier.
func (s *Store) AnswerSupplement(ctx context.Context, who user.User, code string, version int, note string, files []NewFile) (dossier.Dossier, error) {
	types, err := checkFiles(files, 0)
	if err != nil {
		return dossier.Dossier{}, fmt.Errorf("supplement dossier %s: %w", code, err)
	}
	wrote := false
	err = s.tx(ctx, func(tx *txn) error {
		d, err := s.act(ctx, tx, who, code, dossier.Request{Action: workflow.RecordSupplement, Version: version, Note: note}, s.now())
		if err != nil {
			return err
		}
		if err := s.checkDossierSize(ctx, tx, d.ID, files); err != nil {
			return err
		}
		wrote = true
		_, err = s.insertFiles(ctx, tx, who, 0, d.ID, PurposeSupplement, files, types)
		return err
	})
	if err != nil {
		if wrote {
			s.dropBlobs(ctx, newFileHashes(files))
		}
		return dossier.Dossier{}, fmt.Errorf("supplement dossier %s: %w", code, err)
	}
	return s.Dossier(ctx, who, code)
}

// scanFile reads the columns of file-columns; uploader, the uploader's name after them.
func scanFile(r scanner, uploader ...*string) (File, error) {
	var f File
	var draft, dos sql.NullInt64
	var at int64
	dest := []any{&f.ID, &f.OwnerID, &draft, &dos, &f.Document, &f.Name, &f.ContentType, &f.Size,
		&f.SHA256, &f.Purpose, &at}
	for _, u := range uploader {
		dest = append(dest, u)
	}
	if err := r.Scan(dest...); err != nil {
		return f, err
	}
	f.DraftID, f.DossierID, f.UploadedAt = draft.Int64, dos.Int64, fromMS(at)
	return f, nil
}

// collectFiles reads rows of file-columns, followed by the uploader's name if withUploader.
func collectFiles(rows *sql.Rows, withUploader bool) ([]File, error) {
	defer rows.Close()
	out := []File{}
	for rows.Next() {
		var name string
		var extra []*string
		if withUploader {
			extra = append(extra, &name)
		}
		f, err := scanFile(rows, extra...)
		if err != nil {
			return nil, err
		}
		f.UploaderName = name
		out = append(out, f)
	}
	return out, rows.Err()
}
