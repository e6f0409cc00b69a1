package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Digitisation (Decision 766, group "Digitisation", 22 of the index's 100 points): the papers an
// applicant hands in at the counter are scanned and kept as files of the dossier (purpose
// "digitised", the checklist entry they are a scan of, the officer and the instant in the file's
// own row); results are issued as signed electronic documents (PurposeResultSigned); and what was
// once digitised is re-used: every applicant has a personal document store, by ID number, whose
// documents go into a new submission without being uploaded again, each re-use recorded
// (table file_reuses). DigitisationFigures counts all three for the index.

// PurposeDigitised is the file purpose of a paper scanned after the counter received it.
const PurposeDigitised = "digitised"

// Digitise stores the scans of one paper of a received dossier: files are its pages (PDF, JPEG or
// PNG), document the checklist entry they are a scan of. Only an intake officer of the receiving
// unit may; the dossier must have been received (an online dossier's files are electronic already,
// but the papers it was later supplemented with at the desk may be scanned too). The file rows
// record who digitised and when.
func (s *Store) Digitise(ctx context.Context, who user.User, code, document string, files []NewFile) ([]File, error) {
	document = strings.TrimSpace(document)
	for i := range files {
		files[i].Document = document
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("digitise dossier %s: %w", code, motcua.FieldError("file", "required", "choose the scanned file"))
	}
	types, err := checkFiles(files, 0)
	if err != nil {
		return nil, fmt.Errorf("digitise dossier %s: %w", code, err)
	}
	var out []File
	err = s.tx(ctx, func(tx *txn) error {
		d, err := s.visibleDossier(ctx, tx, who, code)
		if err != nil {
			return err
		}
		if !has(who.RolesAt(d.UnitCode), workflow.IntakeOfficer) {
			return motcua.Errorf(motcua.EFORBIDDEN, "forbidden_digitise", "only an intake officer of unit %s digitises its dossiers' papers", d.UnitCode)
		}
		if d.ReceivedAt == nil {
			return motcua.Errorf(motcua.ECONFLICT, "not_received", "dossier %s has not been received", code)
		}
		list, err := s.digitiseChecklist(ctx, tx, d.ID, d.ProcedureCode, d.ProcedureVersion)
		if err != nil {
			return err
		}
		if !slices.Contains(list, document) {
			return motcua.FieldError("document", "unknown_document", "%q is not a paper of this dossier's checklist", document)
		}
		out, err = s.insertFiles(ctx, tx, who, 0, d.ID, PurposeDigitised, files, types)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("digitise dossier %s: %w", code, err)
	}
	return out, nil
}

// digitiseChecklist is what may be digitised: the papers the desk ticked as handed in, or, for a
// dossier that did not come through the desk, every document the procedure's cases name.
func (s *Store) digitiseChecklist(ctx context.Context, q queryer, dossierID int64, procedure string, version int) ([]string, error) {
	names, err := all[string](q.QueryContext(ctx, s.q.get("digitise-checklist"), dossierID))(func(r scanner) (string, error) {
		var n string
		return n, r.Scan(&n)
	})
	if err != nil || len(names) > 0 {
		return names, err
	}
	p, err := s.procedureVersion(ctx, q, procedure, version)
	if err != nil {
		return nil, err
	}
	for _, c := range p.Cases {
		for _, doc := range c.Documents {
			if !slices.Contains(names, doc.Name) {
				names = append(names, doc.Name)
			}
		}
	}
	return names, nil
}

// Reuse is one document of a dossier (or draft) taken from the applicant's store.
type Reuse struct {
	NewFileID     int64
	SourceFileID  int64
	SourceDossier string // the code of the dossier the document was taken from
	ByUser        int64
	At            time.Time
}

// DossierDigitisation is what the officer's dossier page shows about digitisation.
type DossierDigitisation struct {
	// Checklist are the papers that may be digitised; empty unless who may digitise now.
	Checklist []string
	Reuses    []Reuse
}

// DigitisationOf returns, for a dossier who may see, the papers who may digitise now and the
// documents re-used from the applicant's store.
func (s *Store) DigitisationOf(ctx context.Context, who user.User, code string) (DossierDigitisation, error) {
	var out DossierDigitisation
	d, err := s.visibleDossier(ctx, s.read, who, code)
	if err != nil {
		return out, err
	}
	if d.ReceivedAt != nil && has(who.RolesAt(d.UnitCode), workflow.IntakeOfficer) {
		if out.Checklist, err = s.digitiseChecklist(ctx, s.read, d.ID, d.ProcedureCode, d.ProcedureVersion); err != nil {
			return out, err
		}
	}
	out.Reuses, err = all[Reuse](s.read.QueryContext(ctx, s.q.get("reuse-list-dossier"), d.ID))(scanReuse)
	return out, err
}

// DraftReuses lists the documents of one of who's drafts taken from their store.
func (s *Store) DraftReuses(ctx context.Context, who user.User, draftID int64) ([]Reuse, error) {
	return all[Reuse](s.read.QueryContext(ctx, s.q.get("reuse-list-draft"), draftID, who.ID))(scanReuse)
}

func scanReuse(r scanner) (Reuse, error) {
	var x Reuse
	var at int64
	err := r.Scan(&x.NewFileID, &x.SourceFileID, &x.SourceDossier, &x.ByUser, &at)
	x.At = fromMS(at)
	return x, err
}

// StoredDocument is a document of a citizen's personal store: a file of one of the dossiers filed
// with their ID number.
type StoredDocument struct {
	File
	DossierCode   string
	ProcedureName string
}

// IsResult tells a signed electronic result from the documents handed in.
func (d StoredDocument) IsResult() bool { return d.Purpose == PurposeResultSigned }

// IsDigitised tells a paper scanned at the counter from a file the applicant sent.
func (d StoredDocument) IsDigitised() bool { return d.Purpose == PurposeDigitised }

func scanStored(r scanner) (StoredDocument, error) {
	var d StoredDocument
	var draft, dos sql.NullInt64
	var at int64
	err := r.Scan(&d.ID, &d.OwnerID, &draft, &dos, &d.Document, &d.Name, &d.ContentType, &d.Size, &d.SHA256,
		&d.Purpose, &at, &d.DossierCode, &d.ProcedureName, &d.UploaderName)
	d.DraftID, d.DossierID, d.UploadedAt = draft.Int64, dos.Int64, fromMS(at)
	return d, err
}

// PersonalDocuments lists who's personal document store, newest first: the documents sent with,
// digitised for and issued as results of every dossier filed with who's ID number (or submitted
// from who's account). The same content appears once, as its newest copy. Only citizens have one.
func (s *Store) PersonalDocuments(ctx context.Context, who user.User) ([]StoredDocument, error) {
	docs, err := all[StoredDocument](s.read.QueryContext(ctx, s.q.get("personal-files"), who.ID, 0))(scanStored)
	if err != nil {
		return nil, fmt.Errorf("personal documents: %w", err)
	}
	seen := map[string]bool{}
	out := docs[:0]
	for _, d := range docs {
		key := d.SHA256 + "\x00" + d.Document
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
	return out, nil
}

// PersonalDocument returns one document of who's store with its bytes; any other file is
// ENOTFOUND.
func (s *Store) PersonalDocument(ctx context.Context, who user.User, id int64) (StoredDocument, []byte, error) {
	d, err := scanStored(s.read.QueryRowContext(ctx, s.q.get("personal-files"), who.ID, id))
	if errors.Is(err, sql.ErrNoRows) || id <= 0 {
		return d, nil, motcua.Errorf(motcua.ENOTFOUND, "file_not_found", "no file %d in your documents", id)
	}
	if err != nil {
		return d, nil, err
	}
	data, err := s.storedBytes(ctx, who, d.File)
	return d, data, err
}

// storedBytes reads a store document's bytes through FileContent, the one read path for file
// bytes wherever they are kept. The caller has already decided who may have them (by ID number,
// personal-files); FileContent decides again by what it knows — the dossier's owner, officers
// of its units — so a paper digitised for a dossier filed at the counter, which the citizen does
// not own, is read as the officer who uploaded it.
func (s *Store) storedBytes(ctx context.Context, who user.User, f File) ([]byte, error) {
	_, data, _, err := s.FileContent(ctx, who, f.ID)
	if motcua.ErrorCode(err) == motcua.ENOTFOUND && f.OwnerID != who.ID {
		_, data, _, err = s.FileContent(ctx, user.User{ID: f.OwnerID}, f.ID)
	}
	if motcua.ErrorCode(err) == motcua.ENOTFOUND {
		return nil, motcua.Errorf(motcua.ECONFLICT, "file_unavailable", "file %d cannot be read any more", f.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("file %d: %w", f.ID, err)
	}
	return data, nil
}

// ReusePick is a document of the store chosen for a checklist entry of a draft.
type ReusePick struct {
	SourceFileID int64
	Document     string // the draft's checklist entry it answers
}

// ReuseInDraft puts documents of who's personal store on one of who's drafts, all or none: each a
// new file with the same bytes (read back through FileContent, stored through insertFiles like
// an upload, within the draft's limits), and each re-use recorded with who and when. A file not
// in who's store is ENOTFOUND, as is a draft not who's.
func (s *Store) ReuseInDraft(ctx context.Context, who user.User, draftID int64, picks []ReusePick) ([]File, error) {
	if len(picks) == 0 {
		return nil, nil
	}
	if len(picks) > MaxFilesPerDraft {
		return nil, fmt.Errorf("reuse in draft %d: %w", draftID, motcua.Errorf(motcua.EINVALID, "too_many_files", "at most %d files per submission", MaxFilesPerDraft))
	}
	files := make([]NewFile, len(picks))
	for i, p := range picks {
		doc, data, err := s.PersonalDocument(ctx, who, p.SourceFileID)
		if err != nil {
			return nil, fmt.Errorf("reuse in draft %d: %w", draftID, err)
		}
		files[i] = NewFile{Document: p.Document, Name: doc.Name, Data: data}
	}
	var out []File
	err := s.tx(ctx, func(tx *txn) error {
		var mine, count, size int64
		if err := tx.QueryRowContext(ctx, s.q.get("reuse-draft-state"), draftID, who.ID).Scan(&mine, &count, &size); err != nil {
			return err
		}
		if mine == 0 {
			return motcua.Errorf(motcua.ENOTFOUND, "draft_not_found", "no such draft of yours")
		}
		if int(count)+len(files) > MaxFilesPerDraft {
			return fileError("too_many_files", files[0], "at most %d files per submission", MaxFilesPerDraft)
		}
		types, err := checkFiles(files, size)
		if err != nil {
			return err
		}
		if out, err = s.insertFiles(ctx, tx, who, draftID, 0, PurposeSubmission, files, types); err != nil {
			return err
		}
		now := s.now()
		for i, f := range out {
			if _, err := tx.ExecContext(ctx, s.q.get("reuse-insert"), nil, draftID, picks[i].SourceFileID, f.ID, who.ID, ms(now)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, s.q.get("reuse-draft-touch"), draftID, who.ID, ms(now))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reuse in draft %d: %w", draftID, err)
	}
	return out, nil
}

// DigitisationFigures are the index's digitisation figures for the dossiers received in a period.
type DigitisationFigures struct {
	Unit     string // "" for every unit
	From, To time.Time
	Received int64
	// Digitised have at least one electronic component: a paper digitised at the counter, or
	// files sent online (with the submission or a supplement).
	Digitised int64
	// ElectronicResults have a signed electronic result.
	ElectronicResults int64
	// Reused took at least one document from the applicant's store.
	Reused int64
}

// Share is n as a percentage of the dossiers received, to one decimal; 0 when none were.
func (f DigitisationFigures) Share(n int64) float64 {
	if f.Received == 0 {
		return 0
	}
	return float64(int64(float64(n)*1000/float64(f.Received)+0.5)) / 10
}

// DigitisationFigures counts the dossiers received in [from, to) (Vietnam midnights) at or for
// unit (with children, the units under it too; "" every unit, for administrators only) and how
// many of them were digitised, got an electronic result and re-used a document. Leaders and centre
// managers see their unit's figures (and those of the units below it), administrators every
// unit's. Read from the rollup the file uploads and receipts keep (stat_digital).
func (s *Store) DigitisationFigures(ctx context.Context, who user.User, unit string, children bool, from, to time.Time) (DigitisationFigures, error) {
	return s.digitisationFigures(ctx, who, SummaryFilter{Unit: unit, IncludeChildren: children, From: from, To: to})
}

// digitisationFigures is DigitisationFigures of a filter, its tree included.
func (s *Store) digitisationFigures(ctx context.Context, who user.User, sf SummaryFilter) (DigitisationFigures, error) {
	unit, from, to := sf.Unit, sf.From, sf.To
	f := DigitisationFigures{Unit: unit, From: from, To: to}
	if !to.After(from) {
		return f, motcua.FieldError("to", "invalid_period", "the period must end after it starts")
	}
	if unit != "" {
		if _, err := s.Unit(ctx, unit); err != nil {
			return f, motcua.FieldError("unit", "unknown_unit", "no unit %s", unit)
		}
	}
	ok, err := s.canSeeStats(ctx, who, unit)
	if err != nil {
		return f, err
	}
	if !ok {
		return f, motcua.Errorf(motcua.EFORBIDDEN, "forbidden_stats", "only the unit's leaders, centre managers and administrators see its figures")
	}
	if _, err := s.FoldStats(ctx); err != nil {
		return f, err
	}
	// One query or the other: a row not scanned would keep its connection.
	var row *sql.Row
	if unit != "" {
		row = s.read.QueryRowContext(ctx, s.q.get("digitisation-rollup"), append(sf.units(), vnDay(from), vnDay(to))...)
	} else {
		row = s.read.QueryRowContext(ctx, s.q.get("digitisation-rollup-all"), vnDay(from), vnDay(to))
	}
	if err := row.Scan(&f.Received, &f.Digitised, &f.ElectronicResults, &f.Reused); err != nil {
		return f, fmt.Errorf("digitisation figures: %w", err)
	}
	return f, nil
}
