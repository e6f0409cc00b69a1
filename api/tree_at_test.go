package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// Two groups under the province for the history of a unit re-parented mid-period.
const (
	treeKhoiA = "000.00.03.H62" // Khối A: Other's parent until Tuesday 12:00
	treeKhoiB = "000.00.04.H62" // Khối B: Other's parent from Tuesday 12:00
)

// treeHistory plays the history of store/stats_edges_test.go's edgeReparented over the API's
// store, the procedure taking 2 working days:
//   - Khối A and Khối B are put under the province, Other (Sở Xây dựng) under Khối A;
//   - Monday 2 March 08:00: X and W received at Other's counter, Y at Dept's; each is due
//     Wednesday 08:00 (7.5 h on Monday, 8 h on Tuesday, 0.5 h on Wednesday);
//   - Monday 10:00: W withdrawn;
//   - Tuesday 3 March 12:00: Other moved under Khối B;
//   - the clock stays at Tuesday 13:00: X and Y open, within their time.
//
// It returns the codes of X, W and Y.
func treeHistory(t *testing.T, e *env) (x, w, y string) {
	t.Helper()
	ctx := context.Background()
	st := e.st
	clock := testdb.At(8, 0)
	st.SetClock(func() time.Time { return clock })
	if err := st.PutUnits(ctx, []org.Unit{
		{Code: treeKhoiA, Name: "Khối A", ParentCode: testdb.Province, Level: 2},
		{Code: treeKhoiB, Name: "Khối B", ParentCode: testdb.Province, Level: 2},
		{Code: testdb.Other, Name: "Sở Xây dựng", ParentCode: treeKhoiA, Level: 3},
	}); err != nil {
		t.Fatal(err)
	}
	create := func(who, unit, name string) string {
		t.Helper()
		u, err := st.UserByUsername(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		d, err := st.CreateDossier(ctx, u, store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: unit, Channel: "counter",
			Applicant: dossier.Applicant{Name: name, IDNumber: "001090000001", Type: 1}, Summary: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if d.ReceivedAt == nil || !d.ReceivedAt.Equal(clock) {
			t.Fatalf("%s: received %v, want %v", name, d.ReceivedAt, clock)
		}
		return d.Code
	}
	x, w = create("other.intake", testdb.Other, "X"), create("other.intake", testdb.Other, "W")
	y = create("intake", testdb.Dept, "Y")
	clock = testdb.At(10, 0)
	u, _ := st.UserByUsername(ctx, "other.intake")
	d, err := st.DossierByCode(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Act(ctx, u, w, dossier.Request{Action: workflow.Withdraw, Reason: "Công dân xin rút", Version: d.Version}); err != nil {
		t.Fatal(err)
	}
	clock = testdb.At(12, 0).AddDate(0, 0, 1) // Tuesday 12:00
	if err := st.ReparentUnit(ctx, testdb.Other, treeKhoiB, clock); err != nil {
		t.Fatal(err)
	}
	clock = testdb.At(13, 0).AddDate(0, 0, 1)
	return x, w, y
}

// The tree_at values the tests ask with: before the move (the end of Monday; Tuesday 03:00 in
// Vietnam written in UTC), at its very instant, and after it (the end of Tuesday).
const (
	treeMonday    = "2026-03-02"
	treeUTCBefore = "2026-03-02T20:00:00Z"
	treeAtMove    = "2026-03-03T12:00:00+07:00"
	treeTuesday   = "2026-03-03"
)

// TestTreeAtSummaryAndListing counts treeHistory by hand. In March, with its sub-units:
//   - Khối A, the tree as it stood before the move: X (pending, within) and W (withdrawn);
//     in today's tree (and in the tree from the move on) nothing;
//   - Khối B the other way round;
//   - the province: X, W and Y in either tree; Other alone: X and W, tree_at or not.
//
// The dossier listing with the same unit, include_children and tree_at lists the dossiers the
// summary counts as new.
func TestTreeAtSummaryAndListing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		x, w, y := treeHistory(t, e)
		moved := map[string]float64{"new": 2, "carried": 0, "total": 2, "solved": 0, "withdrawn": 1, "refused": 0,
			"pending": 1, "pending_within": 1, "pending_overdue": 0}
		none := map[string]float64{"new": 0, "total": 0, "withdrawn": 0, "pending": 0, "pending_within": 0}
		province := map[string]float64{"new": 3, "total": 3, "solved": 0, "withdrawn": 1, "pending": 2, "pending_within": 2, "pending_overdue": 0}
		summary := func(unit string, children bool, treeAt string, extra string) map[string]any {
			t.Helper()
			q := url.Values{"unit": {unit}, "from": {"2026-03-01"}, "to": {"2026-03-31"}}
			if children {
				q.Set("include_children", "true")
			}
			if treeAt != "" {
				q.Set("tree_at", treeAt)
			}
			st, m := e.call("GET", "/api/v1/stats/summary?"+q.Encode()+extra, "admin", nil)
			if st != 200 {
				t.Fatalf("summary %s: %d %v", q.Encode()+extra, st, m)
			}
			// The answer says which tree it used: only for a past day's, with the sub-units.
			if _, echoed := m["tree_at"]; echoed != (children && treeAt != "") {
				t.Errorf("summary %s: tree_at %v", q.Encode(), m["tree_at"])
			}
			return m
		}
		expect := func(label string, m map[string]any, want map[string]float64) {
			t.Helper()
			total := m["total"].(map[string]any)
			for k, v := range want {
				if total[k] != v {
					t.Errorf("%s: %s = %v, want %v", label, k, total[k], v)
				}
			}
		}
		for _, c := range []struct {
			unit, treeAt string
			want         map[string]float64
			codes        []string // the listing, as Other's intake officer sees it
		}{
			{treeKhoiA, "", none, nil},
			{treeKhoiB, "", moved, []string{x, w}},
			{treeKhoiA, treeMonday, moved, []string{x, w}},
			{treeKhoiB, treeMonday, none, nil},
			{treeKhoiA, treeUTCBefore, moved, []string{x, w}},
			{treeKhoiB, treeUTCBefore, none, nil},
			{treeKhoiA, treeAtMove, none, nil},
			{treeKhoiB, treeAtMove, moved, []string{x, w}},
			{treeKhoiA, treeTuesday, none, nil},
			{treeKhoiB, treeTuesday, moved, []string{x, w}},
		} {
			label := c.unit + " tree_at=" + c.treeAt
			m := summary(c.unit, true, c.treeAt, "")
			expect(label, m, c.want)
			// The listing behind the figure "new": received in March, the same tree.
			q := url.Values{"unit": {c.unit}, "include_children": {"true"}, "from": {"2026-03-01"}, "to": {"2026-04-01"}}
			if c.treeAt != "" {
				q.Set("tree_at", c.treeAt)
			}
			st, page := e.call("GET", "/api/v1/dossiers?"+q.Encode(), "other.intake", nil)
			if st != 200 {
				t.Fatalf("listing %s: %d %v", label, st, page)
			}
			var codes []string
			for _, it := range page["items"].([]any) {
				codes = append(codes, it.(map[string]any)["code"].(string))
			}
			sort.Strings(codes)
			want := slices.Clone(c.codes)
			sort.Strings(want)
			if page["total"] != c.want["new"] || !slices.Equal(codes, want) {
				t.Errorf("listing %s: total %v %v, want %v %v", label, page["total"], codes, c.want["new"], want)
			}
			if page["total"] != m["total"].(map[string]any)["new"] {
				t.Errorf("%s: the listing has %v, the summary %v new", label, page["total"], m["total"].(map[string]any)["new"])
			}
		}
		// The province with its sub-units holds all three in either tree; Other alone its two,
		// tree_at or not (without include_children there is no tree to take).
		for _, treeAt := range []string{"", treeMonday, treeAtMove} {
			expect("the province tree_at="+treeAt, summary(testdb.Province, true, treeAt, ""), province)
			expect("Other alone tree_at="+treeAt, summary(testdb.Other, false, treeAt, ""), moved)
		}
		// Y, Dept's, is in no group's figures and listed under the province (by Dept's officer).
		if _, page := e.call("GET", "/api/v1/dossiers?unit="+testdb.Province+"&include_children=true&tree_at="+treeMonday, "intake", nil); page["total"] != 1.0 ||
			page["items"].([]any)[0].(map[string]any)["code"] != y {
			t.Errorf("Dept's intake officer, the province's listing: %v", page)
		}
		// Recomputed as of the end of Monday: in today's tree Khối A had nothing, in the tree of
		// then X and W (W withdrawn at 10:00, X open and within).
		if m := summary(treeKhoiA, true, treeMonday, "&as_of=2026-03-02"); m["recomputed"] != true {
			t.Errorf("not recomputed: %v", m)
		} else {
			expect("Khối A as of Monday, the tree of then", m, moved)
		}
		expect("Khối A as of Monday, today's tree", summary(treeKhoiA, true, "", "&as_of=2026-03-02"), none)

		// The trend month by month: March's two received under Khối A in the tree of then.
		for _, c := range []struct {
			unit, treeAt string
			received     float64
		}{{treeKhoiA, treeMonday, 2}, {treeKhoiB, treeMonday, 0}, {treeKhoiA, "", 0}, {treeKhoiB, "", 2}} {
			st, m := e.call("GET", "/api/v1/stats/trend?unit="+c.unit+"&include_children=1&from=2026-03-01&to=2026-03-31&tree_at="+c.treeAt, "admin", nil)
			var got float64
			for _, mo := range m["months"].([]any) {
				if mo := mo.(map[string]any); mo["month"] == "2026-03" {
					got = mo["received"].(float64)
				}
			}
			if st != 200 || got != c.received {
				t.Errorf("trend %s tree_at=%s: %d, received %v, want %v", c.unit, c.treeAt, st, got, c.received)
			}
		}
	})
}

