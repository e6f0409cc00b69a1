package api

import (
	"net/http"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
)

// The digitisation figures of the service-quality index (docs/digitisation.md).

func (s *Server) routesDigitisation() {
	s.mux.HandleFunc("GET /api/v1/stats/digitisation", s.auth(s.digitisationStats))
}

type digitisationJSON struct {
	Unit                 string  `json:"unit"`
	From                 string  `json:"from"`
	To                   string  `json:"to"`
	Received             int64   `json:"received"`
	Digitised            int64   `json:"digitised"`
	DigitisedPct         float64 `json:"digitised_pct"`
	ElectronicResults    int64   `json:"electronic_results"`
	ElectronicResultsPct float64 `json:"electronic_results_pct"`
	Reused               int64   `json:"reused"`
	ReusedPct            float64 `json:"reused_pct"`
}

// digitisationStats counts the dossiers received on the days from..to (Vietnam dates, both
// included) at or for a unit, or at every unit when unit is left out (administrators).
func (s *Server) digitisationStats(w http.ResponseWriter, r *http.Request, u user.User) {
	q := r.URL.Query()
	var days [2]time.Time
	for i, field := range []string{"from", "to"} {
		v := q.Get(field)
		if v == "" {
			s.writeError(w, r, motcua.FieldError(field, "required", "%s is required (YYYY-MM-DD)", field))
			return
		}
		t, err := time.ParseInLocation(time.DateOnly, v, calendar.Zone)
		if err != nil {
			s.writeError(w, r, motcua.FieldError(field, "invalid_date", "%s must be a date YYYY-MM-DD", field))
			return
		}
		days[i] = t
	}
	f, err := s.store.DigitisationFigures(r.Context(), u, q.Get("unit"), q.Get("include_children") == "true" || q.Get("include_children") == "1", days[0], days[1].AddDate(0, 0, 1))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, figuresJSON(f, q.Get("from"), q.Get("to")))
}

func figuresJSON(f store.DigitisationFigures, from, to string) digitisationJSON {
	return digitisationJSON{Unit: f.Unit, From: from, To: to, Received: f.Received,
		Digitised: f.Digitised, DigitisedPct: f.Share(f.Digitised),
		ElectronicResults: f.ElectronicResults, ElectronicResultsPct: f.Share(f.ElectronicResults),
		Reused: f.Reused, ReusedPct: f.Share(f.Reused)}
}
