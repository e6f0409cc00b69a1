package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// MaxDrafts bounds the online submissions a citizen may have in progress at once: each may hold
// up to MaxSubmissionSize of files.
const MaxDrafts = 10

// DraftAnswers are the answers of an online submission so far, saved at every step so that an
// interrupted citizen continues where they stopped.
type DraftAnswers struct {
	Case          string            `json:"case,omitempty"` // the chosen case (trường hợp), by name
	Applicant     dossier.Applicant `json:"applicant"`
	ApplicantDone bool              `json:"applicant_done,omitempty"`
	UnitCode      string            `json:"unit_code,omitempty"` // the receiving unit
	Summary       string            `json:"summary,omitempty"`   // what the citizen asks for, in their words
	DocumentsDone bool              `json:"documents_done,omitempty"`
}

// Draft is an online submission in progress, with its uploaded files.
type Draft struct {
	ID            int64
	OwnerID       int64
	ProcedureCode string
	ProcedureName string
	Answers       DraftAnswers
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Files         []File
}

// CreateDraft starts an online submission of a procedure for a citizen, prefilled from their
// account: the applicant's name and ID number, and the case and receiving unit when the
// procedure leaves no choice.
func (s *Store) CreateDraft(ctx context.Context, who user.User, procedureCode string) (Draft, error) {
	if !who.Has(workflow.Citizen) {
		return Draft{}, motcua.Errorf(motcua.EFORBIDDEN, "citizens_only", "only a signed-in citizen submits online")
	}
	var d Draft
	err := s.tx(ctx, func(tx *txn) error {
		p, err := s.procedureCurrent(ctx, tx, procedureCode)
		if err != nil {
			return err
		}
		if !p.AcceptsChannel(catalog.Online) || p.OnlineLevel == catalog.InPersonOnly {
			return motcua.Errorf(motcua.ECONFLICT, "not_online", "procedure %s is not offered online", p.Code)
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.q.get("draft-count-owner"), who.ID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxDrafts {
			return motcua.Errorf(motcua.ECONFLICT, "too_many_drafts", "at most %d submissions in progress", MaxDrafts)
		}
		d = Draft{OwnerID: who.ID, ProcedureCode: p.Code, ProcedureName: p.Name, CreatedAt: s.now()}
		d.UpdatedAt = d.CreatedAt
		d.Answers.Applicant = dossier.Applicant{Name: who.FullName, IDNumber: who.IDNumber, Type: 1}
		if len(p.Cases) == 1 {
			d.Answers.Case = p.Cases[0].Name
		}
		if len(p.UnitCodes) == 1 {
			d.Answers.UnitCode = p.UnitCodes[0]
		}
		body, _ := json.Marshal(d.Answers)
		return tx.QueryRowContext(ctx, s.q.get("draft-insert"), who.ID, p.Code, p.Name, string(body), ms(d.CreatedAt)).Scan(&d.ID)
	})
	if err != nil {
		return Draft{}, fmt.Errorf("create draft of %s: %w", procedureCode, err)
	}
	return d, nil
}

var errNoDraft = motcua.Errorf(motcua.ENOTFOUND, "draft_not_found", "no such draft of yours")

// Draft returns one of who's drafts with its files; another user's draft is ENOTFOUND.
func (s *Store) Draft(ctx context.Context, who user.User, id int64) (Draft, error) {
	d, err := scanDraft(s.read.QueryRowContext(ctx, s.q.get("draft-get"), id, who.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return d, errNoDraft
	}
	if err != nil {
		return d, err
	}
	rows, err := s.read.QueryContext(ctx, s.q.get("file-list-draft"), id, who.ID)
	if err != nil {
		return d, err
	}
	d.Files, err = collectFiles(rows, false)
	return d, err
}

// Drafts lists who's drafts, the latest worked on first (without their files).
func (s *Store) Drafts(ctx context.Context, who user.User) ([]Draft, error) {
	rows, err := s.read.QueryContext(ctx, s.q.get("draft-list"), who.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Draft{}
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveDraft replaces a draft's answers. The applicant's ID number stays the account's: a citizen
// signed in with their CCCD submits as themselves.
func (s *Store) SaveDraft(ctx context.Context, who user.User, id int64, a DraftAnswers) error {
	if who.IDNumber != "" {
		a.Applicant.IDNumber = who.IDNumber
	}
	if len(a.Applicant.Name) > 200 || len(a.Applicant.Address) > 500 || len(a.Applicant.Phone) > 30 ||
		len(a.Applicant.Email) > 200 || len(a.Summary) > 2000 || len(a.Case) > 1000 || len(a.UnitCode) > 100 {
		return motcua.FieldError("applicant", "too_long", "an answer is too long")
	}
	body, _ := json.Marshal(a)
	err := s.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, s.q.get("draft-update"), id, who.ID, string(body), ms(s.now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errNoDraft
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save draft %d: %w", id, err)
	}
	return nil
}

// DeleteDraft discards a draft and its files, with their bytes unless other files have the same
// content.
func (s *Store) DeleteDraft(ctx context.Context, who user.User, id int64) error {
	var hashes []string
	err := s.tx(ctx, func(tx *txn) error {
		var err error
		if hashes, err = s.draftFileHashes(ctx, tx, id, who.ID, 0); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q.get("file-blob-delete-draft"), id, who.ID, 0); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q.get("file-delete-draft"), id, who.ID, 0); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q.get("draft-delete"), id, who.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errNoDraft
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete draft %d: %w", id, err)
	}
	s.dropBlobs(ctx, hashes)
	return nil
}

// MissingDocuments lists the required documents of a case that have no file in files.
func MissingDocuments(c *catalog.Case, files []File) []string {
	var out []string
	for _, doc := range c.Documents {
		if !doc.Required {
			continue
		}
		found := false
		for _, f := range files {
			if f.Document == doc.Name {
				found = true
				break
			}
		}
		if !found {
			out = append(out, doc.Name)
		}
	}
	return out
}

// CaseNamed returns the procedure's case of that name, or nil.
func CaseNamed(p *catalog.Procedure, name string) *catalog.Case {
	for i := range p.Cases {
		if p.Cases[i].Name == name {
			return &p.Cases[i]
		}
	}
	return nil
}

// SubmitDraft turns a draft into an online dossier (status 1, submitted) in one transaction: the
// dossier is created as store.CreateDossier would, the draft's files are attached to it and the
// draft is gone. The procedure's current version decides the case's required documents.
func (s *Store) SubmitDraft(ctx context.Context, who user.User, id int64) (dossier.Dossier, error) {
	var d dossier.Dossier
	err := s.tx(ctx, func(tx *txn) error {
		dr, err := scanDraft(tx.QueryRowContext(ctx, s.q.get("draft-get"), id, who.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoDraft
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, s.q.get("file-list-draft"), id, who.ID)
		if err != nil {
			return err
		}
		files, err := collectFiles(rows, false)
		if err != nil {
			return err
		}
		p, err := s.procedureCurrent(ctx, tx, dr.ProcedureCode)
		if err != nil {
			return err
		}
		c := CaseNamed(p, dr.Answers.Case)
		if c == nil {
			return motcua.FieldError("case", "case_required", "choose the case that applies")
		}
		if missing := MissingDocuments(c, files); len(missing) > 0 {
			return motcua.FieldError("documents", "document_missing", "missing required document: %s", strings.Join(missing, "; "))
		}
		a := dr.Answers
		if who.IDNumber != "" {
			a.Applicant.IDNumber = who.IDNumber
		}
		summary := a.Summary
		if summary == "" {
			summary = c.Name
		}
		in := NewDossier{ProcedureCode: p.Code, UnitCode: a.UnitCode, Channel: catalog.Online,
			Applicant: a.Applicant, Summary: summary}
		if err := in.validate(); err != nil {
			return err
		}
		if d, err = s.createDossier(ctx, tx, who, in, s.now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.q.get("file-attach-draft"), id, d.ID); err != nil {
			return err
		}
		if err := s.markDigital(ctx, tx, d.ID, s.now()); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q.get("draft-delete"), id, who.ID)
		return err
	})
	if err != nil {
		return dossier.Dossier{}, fmt.Errorf("submit draft %d: %w", id, err)
	}
	return d, nil
}

func scanDraft(r scanner) (Draft, error) {
	var d Draft
	var answers string
	var created, updated int64
	if err := r.Scan(&d.ID, &d.OwnerID, &d.ProcedureCode, &d.ProcedureName, &answers, &created, &updated); err != nil {
		return d, err
	}
	d.CreatedAt, d.UpdatedAt = fromMS(created), fromMS(updated)
	if err := json.Unmarshal([]byte(answers), &d.Answers); err != nil {
		return d, fmt.Errorf("draft %d answers: %w", d.ID, err)
	}
	return d, nil
}