// TestTreeAtRanking ranks the units directly under the province. In the tree as it stood before
// the move Khối A's index is computed with Other: progress (pending within 1 + early 0 + on time
// 0 + withdrawn 1) / received 2 = 20 of 20 points, online dossiers 0 of 2 received; Khối B has
// none received. In today's tree the other way round. The ranking's lines are what the index of
// each group gives for the same tree.
func TestTreeAtRanking(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		treeHistory(t, e)
		indicator := func(item map[string]any, key string) map[string]any {
			for _, g := range item["groups"].([]any) {
				for _, in := range g.(map[string]any)["indicators"].([]any) {
					if in := in.(map[string]any); in["key"] == key {
						return in
					}
				}
			}
			t.Fatalf("%v has no indicator %s", item["unit"], key)
			return nil
		}
		for _, c := range []struct {
			treeAt        string
			with, without string // the group with Other, the one without
		}{{treeMonday, treeKhoiA, treeKhoiB}, {"", treeKhoiB, treeKhoiA}, {treeAtMove, treeKhoiB, treeKhoiA}} {
			period := "&from=2026-03-01&to=2026-03-31&tree_at=" + url.QueryEscape(c.treeAt)
			st, m := e.call("GET", "/api/v1/stats/index/ranking?unit="+testdb.Province+period, "admin", nil)
			if st != 200 {
				t.Fatalf("ranking tree_at=%s: %d %v", c.treeAt, st, m)
			}
			items := map[string]map[string]any{}
			var units []string
			for _, it := range m["items"].([]any) {
				it := it.(map[string]any)
				items[it["unit"].(string)] = it
				units = append(units, it["unit"].(string))
			}
			sort.Strings(units)
			// Other is under a group in either tree: never ranked beside them.
			if want := []string{testdb.Dept, treeKhoiA, treeKhoiB, testdb.Commune}; !slices.Equal(units, want) {
				t.Errorf("tree_at=%s: ranked %v, want %v", c.treeAt, units, want)
			}
			if p := indicator(items[c.with], "progress"); p["numerator"] != 2.0 || p["denominator"] != 2.0 || p["points"] != 20.0 || p["no_data"] != false {
				t.Errorf("tree_at=%s: %s's progress %v", c.treeAt, c.with, p)
			}
			if p := indicator(items[c.with], "online_dossiers"); p["numerator"] != 0.0 || p["denominator"] != 2.0 {
				t.Errorf("tree_at=%s: %s's online dossiers %v", c.treeAt, c.with, p)
			}
			if p := indicator(items[c.without], "progress"); p["no_data"] != true || p["points"] != 0.0 {
				t.Errorf("tree_at=%s: %s's progress %v", c.treeAt, c.without, p)
			}
			// A group's own ranking lists Other only in the tree where it is under it.
			for _, g := range []string{treeKhoiA, treeKhoiB} {
				st, m := e.call("GET", "/api/v1/stats/index/ranking?unit="+g+period, "admin", nil)
				var units []string
				for _, it := range m["items"].([]any) {
					units = append(units, it.(map[string]any)["unit"].(string))
				}
				want := []string{}
				if g == c.with {
					want = []string{testdb.Other}
				}
				if st != 200 || !slices.Equal(units, want) {
					t.Errorf("tree_at=%s: the ranking under %s: %d %v, want %v", c.treeAt, g, st, units, want)
				}
				if g == c.with && len(units) == 1 {
					if p := indicator(m["items"].([]any)[0].(map[string]any), "progress"); p["numerator"] != 2.0 || p["denominator"] != 2.0 {
						t.Errorf("tree_at=%s: Other's progress under %s %v", c.treeAt, g, p)
					}
				}
			}
			// The report form of the ranking: the same points, the group without data not ranked.
			rows := map[string][]string{}
			st, _, body := e.download("/api/v1/reports/xep-hang.csv?unit="+testdb.Province+"&include_children=true"+period, "admin")
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll()
			if st != 200 || err != nil || len(recs) != 5 {
				t.Fatalf("xep-hang.csv tree_at=%s: %d %v %q", c.treeAt, st, err, recs)
			}
			for _, r := range recs[1:] {
				rows[r[2]] = r
			}
			if r := rows[c.with]; num(r[3]) != items[c.with]["points"] || num(r[4]) != items[c.with]["available"] || r[0] == "Chưa xếp hạng" {
				t.Errorf("xep-hang.csv tree_at=%s: %s %q, the ranking %v of %v", c.treeAt, c.with, r, items[c.with]["points"], items[c.with]["available"])
			}
			if r := rows[c.without]; r[0] != "Chưa xếp hạng" || r[3] != "0" {
				t.Errorf("xep-hang.csv tree_at=%s: %s %q", c.treeAt, c.without, r)
			}
			// Each line is the group's own index with its sub-units in the same tree.
			for _, g := range []string{treeKhoiA, treeKhoiB} {
				st, idx := e.call("GET", "/api/v1/stats/index?unit="+g+"&include_children=true"+period, "admin", nil)
				if st != 200 || idx["points"] != items[g]["points"] || idx["available"] != items[g]["available"] ||
					indicator(idx, "progress")["denominator"] != indicator(items[g], "progress")["denominator"] {
					t.Errorf("tree_at=%s: the index of %s %v %v, its ranking line %v %v", c.treeAt, g, idx["points"], idx["available"],
						items[g]["points"], items[g]["available"])
				}
			}
		}
	})
}

