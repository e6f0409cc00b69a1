package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// ListFilter narrows the dossier listing. From and To filter the receipt instant, To exclusive.
type ListFilter struct {
	Status          workflow.Status
	Unit            string
	IncludeChildren bool
	TreeAt          time.Time // with IncludeChildren: the units under Unit as they stood then; zero: today's
	From, To        *time.Time
	Cursor          int64 // the last id of the previous page
	Limit           int
}

// Page is one page of a listing.
type Page struct {
	Items      []dossier.Dossier
	Total      int
	NextCursor int64
}

// MaxLimit bounds a page.
const MaxLimit = 500

// ListDossiers lists the dossiers who may see, newest first.
func (s *Store) ListDossiers(ctx context.Context, who user.User, f ListFilter) (Page, error) {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = 50
	}
	var from, to int64
	if f.From != nil {
		from = ms(*f.From)
	}
	if f.To != nil {
		to = ms(*f.To)
	}
	args := []any{who.ID, int(f.Status), f.Unit, treeArg(f.IncludeChildren, f.TreeAt), from, to}
	var p Page
	if err := s.read.QueryRowContext(ctx, s.q.get("dossier-list-count"), args...).Scan(&p.Total); err != nil {
		return p, err
	}
	rows, err := s.read.QueryContext(ctx, s.q.get("dossier-list"), append(args, f.Cursor, f.Limit+1)...)
	if err != nil {
		return p, err
	}
	if p.Items, err = collect(rows); err != nil {
		return p, err
	}
	if len(p.Items) > f.Limit {
		p.Items = p.Items[:f.Limit]
		p.NextCursor = p.Items[f.Limit-1].ID
	}
	return p, nil
}

// Inbox lists what who can act on now, most urgent first; for a centre manager, every open
// dossier of their units; for a citizen, their dossiers waiting for papers or a payment.
func (s *Store) Inbox(ctx context.Context, who user.User, limit int) (Page, error) {
	if limit <= 0 || limit > MaxLimit {
		limit = 50
	}
	list, count := "inbox", "inbox-count"
	switch {
	case who.Has(workflow.CentreManager):
		list, count = "inbox-manager", "inbox-manager-count"
	case who.Has(workflow.Citizen) && len(who.Roles) == 1:
		list, count = "inbox-citizen", "inbox-citizen-count"
	}
	var p Page
	if err := s.read.QueryRowContext(ctx, s.q.get(count), who.ID).Scan(&p.Total); err != nil {
		return p, err
	}
	rows, err := s.read.QueryContext(ctx, s.q.get(list), who.ID, limit)
	if err != nil {
		return p, err
	}
	p.Items, err = collect(rows)
	return p, err
}

func collect(rows *sql.Rows) ([]dossier.Dossier, error) {
	defer rows.Close()
	out := []dossier.Dossier{}
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
