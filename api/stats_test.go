package api_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
	"github.com/xuri/excelize/v2"
)

// TestStatsSummaryOverHTTP computes by hand the figures of a small history of the department,
// the procedure taking 2 working days: on Monday 2 March A, B, C and D are received at the
// counter; A is solved on Tuesday (early: due Wednesday 08:00), B withdrawn on Tuesday, C solved
// on Thursday (late); D stays open and is overdue from Wednesday 08:00, E (received on Tuesday)
// from Thursday 08:00; F, received on Thursday at 10:00, is within its deadline.
// marchHistory plays, on the department, the history TestStatsSummaryOverHTTP counts by hand.
func marchHistory(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	f := e.st
	clock := testdb.At(8, 0)
	f.SetClock(func() time.Time { return clock })
	create := func(name string) string {
		in, _ := f.UserByUsername(ctx, "intake")
		d, err := f.CreateDossier(ctx, in, store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: "counter",
			Applicant: dossier.Applicant{Name: name, IDNumber: "001090000001", Type: 1}, Summary: "x"})
		if err != nil {
			t.Fatal(err)
		}
		return d.Code
	}
	act := func(code, who string, req dossier.Request) {
		u, _ := f.UserByUsername(ctx, who)
		d, err := f.DossierByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		req.Version = d.Version
		if _, err := f.Act(ctx, u, code, req); err != nil {
			t.Fatalf("%s %s: %v", who, req.Action, err)
		}
	}
	solve := func(code string) {
		for _, who := range []string{"intake", "officer", "leader", "clerk"} {
			act(code, who, dossier.Request{Action: workflow.Forward})
		}
	}
	a, b, c, _ := create("A"), create("B"), create("C"), create("D")
	clock = testdb.At(8, 0).AddDate(0, 0, 1) // Tuesday
	solve(a)
	act(b, "intake", dossier.Request{Action: workflow.Withdraw, Reason: "rút"})
	create("E")
	clock = testdb.At(10, 0).AddDate(0, 0, 3) // Thursday 10:00
	solve(c)
	create("F")
}

func TestStatsSummaryOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		marchHistory(t, e)

		get := func(who, query string) (int, map[string]any) {
			return e.call("GET", "/api/v1/stats/summary?"+query, who, nil)
		}
		st, m := get("manager", "unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31")
		if st != 200 {
			t.Fatalf("summary: %d %v", st, m)
		}
		total := m["total"].(map[string]any)
		want := map[string]float64{"new": 6, "carried": 0, "total": 6, "solved": 2, "early": 1, "on_time": 0, "late": 1,
			"withdrawn": 1, "refused": 0, "pending": 3, "pending_within": 1, "pending_overdue": 2}
		for k, v := range want {
			if total[k] != v {
				t.Errorf("March %s = %v, want %v", k, total[k], v)
			}
		}
		if pct := total["pct"].(map[string]any); pct["early_or_on_time"] != 50.0 || pct["pending_overdue"] != 66.7 {
			t.Errorf("percentages %v", pct)
		}
		// Solved in 1 (A: Mon 08:00 → Tue 08:00) and 3.25 working days (C: → Thu 10:00).
		// Legal 2 days each: (4 − 4.25) / 4 = −6.25 %, rounded away from zero.
		if m["avg_days"] != 2.13 || m["saved_pct"] != -6.3 {
			t.Errorf("processing: avg %v saved %v", m["avg_days"], m["saved_pct"])
		}
		// Tuesday alone: A, B, E carried or new; A solved, B withdrawn; C and D carried and pending.
		_, m = get("manager", "unit="+testdb.Dept+"&from=2026-03-03&to=2026-03-03")
		total = m["total"].(map[string]any)
		for k, v := range map[string]float64{"new": 1, "carried": 4, "total": 5, "solved": 1, "withdrawn": 1, "pending": 3, "pending_overdue": 0} {
			if total[k] != v {
				t.Errorf("Tuesday %s = %v, want %v", k, total[k], v)
			}
		}
		if live := m["live"]; live != false {
			t.Errorf("a past day is live: %v", live)
		}
		by := m["by_channel"].([]any)
		if len(by) != 1 || by[0].(map[string]any)["code"] != "counter" {
			t.Errorf("by channel %v", by)
		}
		// By level: the department is a level-2 unit (Sở), competent for all five of Tuesday's.
		lv := m["by_level"].([]any)
		if len(lv) != 1 || lv[0].(map[string]any)["code"] != "2" || lv[0].(map[string]any)["name"] != "Cấp sở, ngành, huyện" ||
			lv[0].(map[string]any)["counts"].(map[string]any)["total"] != 5.0 {
			t.Errorf("by level %v", lv)
		}
		// One field: the procedure's (all six), another (none).
		if st, m := get("manager", "unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&field=LLTP"); st != 200 ||
			m["total"].(map[string]any)["total"] != 6.0 || m["median_days"] != 1.0 || m["avg_days"] != 2.13 {
			t.Errorf("the procedure's field: %d %v", st, m)
		}
		if st, m := get("manager", "unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&field=KHONG-CO"); st != 200 ||
			m["total"].(map[string]any)["total"] != 0.0 || m["avg_days"] != 0.0 || len(m["by_procedure"].([]any)) != 0 {
			t.Errorf("another field: %d %v", st, m)
		}
		// One procedure: the same six; a report of it says so under its title.
		if st, m := get("manager", "unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&procedure="+testdb.ProcCode); st != 200 ||
			m["total"].(map[string]any)["total"] != 6.0 {
			t.Errorf("the procedure: %d %v", st, m)
		}
		if st, m := get("manager", "unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&procedure=9.999999"); st != 422 ||
			m["error"].(map[string]any)["code"] != "unknown_procedure" {
			t.Errorf("an unknown procedure: %d %v", st, m)
		}
		// The unit-wide tables are not a field's or a procedure's; a period is at most 10 years.
		for path, key := range map[string]string{
			"/api/v1/reports/hai-long.csv?unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31&procedure=" + testdb.ProcCode: "unit_wide_report",
			"/api/v1/reports/chi-so.xlsx?unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31&field=LLTP":                    "unit_wide_report",
			"/api/v1/reports/xu-huong.csv?unit=" + testdb.Dept + "&from=2016-03-01&to=2026-03-31":                              "period_too_long",
			"/api/v1/stats/summary?unit=" + testdb.Dept + "&from=0001-01-01&to=9999-12-31":                                     "period_too_long",
		} {
			st, _, b := e.download(path, "manager")
			if st != 422 || !strings.Contains(string(b), `"`+key+`"`) {
				t.Errorf("%s: %d %s", path, st, b)
			}
		}
		if st, _, _ := e.download("/api/v1/reports/thoi-gian-buoc.csv?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&procedure="+testdb.ProcCode, "manager"); st != 200 {
			t.Errorf("the step times of one procedure: %d", st)
		}
		if st, _, _ := e.download("/api/v1/reports/xu-huong.csv?unit="+testdb.Dept+"&from=2016-04-01&to=2026-03-31", "manager"); st != 200 {
			t.Errorf("ten years: %d", st)
		}
		for q, want := range map[string]string{
			"&procedure=" + testdb.ProcCode: "; thủ tục Cấp Phiếu lý lịch tư pháp (mã " + testdb.ProcCode + ")",
			"&field=LLTP":                   "; lĩnh vực Lý lịch tư pháp",
		} {
			st, _, b := e.download("/api/v1/reports/tong-hop.csv?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31"+q, "manager")
			if st != 200 {
				t.Fatalf("tong-hop.csv%s: %d", q, st)
			}
			st, _, b = e.download("/api/v1/reports/tong-hop.xlsx?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31"+q, "manager")
			wb, err := excelize.OpenReader(bytes.NewReader(b))
			if st != 200 || err != nil {
				t.Fatalf("tong-hop.xlsx%s: %d %v", q, st, err)
			}
			if v, _ := wb.GetCellValue("Tổng hợp", "A6"); !strings.HasSuffix(v, want) {
				t.Errorf("tong-hop.xlsx%s: A6 %q", q, v)
			}
			wb.Close()
		}
		if st, m := get("manager", "unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&field=KHONG-CO&as_of=2026-03-03"); st != 200 ||
			m["total"].(map[string]any)["total"] != 0.0 {
			t.Errorf("another field, as of Tuesday: %d %v", st, m)
		}
		// As the dashboard stood at the end of Tuesday, then of Wednesday (recomputed from the
		// events): C and E still open, D open; C and D overdue from Wednesday 08:00.
		for _, c := range []struct {
			asOf string
			want map[string]float64
		}{
			{"2026-03-03", map[string]float64{"new": 5, "total": 5, "solved": 1, "early": 1, "late": 0, "withdrawn": 1, "pending": 3, "pending_within": 3, "pending_overdue": 0}},
			{"2026-03-04", map[string]float64{"new": 5, "total": 5, "solved": 1, "early": 1, "late": 0, "withdrawn": 1, "pending": 3, "pending_within": 1, "pending_overdue": 2}},
		} {
			st, m := get("manager", "unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&as_of="+c.asOf)
			if st != 200 || m["recomputed"] != true || m["live"] != true || m["as_of"] != c.asOf+"T23:59:59.999+07:00" {
				t.Fatalf("as of %s: %d %v", c.asOf, st, m)
			}
			total := m["total"].(map[string]any)
			for k, v := range c.want {
				if total[k] != v {
					t.Errorf("as of %s: %s = %v, want %v", c.asOf, k, total[k], v)
				}
			}
		}
		// Who may not, and what is not a request.
		for _, c := range []struct {
			who, query string
			status     int
			code       string
		}{
			{"officer", "unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31", 403, "forbidden_stats"},
			{"manager", "unit=" + testdb.Other + "&from=2026-03-01&to=2026-03-31", 403, "forbidden_stats"},
			{"manager", "unit=" + testdb.Dept + "&to=2026-03-31", 422, "required"},
			{"manager", "unit=" + testdb.Dept + "&from=2026-03-31&to=2026-03-01", 422, "invalid_period"},
			{"manager", "unit=" + testdb.Dept + "&from=1/3/2026&to=2026-03-31", 422, "invalid_date"},
			{"manager", "unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31&as_of=3%2F3%2F2026", 422, "invalid_date"},
			{"manager", "unit=" + testdb.Dept + "&from=2026-03-02&to=2026-03-31&as_of=2026-02-28", 422, "invalid_as_of"},
			{"manager", "unit=" + testdb.Other + "&from=2026-03-01&to=2026-03-31&as_of=2026-03-03", 403, "forbidden_stats"},
			{"", "unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31", 401, "unauthorized"},
		} {
			if st, m := get(c.who, c.query); st != c.status || errCode(m) != c.code {
				t.Errorf("%s %s: %d %v", c.who, c.query, st, m)
			}
		}
		if st, m := get("admin", "unit="+testdb.Province+"&include_children=true&from=2026-03-01&to=2026-03-31"); st != 200 || m["total"].(map[string]any)["total"] != 6.0 {
			t.Errorf("the province with its units: %d %v", st, m["total"])
		}
	})
}