// TestTreeAtReports: the report forms take tree_at as the summary does, and say which tree the
// sub-units were taken from, as a Vietnam date.
func TestTreeAtReports(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		treeHistory(t, e)
		//          total new carried solved early on-time late pending within overdue withdrawn refused
		moved := []string{"2", "2", "0", "0", "0", "0", "0", "1", "1", "0", "1", "0"}
		none := []string{"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"}
		query := func(unit, treeAt string) string {
			q := url.Values{"unit": {unit}, "include_children": {"true"}, "from": {"2026-03-01"}, "to": {"2026-03-31"}}
			if treeAt != "" {
				q.Set("tree_at", treeAt)
			}
			return "?" + q.Encode()
		}
		totalOf := func(rows [][]string) []string {
			for _, r := range rows {
				if len(r) > 1 && r[1] == "Tổng cộng" {
					return r
				}
			}
			return nil
		}
		for _, c := range []struct {
			unit, treeAt string
			want         []string
		}{
			{treeKhoiA, treeMonday, moved}, {treeKhoiB, treeMonday, none},
			{treeKhoiA, "", none}, {treeKhoiB, "", moved},
			{treeKhoiA, treeUTCBefore, moved}, {treeKhoiA, treeAtMove, none},
		} {
			label := c.unit + " tree_at=" + c.treeAt
			st, _, body := e.download("/api/v1/reports/tong-hop.csv"+query(c.unit, c.treeAt), "admin")
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll()
			if st != 200 || err != nil {
				t.Fatalf("%s: tong-hop.csv %d %v %s", label, st, err, body)
			}
			if total := totalOf(recs); len(total) < 14 || !slices.Equal(total[2:14], c.want) {
				t.Errorf("%s: tong-hop.csv total %q, want %q", label, total, c.want)
			}
			// The same figures in the summary.
			_, m := e.call("GET", "/api/v1/stats/summary"+query(c.unit, c.treeAt), "admin", nil)
			if got := m["total"].(map[string]any)["total"]; got != num(c.want[0]) {
				t.Errorf("%s: the summary's total %v, the report's %s", label, got, c.want[0])
			}
		}

		// The workbook's unit line (A6 of its first sheet) names the tree's day in Vietnam:
		// 2026-03-02T20:00:00Z is Tuesday 03:00 there.
		for _, c := range []struct {
			report   string
			unit     string
			children bool
			treeAt   string
			line     string
			want     []string // the figures' total; nil: not a figure report
		}{
			{"xep-hang", testdb.Province, true, treeUTCBefore, "Đơn vị: UBND tỉnh Vĩnh Phúc (mã " + testdb.Province + ") và các đơn vị trực thuộc (theo cơ cấu tổ chức tại ngày 03/03/2026)", nil},
			{"xep-hang", testdb.Province, true, "", "Đơn vị: UBND tỉnh Vĩnh Phúc (mã " + testdb.Province + ") và các đơn vị trực thuộc", nil},
			{"tong-hop", treeKhoiA, true, treeMonday, "Đơn vị: Khối A (mã " + treeKhoiA + ") và các đơn vị trực thuộc (theo cơ cấu tổ chức tại ngày 02/03/2026)", moved},
			{"tong-hop", treeKhoiA, true, treeUTCBefore, "Đơn vị: Khối A (mã " + treeKhoiA + ") và các đơn vị trực thuộc (theo cơ cấu tổ chức tại ngày 03/03/2026)", moved},
			{"tong-hop", treeKhoiB, true, treeAtMove, "Đơn vị: Khối B (mã " + treeKhoiB + ") và các đơn vị trực thuộc (theo cơ cấu tổ chức tại ngày 03/03/2026)", moved},
			{"tong-hop", treeKhoiA, true, "", "Đơn vị: Khối A (mã " + treeKhoiA + ") và các đơn vị trực thuộc", none},
			// Without the sub-units there is no tree to name.
			{"tong-hop", testdb.Other, false, treeMonday, "Đơn vị: Sở Xây dựng (mã " + testdb.Other + ")", moved},
		} {
			q := url.Values{"unit": {c.unit}, "from": {"2026-03-01"}, "to": {"2026-03-31"}}
			if c.children {
				q.Set("include_children", "true")
			}
			if c.treeAt != "" {
				q.Set("tree_at", c.treeAt)
			}
			st, _, body := e.download("/api/v1/reports/"+c.report+".xlsx?"+q.Encode(), "admin")
			if st != 200 {
				t.Fatalf("%s.xlsx?%s: %d %s", c.report, q.Encode(), st, body)
			}
			wb, err := excelize.OpenReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("the workbook does not open: %v", err)
			}
			sheet := wb.GetSheetList()[0]
			if got, _ := wb.GetCellValue(sheet, "A6"); got != c.line {
				t.Errorf("%s.xlsx?%s: A6 %q, want %q", c.report, q.Encode(), got, c.line)
			}
			rows, _ := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
			if total := totalOf(rows); c.want != nil && (len(total) < 14 || !slices.Equal(total[2:14], c.want)) {
				t.Errorf("%s.xlsx?%s: the workbook's total %q, want %q", c.report, q.Encode(), total, c.want)
			}
			wb.Close()
		}
	})
}

