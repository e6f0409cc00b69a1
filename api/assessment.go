package api

import (
	"net/http"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/user"
)

// Circular 01/2018's nine criteria of a unit's period, and what its manager enters for a month.

type criterionJSON struct {
	Key     string             `json:"key"`
	Name    string             `json:"name"`
	Points  *float64           `json:"points"` // null: no data
	Max     float64            `json:"max"`
	Entered bool               `json:"entered"`
	Inputs  map[string]float64 `json:"inputs"`
}

type assessmentJSON struct {
	Unit     string          `json:"unit"`
	From     string          `json:"from"`
	To       string          `json:"to"`
	Version  string          `json:"version"`
	Total    float64         `json:"total"`
	Max      float64         `json:"max"`
	Grade    *string         `json:"grade"` // null while a criterion has no data
	NoData   []string        `json:"no_data"`
	Criteria []criterionJSON `json:"criteria"`
}

func (s *Server) statsAssessment(w http.ResponseWriter, r *http.Request, u user.User) {
	f, err := statsFilter(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.store.Assessment(r.Context(), u, f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	out := assessmentJSON{Unit: f.Unit, From: q.Get("from"), To: q.Get("to"), Version: a.Sheet.Version, Total: a.Sheet.Total,
		Max: a.Sheet.Max, NoData: append([]string{}, a.Sheet.NoData...), Criteria: []criterionJSON{}}
	if a.Sheet.Grade != "" {
		out.Grade = &a.Sheet.Grade
	}
	for _, sc := range a.Sheet.Scores {
		c := criterionJSON{Key: sc.Key, Name: sc.Name, Points: sc.Points, Max: 2, Entered: sc.Entered, Inputs: map[string]float64{}}
		for _, in := range sc.Inputs {
			c.Inputs[in.Key] = in.Value
		}
		out.Criteria = append(out.Criteria, c)
	}
	writeJSON(w, http.StatusOK, out)
}

type assessmentEntriesJSON struct {
	Unit   string            `json:"unit"`
	Month  string            `json:"month"` // YYYY-MM
	Values map[string]*int64 `json:"values"`
}

// putAssessmentEntries records a month's entered figures (null clears one) and answers with
// the month's entries as they now stand.
func (s *Server) putAssessmentEntries(w http.ResponseWriter, r *http.Request, u user.User) {
	var in assessmentEntriesJSON
	if err := readJSON(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	if in.Unit == "" {
		s.writeError(w, r, motcua.FieldError("unit", "required", "unit is required"))
		return
	}
	month, err := time.ParseInLocation("2006-01", in.Month, calendar.Zone)
	if err != nil {
		s.writeError(w, r, motcua.FieldError("month", "invalid_month", "month must be YYYY-MM"))
		return
	}
	if err := s.store.PutAssessmentEntries(r.Context(), u, in.Unit, month, in.Values); err != nil {
		s.writeError(w, r, err)
		return
	}
	now, err := s.store.AssessmentEntries(r.Context(), u, in.Unit, month)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": in.Unit, "month": in.Month, "values": now})
}
