package api_test

import (
	"math"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
)

// TestAssessmentOverHTTP scores the March history (marchHistory) on Circular 01/2018's criteria,
// by hand: A solved early and C late → time (2 + 0) / 2 = 1; neither asked for a supplement →
// returns 2; six received at the counter → contacts 1; no online dossier → online 0. The
// manager's entries then score criteria 5 to 8.
func TestAssessmentOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		marchHistory(t, e)
		const march = "/api/v1/stats/assessment?unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31"
		get := func(path string) (map[string]any, map[string]map[string]any) {
			t.Helper()
			st, m := e.call("GET", path, "manager", nil)
			if st != 200 {
				t.Fatalf("%s: %d %v", path, st, m)
			}
			by := map[string]map[string]any{}
			for _, c := range m["criteria"].([]any) {
				by[c.(map[string]any)["key"].(string)] = c.(map[string]any)
			}
			if len(by) != 9 {
				t.Fatalf("%d criteria", len(by))
			}
			return m, by
		}
		m, by := get(march)
		for k, want := range map[string]any{"time": 1.0, "returns": 2.0, "contacts": 1.0, "online": 0.0,
			"one_stop": nil, "published": nil, "attitude": nil, "feedback": nil} {
			if got := by[k]["points"]; got != want {
				t.Errorf("%s = %v, want %v (%v)", k, got, want, by[k])
			}
		}
		// Criterion 2 from the steps the step analysis reports: within budget 2, over 0.
		_, steps := e.call("GET", "/api/v1/stats/steps?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31", "manager", nil)
		var n, over float64
		for _, s := range steps["steps"].([]any) {
			n += s.(map[string]any)["count"].(float64)
			over += s.(map[string]any)["over_budget"].(float64)
		}
		agency := by["agency_time"]
		if n == 0 || over == 0 || agency["inputs"].(map[string]any)["steps"] != n || agency["points"] != round2(2*(n-over)/n) {
			t.Errorf("agency time %v from %v steps, %v over", agency, n, over)
		}
		if m["grade"] != nil || len(m["no_data"].([]any)) != 4 || m["max"] != 10.0 {
			t.Errorf("without entries: grade %v, no data %v, max %v", m["grade"], m["no_data"], m["max"])
		}
		procs := by["one_stop"]["inputs"].(map[string]any)["procedures"].(float64)
		if procs < 1 {
			t.Fatalf("the department carries no procedure: %v", by["one_stop"])
		}

		put := func(who string, body any) (int, map[string]any) {
			return e.call("PUT", "/api/v1/stats/assessment/entries", who, body)
		}
		entries := map[string]any{"unit": testdb.Dept, "month": "2026-03", "values": map[string]any{
			"one_stop": procs, "paper": 1, "complaints": 0, "feedback": 10, "feedback_on_time": 9}}
		if st, m := put("manager", entries); st != 200 || m["values"].(map[string]any)["feedback"] != 10.0 {
			t.Fatalf("entries: %d %v", st, m)
		}
		m, by = get(march)
		// attitude: no complaint, A early → (2 + 1) / 2; feedback 90 % on time → 1.
		for k, want := range map[string]float64{"one_stop": 2, "published": 2, "attitude": 1.5, "feedback": 1} {
			if got := by[k]["points"]; got != want || by[k]["entered"] != true {
				t.Errorf("%s = %v, want %v", k, by[k], want)
			}
		}
		total := round2(1 + agency["points"].(float64) + 2 + 1 + 2 + 2 + 1.5 + 1 + 0)
		if m["total"] != total || m["max"] != 18.0 || m["grade"] == nil || len(m["no_data"].([]any)) != 0 {
			t.Errorf("with entries: total %v (want %v), max %v, grade %v", m["total"], total, m["max"], m["grade"])
		}

		// April: what holds (one-stop procedures, paper) carries over; March's counts do not.
		_, by = get("/api/v1/stats/assessment?unit=" + testdb.Dept + "&from=2026-04-01&to=2026-04-30")
		if by["one_stop"]["points"] != 2.0 || by["published"]["points"] != 2.0 || by["feedback"]["points"] != nil {
			t.Errorf("April: %v %v %v", by["one_stop"], by["published"], by["feedback"])
		}

		// Refused, and nothing of a refused request is kept.
		for _, c := range []struct {
			who    string
			body   any
			status int
			code   string
		}{
			{"officer", entries, 403, "forbidden_stats"},
			{"manager", map[string]any{"unit": testdb.Other, "month": "2026-03", "values": map[string]any{"paper": 1}}, 403, "forbidden_stats"},
			{"manager", map[string]any{"unit": testdb.Dept, "month": "03/2026", "values": map[string]any{"paper": 1}}, 422, "invalid_month"},
			{"manager", map[string]any{"unit": testdb.Dept, "month": "2026-03", "values": map[string]any{"bribes": 1}}, 422, "unknown_field"},
			{"manager", map[string]any{"unit": testdb.Dept, "month": "2026-03", "values": map[string]any{"paper": 2}}, 422, "out_of_range"},
			{"manager", map[string]any{"unit": testdb.Dept, "month": "2026-03", "values": map[string]any{"complaints": -1}}, 422, "out_of_range"},
			{"manager", map[string]any{"unit": testdb.Dept, "month": "2026-03", "values": map[string]any{"complaints": 5, "feedback_on_time": 11}}, 422, "more_than_feedback"},
			{"manager", map[string]any{"unit": testdb.Dept, "month": "2026-03", "values": map[string]any{"paper": "có"}}, 422, "invalid_field"},
			{"manager", map[string]any{"unit": testdb.Dept, "month": "2026-03"}, 422, "required"},
			{"", entries, 401, "unauthorized"},
		} {
			if st, m := put(c.who, c.body); st != c.status || errCode(m) != c.code {
				t.Errorf("%s %v: %d %v", c.who, c.body, st, m)
			}
		}
		if _, by = get(march); by["attitude"]["points"] != 1.5 || by["feedback"]["points"] != 1.0 {
			t.Errorf("a refused request changed the figures: %v %v", by["attitude"], by["feedback"])
		}
		// null clears a figure.
		if st, _ := put("manager", map[string]any{"unit": testdb.Dept, "month": "2026-03", "values": map[string]any{"paper": nil}}); st != 200 {
			t.Fatalf("clear: %d", st)
		}
		if _, by = get(march); by["published"]["points"] != nil {
			t.Errorf("paper cleared, still scored: %v", by["published"])
		}
	})
}

// round2 rounds as the assessment does, to hundredths.
func round2(v float64) float64 { return math.Round(v*100) / 100 }