// TestStepsAndSatisfactionOverHTTP reads the step analysis of the March history and the (empty)
// satisfaction figures, and who may not.
func TestStepsAndSatisfactionOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		marchHistory(t, e)
		q := "?unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31&procedure=" + testdb.ProcCode
		st, m := e.call("GET", "/api/v1/stats/steps"+q, "manager", nil)
		steps, _ := m["steps"].([]any)
		if st != 200 || len(steps) != 4 {
			t.Fatalf("steps: %d %v", st, m)
		}
		// A and C went through every step; C (late) waited at the receiving desk from Monday to
		// Thursday, then went through the other steps at once: the receipt made it late.
		if first := steps[0].(map[string]any); first["key"] != "receive" || first["count"] != 2.0 {
			t.Errorf("first step %v", first)
		}
		if late, _ := m["late_causes"].([]any); len(late) != 1 || late[0].(map[string]any)["step"] != "receive" {
			t.Errorf("late causes %v", m["late_causes"])
		}
		st, m = e.call("GET", "/api/v1/stats/trend"+q, "manager", nil)
		if months, _ := m["months"].([]any); st != 200 || len(months) != 1 || months[0].(map[string]any)["late"] != 1.0 || months[0].(map[string]any)["late_pct"] != 50.0 {
			t.Fatalf("trend: %d %v", st, m)
		}
		st, m = e.call("GET", "/api/v1/stats/satisfaction"+q, "manager", nil)
		if total, _ := m["total"].(map[string]any); st != 200 || total["total"] != 0.0 {
			t.Fatalf("satisfaction: %d %v", st, m)
		}
		for _, path := range []string{"/api/v1/stats/steps", "/api/v1/stats/satisfaction"} {
			if st, m := e.call("GET", path+q, "officer", nil); st != 403 || errCode(m) != "forbidden_stats" {
				t.Errorf("%s as an officer: %d %v", path, st, m)
			}
		}
	})
}

