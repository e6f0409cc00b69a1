package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

func (s *Server) createDossier(w http.ResponseWriter, r *http.Request, u user.User) {
	var in store.NewDossier
	if err := readJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.store.CreateDossier(r.Context(), u, in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	j := toJSON(&d, s.store.Now(), full)
	j.TrackingSecret = d.TrackingSecret
	w.Header().Set("Location", "/api/v1/dossiers/"+d.Code)
	writeJSON(w, http.StatusCreated, j)
}

func (s *Server) getDossier(w http.ResponseWriter, r *http.Request, u user.User) {
	d, err := s.store.Dossier(r.Context(), u, r.PathValue("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// Decree 13/2023: an officer reading the applicant's personal data is recorded first, as on the
	// dossier page; without the record nothing is sent. The applicant reading their own dossier
	// is not an access to someone else's data.
	if d.OwnerID != u.ID {
		if err := s.store.LogAccess(r.Context(), u, d.Code, store.ScreenAPI); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	j := toJSON(&d, s.store.Now(), full)
	if d.OwnerID == u.ID || len(u.RolesAt(d.UnitCode)) > 0 {
		j.TrackingSecret = d.TrackingSecret // to reprint the receipt
	}
	writeJSON(w, http.StatusOK, j)
}

func (s *Server) act(w http.ResponseWriter, r *http.Request, u user.User) {
	var req dossier.Request
	if err := readJSON(w, r, &req); err != nil {
		// new_due is the action body's only instant, so an unreadable time is that field's.
		if me, ok := err.(*motcua.Error); ok && me.Key == "invalid_time" && me.Field == "" {
			me.Field = "new_due"
		}
		s.writeError(w, r, err)
		return
	}
	if req.Action == "" {
		s.writeError(w, r, motcua.FieldError("action", "required", "action is required"))
		return
	}
	if !req.Action.Valid() {
		s.writeError(w, r, motcua.FieldError("action", "invalid_action", "unknown action %q", req.Action))
		return
	}
	if req.Version <= 0 {
		s.writeError(w, r, motcua.FieldError("version", "required", "version is required"))
		return
	}
	d, err := s.store.Act(r.Context(), u, r.PathValue("code"), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toJSON(&d, s.store.Now(), full))
}

func (s *Server) track(w http.ResponseWriter, r *http.Request) {
	secret := r.URL.Query().Get("secret")
	if secret == "" {
		s.writeError(w, r, motcua.FieldError("secret", "missing_secret", "secret is required"))
		return
	}
	d, err := s.store.Track(r.Context(), r.PathValue("code"), secret)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toJSON(&d, s.store.Now(), public))
}

func (s *Server) listDossiers(w http.ResponseWriter, r *http.Request, u user.User) {
	q := r.URL.Query()
	var f store.ListFilter
	var err error
	if v := q.Get("status"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || !workflow.Status(n).Valid() {
			s.writeError(w, r, motcua.FieldError("status", "invalid_status", "status must be 1–10"))
			return
		}
		f.Status = workflow.Status(n)
	}
	f.Unit = q.Get("unit")
	f.IncludeChildren = q.Get("include_children") == "true" || q.Get("include_children") == "1"
	if f.TreeAt, _, err = instantParam(q, "tree_at"); err != nil {
		s.writeError(w, r, err)
		return
	}
	if f.From, err = timeParam(q.Get("from"), "from"); err != nil {
		s.writeError(w, r, err)
		return
	}
	if f.To, err = timeParam(q.Get("to"), "to"); err != nil {
		s.writeError(w, r, err)
		return
	}
	if v := q.Get("limit"); v != "" {
		if f.Limit, err = strconv.Atoi(v); err != nil || f.Limit < 1 || f.Limit > store.MaxLimit {
			s.writeError(w, r, motcua.FieldError("limit", "invalid_limit", "limit must be 1–500"))
			return
		}
	}
	if v := q.Get("cursor"); v != "" {
		if f.Cursor, err = strconv.ParseInt(v, 10, 64); err != nil || f.Cursor <= 0 {
			s.writeError(w, r, motcua.FieldError("cursor", "invalid_cursor", "bad cursor"))
			return
		}
	}
	p, err := s.store.ListDossiers(r.Context(), u, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writePage(w, p, s.store.Now())
}

func (s *Server) inbox(w http.ResponseWriter, r *http.Request, u user.User) {
	limit := 50
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > store.MaxLimit {
			s.writeError(w, r, motcua.FieldError("limit", "invalid_limit", "limit must be 1–500"))
			return
		}
		limit = n
	}
	p, err := s.store.Inbox(r.Context(), u, limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writePage(w, p, s.store.Now())
}

func writePage(w http.ResponseWriter, p store.Page, now time.Time) {
	items := make([]dossierJSON, 0, len(p.Items))
	for i := range p.Items {
		items = append(items, toJSON(&p.Items[i], now, full))
	}
	next := ""
	if p.NextCursor != 0 {
		next = strconv.FormatInt(p.NextCursor, 10)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": p.Total, "next_cursor": next})
}

// timeParam reads an RFC 3339 instant or a date (taken as midnight in Vietnam).
func timeParam(v, field string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return &t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", v, calendar.Zone); err == nil {
		return &t, nil
	}
	return nil, motcua.FieldError(field, "invalid_time", "%s: want RFC 3339 or YYYY-MM-DD", field)
}