// TestTreeAtRefused: a tree_at that is neither a date nor an RFC 3339 instant is refused on every
// endpoint that takes it, the field named.
func TestTreeAtRefused(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		period := "?unit=" + testdb.Dept + "&include_children=true&from=2026-03-01&to=2026-03-31&tree_at="
		for _, path := range []string{
			"/api/v1/stats/summary", "/api/v1/stats/steps", "/api/v1/stats/satisfaction", "/api/v1/stats/index",
			"/api/v1/stats/index/ranking", "/api/v1/stats/trend", "/api/v1/stats/assessment", "/api/v1/stats/index.pdf",
			"/api/v1/reports/tong-hop.xlsx", "/api/v1/reports/xep-hang.csv", "/api/v1/dossiers",
		} {
			for _, bad := range []string{"03/03/2026", "2026-02-30", "2026-03-03T12:00:00", "hôm qua"} {
				st, m := e.call("GET", path+period+url.QueryEscape(bad), "manager", nil)
				body, _ := m["error"].(map[string]any)
				fields, _ := body["fields"].(map[string]any)
				if st != 422 || errCode(m) != "invalid_date" || fields["tree_at"] == nil || len(fields) != 1 {
					t.Errorf("%s tree_at=%s: %d %v", path, bad, st, m)
				}
			}
			// A date and an instant are taken (the manager's own unit, nothing moved under it).
			for _, good := range []string{treeMonday, treeAtMove} {
				if st, _, body := e.download(path+period+url.QueryEscape(good), "manager"); st != 200 {
					t.Errorf("%s tree_at=%s: %d %s", path, good, st, body)
				}
			}
		}
	})
}

