package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// CurrentProcedures returns the current version of every procedure, by code, for the portal's
// search, which ranks the whole catalog in memory. Versions never change once written, so the
// bodies come from the process's version cache: after the first call only the list of current
// versions is read. The procedures are shared: callers must not modify them.
func (s *Store) CurrentProcedures(ctx context.Context) ([]*catalog.Procedure, error) {
	type cur struct {
		code    string
		version int
	}
	var list []cur
	rows, err := s.read.QueryContext(ctx, s.q.get("procedure-current-list"))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var c cur
		if err := rows.Scan(&c.code, &c.version); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*catalog.Procedure, len(list))
	missing := 0
	s.versions.mu.RLock()
	for i, c := range list {
		if out[i] = s.versions.m[c.code][c.version]; out[i] == nil {
			missing++
		}
	}
	s.versions.mu.RUnlock()
	if missing > 1 {
		// A fresh process: read every current body in one query rather than one by one.
		if err := s.cacheCurrentVersions(ctx); err != nil {
			return nil, err
		}
	}
	if missing > 0 {
		for i, c := range list {
			if out[i] != nil {
				continue
			}
			if out[i], err = s.procedureVersion(ctx, s.read, c.code, c.version); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (s *Store) cacheCurrentVersions(ctx context.Context) error {
	rows, err := s.read.QueryContext(ctx, s.q.get("procedure-current-all"))
	if err != nil {
		return err
	}
	defer rows.Close()
	got := map[string]map[int]*catalog.Procedure{}
	for rows.Next() {
		var code, body string
		var version int
		if err := rows.Scan(&code, &version, &body); err != nil {
			return err
		}
		p := new(catalog.Procedure)
		if err := json.Unmarshal([]byte(body), p); err != nil {
			return err
		}
		got[code] = map[int]*catalog.Procedure{version: p}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	s.versions.mu.Lock()
	defer s.versions.mu.Unlock()
	if s.versions.m == nil {
		s.versions.m = map[string]map[int]*catalog.Procedure{}
	}
	for code, byVersion := range got {
		if s.versions.m[code] == nil {
			s.versions.m[code] = map[int]*catalog.Procedure{}
		}
		for v, p := range byVersion {
			if s.versions.m[code][v] == nil { // keep the pointer others may hold
				s.versions.m[code][v] = p
			}
		}
	}
	return nil
}

// TrackByPhone returns a dossier for public tracking by its code and the applicant's phone
// number, written any usual way: "0912 345 678", "0912.345.678", "+84 912 345 678". A wrong code
// and a wrong number give the same not-found error.
func (s *Store) TrackByPhone(ctx context.Context, code, phone string) (dossier.Dossier, error) {
	notFound := motcua.Errorf(motcua.ENOTFOUND, "dossier_not_found", "no dossier %s with that phone number", code)
	p, ok := NormalisePhone(phone)
	if !ok {
		return dossier.Dossier{}, notFound
	}
	d, err := scanDossier(s.read.QueryRowContext(ctx, s.q.get("dossier-public-phone"), code, p))
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound
	}
	if err != nil {
		return d, err
	}
	d.History, err = s.events(ctx, s.read, d.ID)
	return d, err
}

// NormalisePhone writes a Vietnamese phone number as digits starting with 0: spaces, dots,
// dashes and brackets dropped, +84, 0084 or 84 read as 0. It reports false for anything that
// is not 9 to 11 such digits.
func NormalisePhone(s string) (string, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0, r == ' ', r == '.', r == '-', r == '(', r == ')':
		default:
			return "", false
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0084"):
		d = "0" + d[4:]
	case strings.HasPrefix(d, "84") && len(d) >= 11:
		d = "0" + d[2:]
	}
	if !strings.HasPrefix(d, "0") || len(d) < 9 || len(d) > 11 {
		return "", false
	}
	return d, true
}
