package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
)

// PutProcedures imports procedures in one transaction. A procedure whose content differs from its
// current version gets a new version; an unchanged one is left alone, so imports are idempotent.
// Dossiers stay pinned to the version they were received under.
func (s *Store) PutProcedures(ctx context.Context, ps []catalog.Procedure) (created int, err error) {
	err = s.tx(ctx, func(tx *txn) error {
		created = 0
		for i := range ps {
			n, err := s.putProcedure(ctx, tx, ps[i])
			if err != nil {
				return err
			}
			created += n
		}
		return nil
	})
	return created, err
}

// ImportError says which procedure of an import was refused (its index in the file).
type ImportError struct {
	Procedure int
	Err       error
}

func (e *ImportError) Error() string { return e.Err.Error() }
func (e *ImportError) Unwrap() error { return e.Err }

// ImportOption adjusts ImportCatalog.
type ImportOption func(*importOptions)

type importOptions struct {
	progress func(done, total int)
}

// ImportProgress has ImportCatalog call report with how many of the file's procedures are
// written: once with 0 before the first, then after each. The counts are of work done inside the
// transaction, so a later failure still imports nothing.
func ImportProgress(report func(done, total int)) ImportOption {
	return func(o *importOptions) { o.progress = report }
}

// ImportCatalog writes units, then procedures, in one transaction: a file that fails anywhere
// leaves the catalog as it was. A refused procedure is reported as an *ImportError.
func (s *Store) ImportCatalog(ctx context.Context, f catalog.File, opts ...ImportOption) (created int, err error) {
	var o importOptions
	for _, opt := range opts {
		opt(&o)
	}
	report := func(done int) {
		if o.progress != nil {
			o.progress(done, len(f.Procedures))
		}
	}
	if err := validateUnits(f.Units); err != nil {
		return 0, err
	}
	err = s.tx(ctx, func(tx *txn) error {
		if err := s.putUnits(ctx, tx, f.Units); err != nil {
			return err
		}
		created = 0
		report(0)
		for i := range f.Procedures {
			n, err := s.putProcedure(ctx, tx, f.Procedures[i])
			if err != nil {
				return &ImportError{Procedure: i, Err: err}
			}
			created += n
			report(i + 1)
		}
		return nil
	})
	return created, err
}

func (s *Store) putProcedure(ctx context.Context, tx *txn, p catalog.Procedure) (int, error) {
	var cur int
	err := tx.QueryRowContext(ctx, s.q.get("procedure-current-version"), p.Code).Scan(&cur)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	if cur > 0 {
		var old string
		if err := tx.QueryRowContext(ctx, s.q.get("procedure-version-body"), p.Code, cur).Scan(&old); err != nil {
			return 0, err
		}
		var prev catalog.Procedure
		if err := json.Unmarshal([]byte(old), &prev); err != nil {
			return 0, err
		}
		p.Version = prev.Version
		if sameProcedure(prev, p) {
			return 0, nil
		}
	}
	p.Version = cur + 1
	for _, u := range p.UnitCodes {
		if _, err := s.unit(ctx, tx, u); err != nil {
			return 0, &motcua.Error{Code: motcua.EINVALID, Key: "unknown_unit", Field: "unit_codes",
				Message: "procedure " + p.Code + ": unknown implementing unit " + u}
		}
	}
	if p.Template != nil { // a step at a fixed agency code would strand dossiers if it did not exist
		for i, st := range p.Template.Steps {
			if st.Unit == catalog.AtReceiving || st.Unit == catalog.AtCompetent {
				continue
			}
			if _, err := s.unit(ctx, tx, st.Unit); err != nil {
				return 0, &motcua.Error{Code: motcua.EINVALID, Key: "unknown_unit", Field: fmt.Sprintf("template.steps[%d].unit", i),
					Message: "procedure " + p.Code + ": unknown unit " + st.Unit + " in its process"}
			}
		}
	}
	body, err := json.Marshal(p)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, s.q.get("procedure-insert"), p.Code, p.Version); err != nil {
		return 0, err
	}
	search := catalog.Fold(p.Code + " " + p.Name + " " + p.FieldName)
	if _, err := tx.ExecContext(ctx, s.q.get("procedure-version-insert"), p.Code, p.Version, p.Name, search,
		p.FieldCode, string(p.OnlineLevel), string(body), ms(s.now())); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, s.q.get("procedure-units-clear"), p.Code); err != nil {
		return 0, err
	}
	for _, u := range p.UnitCodes {
		if _, err := tx.ExecContext(ctx, s.q.get("procedure-unit-insert"), p.Code, u); err != nil {
			return 0, err
		}
	}
	return 1, nil
}

func sameProcedure(a, b catalog.Procedure) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// Procedure returns the current version of a procedure.
func (s *Store) Procedure(ctx context.Context, code string) (catalog.Procedure, error) {
	return s.procedureBody(ctx, s.read.QueryRowContext(ctx, s.q.get("procedure-current-body"), code), code)
}

func (s *Store) procedureBody(_ context.Context, row *sql.Row, code string) (catalog.Procedure, error) {
	var body string
	var p catalog.Procedure
	if err := row.Scan(&body); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return p, &motcua.Error{Code: motcua.ENOTFOUND, Key: "unknown_procedure", Message: "unknown procedure " + code}
		}
		return p, err
	}
	err := json.Unmarshal([]byte(body), &p)
	return p, err
}

// versionCache holds procedure versions, which never change once written, so any process may
// keep them.
type versionCache struct {
	mu sync.RWMutex
	m  map[string]map[int]*catalog.Procedure
}

func (s *Store) procedureVersion(ctx context.Context, q queryer, code string, version int) (*catalog.Procedure, error) {
	s.versions.mu.RLock()
	p := s.versions.m[code][version]
	s.versions.mu.RUnlock()
	if p != nil {
		return p, nil
	}
	got, err := s.procedureBody(ctx, q.QueryRowContext(ctx, s.q.get("procedure-version-body"), code, version), code)
	if err != nil {
		return nil, err
	}
	s.versions.mu.Lock()
	if s.versions.m == nil {
		s.versions.m = map[string]map[int]*catalog.Procedure{}
	}
	if s.versions.m[code] == nil {
		s.versions.m[code] = map[int]*catalog.Procedure{}
	}
	s.versions.m[code][version] = &got
	s.versions.mu.Unlock()
	return &got, nil
}

// SearchProcedures finds current procedures whose code, name or field contains the query, with
// or without diacritics; unit narrows to procedures that unit implements.
func (s *Store) SearchProcedures(ctx context.Context, query, unit string, limit int) ([]catalog.Procedure, error) {
	if limit <= 0 {
		limit = 1 << 30 // everything, for export
	}
	rows, err := s.read.QueryContext(ctx, s.q.get("procedure-search"), catalog.Fold(query), unit, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalog.Procedure
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var p catalog.Procedure
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