// TestTreeAtDocumented: the OpenAPI document lists tree_at, a query parameter, on every operation
// that takes it.
func TestTreeAtDocumented(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		st, doc := e.call("GET", "/api/v1/openapi.json", "", nil)
		if st != 200 {
			t.Fatalf("openapi.json: %d", st)
		}
		resolve := func(p map[string]any) map[string]any {
			if r, ok := p["$ref"].(string); ok {
				var cur any = doc
				for _, k := range strings.Split(strings.TrimPrefix(r, "#/"), "/") {
					cur, _ = cur.(map[string]any)[k]
				}
				p, _ = cur.(map[string]any)
			}
			return p
		}
		for _, path := range []string{
			"/api/v1/stats/summary", "/api/v1/stats/steps", "/api/v1/stats/satisfaction", "/api/v1/stats/index",
			"/api/v1/stats/index/ranking", "/api/v1/stats/trend", "/api/v1/stats/assessment", "/api/v1/stats/index.pdf",
			"/api/v1/reports/{name}.xlsx", "/api/v1/reports/{name}.csv", "/api/v1/dossiers",
		} {
			op, _ := doc["paths"].(map[string]any)[path].(map[string]any)["get"].(map[string]any)
			var found map[string]any
			for _, p := range op["parameters"].([]any) {
				if p := resolve(p.(map[string]any)); p["name"] == "tree_at" {
					found = p
				}
			}
			desc, _ := found["description"].(string)
			if found["in"] != "query" || found["required"] == true || !strings.Contains(desc, "invalid_date") {
				t.Errorf("GET %s: tree_at %v", path, found)
			}
		}
	})
}