// TestQualityIndexOverHTTP: in the March history, progress is (pending within 1 + early 1 +
// on time 0 + withdrawn 1) / 6 received = 10 of 20 points; every dossier came through the counter
// (0 of 8 for online dossiers); nothing was rated, paid or digitised, and nothing is published or
// synchronised by the system: those are no data, out of the total.
func TestQualityIndexOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		marchHistory(t, e)
		q := "?unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31"
		st, m := e.call("GET", "/api/v1/stats/index"+q, "manager", nil)
		if st != 200 {
			t.Fatalf("index: %d %v", st, m)
		}
		var progress, onlineDossiers map[string]any
		for _, g := range m["groups"].([]any) {
			for _, in := range g.(map[string]any)["indicators"].([]any) {
				switch x := in.(map[string]any); x["key"] {
				case "progress":
					progress = x
				case "online_dossiers":
					onlineDossiers = x
				}
			}
		}
		if progress["numerator"] != 3.0 || progress["denominator"] != 6.0 || progress["points"] != 10.0 {
			t.Errorf("progress %v", progress)
		}
		if onlineDossiers["points"] != 0.0 || onlineDossiers["no_data"] != false {
			t.Errorf("online dossiers %v", onlineDossiers)
		}
		noData := map[string]bool{}
		for _, k := range m["no_data"].([]any) {
			noData[k.(string)] = true
		}
		for _, k := range []string{"published_on_time", "portal_sync", "online_payment", "satisfied"} {
			if !noData[k] {
				t.Errorf("%s should be no data: %v", k, m["no_data"])
			}
		}
		if m["points"].(float64) > m["available"].(float64) || m["band"] == "" {
			t.Errorf("total %v of %v, band %v", m["points"], m["available"], m["band"])
		}
		st, m = e.call("GET", "/api/v1/stats/index/ranking?unit="+testdb.Province+"&from=2026-03-01&to=2026-03-31", "admin", nil)
		if items, _ := m["items"].([]any); st != 200 || len(items) < 2 || items[0].(map[string]any)["unit"] != testdb.Dept {
			t.Fatalf("ranking: %d %v", st, m)
		}
		if st, _ := e.call("GET", "/api/v1/stats/index"+q, "officer", nil); st != 403 {
			t.Errorf("an officer read the index: %d", st)
		}
	})
}
