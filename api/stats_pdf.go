package api

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/slip"
	"github.com/motcua/motcua/user"
)

// statsIndexPDF is GET /api/v1/stats/index.pdf: the index GET /api/v1/stats/index gives, for the
// same query and to the same people, as the printable A4 sheet. Errors stay JSON.
func (s *Server) statsIndexPDF(w http.ResponseWriter, r *http.Request, u user.User) {
	ctx := r.Context()
	f, err := statsFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.store.QualityIndex(ctx, u, f) // checks the unit and who may see it
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	unit, err := s.store.Unit(ctx, f.Unit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var agency string // the parent over the unit on the letterhead; a parent that is gone leaves it out
	if unit.ParentCode != "" {
		parent, err := s.store.Unit(ctx, unit.ParentCode)
		if err != nil && motcua.ErrorCode(err) != motcua.ENOTFOUND {
			s.writeError(w, r, err)
			return
		}
		agency = parent.Name
	}
	last := f.To.AddDate(0, 0, -1) // the filter's end is the midnight after the last day
	var buf bytes.Buffer
	if err := slip.WriteIndexSheet(&buf, &slip.IndexSheet{Agency: agency, Unit: unit.Name, WithChildren: f.IncludeChildren,
		From: f.From, To: last, Result: res, PrintedAt: s.store.Now()}); err != nil {
		s.writeError(w, r, err)
		return
	}
	name := "chi-so-" + f.Unit + "-" + f.From.Format(time.DateOnly) + "-" + last.Format(time.DateOnly) + ".pdf"
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "private, no-store")
	_, _ = buf.WriteTo(w)
}
