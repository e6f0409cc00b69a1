package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

func TestDigitisationFiguresOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		// Two dossiers taken in at Dept's counter, one of whose papers is digitised; one at Other.
		var codes []string
		for _, unit := range []string{testdb.Dept, testdb.Dept, testdb.Other} {
			body := newOnline("Trần Văn Số")
			body["channel"], body["unit_code"] = "counter", unit
			officer := "intake"
			if unit == testdb.Other {
				officer = "other.intake"
			}
			status, d := e.call("POST", "/api/v1/dossiers", officer, body)
			if status != http.StatusCreated {
				t.Fatalf("create: %d %v", status, d)
			}
			codes = append(codes, d["code"].(string))
		}
		intake, err := e.st.UserByUsername(ctx, "intake")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Digitise(ctx, intake, codes[0], "Tờ khai", []store.NewFile{{Name: "to-khai.pdf", Data: testdb.PDF("To khai")}}); err != nil {
			t.Fatal(err)
		}

		const q = "/api/v1/stats/digitisation?from=2026-03-01&to=2026-03-02"
		for _, who := range []string{"manager", "leader", "admin"} {
			status, m := e.call("GET", q+"&unit="+testdb.Dept, who, nil)
			if status != http.StatusOK || m["received"] != 2.0 || m["digitised"] != 1.0 || m["digitised_pct"] != 50.0 ||
				m["electronic_results"] != 0.0 || m["electronic_results_pct"] != 0.0 || m["reused"] != 0.0 ||
				m["unit"] != testdb.Dept || m["from"] != "2026-03-01" || m["to"] != "2026-03-02" {
				t.Fatalf("%s: %d %v", who, status, m)
			}
		}
		if status, m := e.call("GET", q, "admin", nil); status != http.StatusOK || m["received"] != 3.0 || m["digitised_pct"] != 33.3 {
			t.Fatalf("every unit: %d %v", status, m)
		}
		if status, m := e.call("GET", "/api/v1/stats/digitisation?from=2026-03-03&to=2026-03-31", "admin", nil); status != http.StatusOK || m["received"] != 0.0 || m["digitised_pct"] != 0.0 {
			t.Fatalf("a later period: %d %v", status, m)
		}
		for _, c := range []struct {
			who, query string
			status     int
			code       string
		}{
			{"", q + "&unit=" + testdb.Dept, http.StatusUnauthorized, "unauthorized"},
			{"officer", q + "&unit=" + testdb.Dept, http.StatusForbidden, "forbidden_stats"},
			{"intake", q + "&unit=" + testdb.Dept, http.StatusForbidden, "forbidden_stats"},
			{"citizen", q + "&unit=" + testdb.Dept, http.StatusForbidden, "forbidden_stats"},
			{"manager", q + "&unit=" + testdb.Other, http.StatusForbidden, "forbidden_stats"},
			{"manager", q, http.StatusForbidden, "forbidden_stats"},
			{"manager", "/api/v1/stats/digitisation?to=2026-03-02&unit=" + testdb.Dept, http.StatusUnprocessableEntity, "required"},
			{"manager", "/api/v1/stats/digitisation?from=1.3.2026&to=2026-03-02&unit=" + testdb.Dept, http.StatusUnprocessableEntity, "invalid_date"},
			{"manager", "/api/v1/stats/digitisation?from=2026-03-05&to=2026-03-02&unit=" + testdb.Dept, http.StatusUnprocessableEntity, "invalid_period"},
			{"admin", q + "&unit=no.such", http.StatusUnprocessableEntity, "unknown_unit"},
		} {
			status, m := e.call("GET", c.query, c.who, nil)
			if status != c.status {
				t.Errorf("%s %s: %d %v, want %d", c.who, c.query, status, m, c.status)
			}
			if got := errKeyOf(m); got != c.code {
				t.Errorf("%s %s: error %q, want %q (%v)", c.who, c.query, got, c.code, m)
			}
		}
	})
}

// errKeyOf is an error answer's key: the first field's, or the error's own code.
func errKeyOf(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	if fields, _ := e["fields"].([]any); len(fields) > 0 {
		f, _ := fields[0].(map[string]any)
		if k, _ := f["code"].(string); k != "" {
			return k
		}
	}
	c, _ := e["code"].(string)
	return c
}
