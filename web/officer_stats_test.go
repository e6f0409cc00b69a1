package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/workflow"
)

// statsHistory is the small history of api/stats_test.go, the procedure taking 2 working days:
// on Monday 2 March A, B, C and D are received at the counter; A is solved on Tuesday (early),
// B withdrawn on Tuesday, C solved on Thursday (late); D stays open and is overdue, so is E
// (received on Tuesday); F, received on Thursday at 10:00, is within its deadline. The clock
// stays at Thursday 10:00.
func statsHistory(t *testing.T, s *site) map[string]string {
	t.Helper()
	ctx := context.Background()
	act := func(code, who string, req dossier.Request) {
		d, err := s.F.Store.DossierByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		req.Version = d.Version
		if _, err := s.F.Store.Act(ctx, s.F.Users[who], code, req); err != nil {
			t.Fatalf("%s %s: %v", who, req.Action, err)
		}
	}
	solve := func(code string) {
		for _, who := range []string{"intake", "officer", "leader", "clerk"} {
			act(code, who, dossier.Request{Action: workflow.Forward})
		}
	}
	codes := map[string]string{}
	create := func(name string) string {
		codes[name] = officerCounterDossier(t, s, name).Code
		return codes[name]
	}
	s.SetNow(testdb.At(8, 0))
	a, b, c := create("A"), create("B"), create("C")
	create("D")
	s.SetNow(testdb.At(8, 0).AddDate(0, 0, 1))
	solve(a)
	act(b, "intake", dossier.Request{Action: workflow.Withdraw, Reason: "rút"})
	create("E")
	s.SetNow(testdb.At(10, 0).AddDate(0, 0, 3))
	solve(c)
	create("F")
	return codes
}

var statsDrillLink = regexp.MustCompile(`href="(/can-bo/ho-so\?[^"]*)"`)

func TestStatsDashboard(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		codes := statsHistory(t, s)
		manager := s.officerAs(t, "manager")
		march := "unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31"
		status, body := manager.get(t, "/can-bo/thong-ke?"+march)
		if status != http.StatusOK {
			t.Fatalf("dashboard: %d\n%s", status, body)
		}
		officerNoRawKeys(t, body)
		num := func(figure string, n string) string {
			return `<a href="` + html.EscapeString("/can-bo/ho-so?figure="+figure+"&from=2026-03-01&to=2026-03-31&unit="+testdb.Dept) + `">` + n + `</a>`
		}
		// The key figures, each a link to its listing, with the shares.
		for _, w := range []string{
			num("new", "6"), "<dd>0</dd>", num("total", "6"), num("solved", "2"), num("early", "1"),
			num("late", "1"), num("pending", "3"), num("pending_within", "1"),
			num("pending_overdue", "2"), num("withdrawn", "1"),
			"50% số đã giải quyết", "66,7% số đang giải quyết",
			"2,13 ngày làm việc", "-6,3%", // as the API: avg 2.13 days, saved −6.3 %
			"Sở Tư pháp, từ 01/03/2026 đến 31/03/2026",
			"Số liệu trực tiếp", "tính đến 10:00 05/03/2026",
			"so sánh theo ngày", // how solved ones are classified
		} {
			if !strings.Contains(body, w) {
				t.Errorf("the dashboard lacks %q", w)
			}
		}
		// By level: the department (level 2) competent for all six; the row is not a link (the
		// listing has no level filter).
		lv := body[strings.Index(body, `id="level-h"`):]
		lv = lv[:strings.Index(lv, "</section>")]
		if tbody := lv[strings.Index(lv, "<tbody>"):strings.Index(lv, "</tbody>")]; !strings.Contains(tbody, `<th scope="row">Cấp sở, ngành, huyện</th><td class="num">6</td>`) ||
			strings.Contains(tbody, "Cấp xã") || strings.Contains(tbody, "<a ") {
			t.Errorf("by level: %s", lv)
		}
		// Charts: SVG with a name and a description in words, and the same numbers in a table.
		for _, w := range []string{
			`role="img" aria-labelledby="c-outcome-t c-outcome-d"`,
			`<title id="c-outcome-t">Kết quả giải quyết`,
			`<desc id="c-outcome-d">Đã giải quyết 2 (Trước hạn 1, Đúng hạn 0, Quá hạn 1); Đang giải quyết 3 (Đang giải quyết trong hạn 1, Đang giải quyết quá hạn 2).</desc>`,
			`<title id="c-field-t">`, `<desc id="c-field-d">Lý lịch tư pháp: 6.</desc>`,
			`<desc id="c-channel-d">Trực tiếp tại Bộ phận Một cửa: 6.</desc>`,
			`class="stats-svg-total">6</text>`,
			`<th scope="row">Lý lịch tư pháp</th>`, `<th scope="row">Cấp Phiếu lý lịch tư pháp</th>`,
			`<th scope="row">Trực tiếp tại Bộ phận Một cửa</th>`,
		} {
			if !strings.Contains(body, w) {
				t.Errorf("the dashboard lacks %q", w)
			}
		}
		// The outcome table beneath the chart: the same five numbers.
		outcome := body[strings.Index(body, `<desc id="c-outcome-d">`):strings.Index(body, `id="field-h"`)]
		for _, w := range []string{num("early", "1"), "0", num("late", "1"), num("pending_within", "1"), num("pending_overdue", "2")} {
			if !strings.Contains(outcome, `<td class="num">`+w+`</td>`) {
				t.Errorf("the outcome table lacks %s", w)
			}
		}
		// The procedure table: a row's numbers link to the listing of that procedure.
		procEarly := `<a href="` + html.EscapeString("/can-bo/ho-so?figure=early&from=2026-03-01&procedure="+testdb.ProcCode+"&to=2026-03-31&unit="+testdb.Dept) + `">1</a>`
		if !strings.Contains(body, procEarly) {
			t.Errorf("the procedure table lacks %s", procEarly)
		}

		// Drill-down: every link leads to exactly the dossiers the figure counts.
		want := map[string][]string{
			"new": {"A", "B", "C", "D", "E", "F"}, "total": {"A", "B", "C", "D", "E", "F"}, "solved": {"A", "C"},
			"early": {"A"}, "late": {"C"}, "withdrawn": {"B"}, "pending": {"D", "E", "F"},
			"pending_within": {"F"}, "pending_overdue": {"D", "E"},
		}
		links := 0
		for _, m := range statsDrillLink.FindAllStringSubmatch(body, -1) {
			link := html.UnescapeString(m[1])
			figure := regexp.MustCompile(`figure=([a-z_]+)`).FindStringSubmatch(link)[1]
			names, ok := want[figure]
			if !ok {
				continue
			}
			links++
			status, list := manager.get(t, link)
			if status != http.StatusOK {
				t.Fatalf("%s: %d\n%s", link, status, list)
			}
			officerNoRawKeys(t, list)
			for name, code := range codes {
				if got := strings.Contains(list, code); got != slices.Contains(names, name) {
					t.Errorf("%s: dossier %s listed %v", link, name, got)
				}
			}
			if !strings.Contains(list, "<strong>"+strconv.Itoa(len(names))+" hồ sơ.</strong>") {
				t.Errorf("%s: not %d dossiers", link, len(names))
			}
			if !strings.Contains(list, `href="/can-bo/thong-ke?from=2026-03-01&amp;to=2026-03-31&amp;unit=`+testdb.Dept+`"`) {
				t.Errorf("%s: no way back to the dashboard", link)
			}
		}
		if links < 20 {
			t.Errorf("only %d drill-down links", links)
		}
		// The listing on its own: received in a period and a status.
		_, list := manager.get(t, "/can-bo/ho-so?unit="+testdb.Dept+"&from=2026-03-03&to=2026-03-05&status=2")
		for name, code := range codes {
			if got := strings.Contains(list, code); got != (name == "E" || name == "F") {
				t.Errorf("listing received 3–5 March, status 2: %s listed %v", name, got)
			}
		}
		if st, list := manager.get(t, "/can-bo/ho-so?status=99"); st != http.StatusUnprocessableEntity || !strings.Contains(list, `id="status-error"`) {
			t.Errorf("a bad status: %d", st)
		}

		// Tuesday alone, as the API: carried over 4, pending 3, none overdue at its end.
		_, body = manager.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=2026-03-03&to=2026-03-03")
		tue := func(figure, n string) string {
			return `<a href="` + html.EscapeString("/can-bo/ho-so?figure="+figure+"&from=2026-03-03&to=2026-03-03&unit="+testdb.Dept) + `">` + n + `</a>`
		}
		for _, w := range []string{tue("new", "1"), tue("carried", "4"), tue("pending", "3"), "<dd>0 <span", "Kỳ đã kết thúc"} {
			if !strings.Contains(body, w) {
				t.Errorf("Tuesday lacks %s", w)
			}
		}

		_, list = manager.get(t, html.UnescapeString(strings.TrimPrefix(strings.TrimSuffix(tue("carried", "4"), `">4</a>`), `<a href="`)))
		for name, code := range codes {
			if got := strings.Contains(list, code); got != strings.Contains("ABCD", name) {
				t.Errorf("carried over into Tuesday: %s listed %v", name, got)
			}
		}

		// As the page stood at the end of Tuesday, recomputed from the events: E and C still
		// open, nothing overdue yet; no links (the listing is today's), no index or ratings.
		_, body = manager.get(t, "/can-bo/thong-ke?"+march+"&as_of=2026-03-03")
		for _, w := range []string{"tính lại từ nhật ký hồ sơ, như đã hiển thị lúc 23:59 03/03/2026", `value="2026-03-03"`,
			`<dd>5</dd>`, `<dd>3 <span`} {
			if !strings.Contains(body, w) {
				t.Errorf("as of Tuesday lacks %q", w)
			}
		}
		if strings.Contains(body, "/can-bo/ho-so?") || strings.Contains(body, `id="index-h"`) {
			t.Error("as of Tuesday: links to today's listing, or today's index")
		}
		if !strings.Contains(body, "as_of=2026-03-03") {
			t.Error("as of Tuesday: the report to download is not the same figures")
		}

		// One field: the procedure's, its figures linked to the listing of that field only.
		_, body = manager.get(t, "/can-bo/thong-ke?"+march+"&field=LLTP")
		if !strings.Contains(body, `<option value="LLTP" selected>`) || !strings.Contains(body, "thuộc lĩnh vực đã chọn") ||
			!strings.Contains(body, html.EscapeString("/can-bo/ho-so?field=LLTP&figure=new&from=2026-03-01&to=2026-03-31&unit="+testdb.Dept)+`">6</a>`) ||
			strings.Contains(body, `id="index-h"`) {
			t.Error("the dashboard of one field")
		}

		// The default: this month, quick periods.
		status, body = manager.get(t, "/can-bo/thong-ke")
		if status != http.StatusOK || !strings.Contains(body, `value="2026-03-01"`) || !strings.Contains(body, `value="2026-03-31"`) ||
			!strings.Contains(body, `aria-current="true">Tháng này</a>`) || !strings.Contains(body, "from=2026-02-01&amp;to=2026-02-28") ||
			!strings.Contains(body, "from=2026-01-01&amp;to=2026-03-31") || !strings.Contains(body, "from=2026-01-01&amp;to=2026-12-31") ||
			!strings.Contains(body, num("new", "6")) {
			t.Errorf("the default period: %d\n%s", status, body)
		}

		// Filters are checked, errors next to their fields.
		for _, c := range []struct{ query, field string }{
			{"unit=" + testdb.Dept + "&from=2026-13-01&to=2026-03-31", "from"},
			{"unit=" + testdb.Dept + "&from=2026-03-01&to=", "to"},
			{"unit=" + testdb.Dept + "&from=2026-03-31&to=2026-03-01", "to"},
			{"unit=" + testdb.Other + "&from=2026-03-01&to=2026-03-31", "unit"},
			{"unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31&as_of=3/3/2026", "as_of"},
			{"unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31&field=KHONG-CO", "field"},
			{"unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31&as_of=2026-02-28", "as_of"},
		} {
			status, body := manager.get(t, "/can-bo/thong-ke?"+c.query)
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, `<p class="field-error" id="`+c.field+`-error">`) ||
				!strings.Contains(body, `<a href="#`+c.field+`">`) || strings.Contains(body, "stats-key-grid") {
				t.Errorf("%s: %d, no error next to %s", c.query, status, c.field)
			}
		}

		// Who sees it: leaders and managers of the unit, administrators (without the listing,
		// which is the officers'); not a processing officer or a citizen.
		for _, c := range []struct {
			who    string
			status int
		}{{"leader", 200}, {"admin", 200}, {"officer", 403}, {"intake", 403}, {"citizen", 403}} {
			status, body := s.officerAs(t, c.who).get(t, "/can-bo/thong-ke?"+march)
			if status != c.status {
				t.Errorf("%s: %d, want %d", c.who, status, c.status)
			}
			if c.status == 403 && (strings.Contains(body, "stats-key-grid") || !strings.Contains(body, "Chỉ lãnh đạo")) {
				t.Errorf("%s: the figures or no explanation", c.who)
			}
			if c.who == "admin" && (strings.Contains(body, "/can-bo/ho-so?") || !strings.Contains(body, "<dd>6</dd>")) {
				t.Errorf("admin: drill-down links or no figures")
			}
		}
		if _, body := s.officerAs(t, "admin").get(t, "/can-bo/thong-ke?unit="+testdb.Province+"&include_children=1&from=2026-03-01&to=2026-03-31"); !strings.Contains(body, "<dd>6</dd>") {
			t.Errorf("admin: the province with its units")
		}
		// The workspace links to it for those who see it.
		if _, body := manager.get(t, "/can-bo"); !strings.Contains(body, `href="/can-bo/thong-ke"`) {
			t.Error("no link from the manager's inbox")
		}
		if _, body := s.officerAs(t, "intake").get(t, "/can-bo"); strings.Contains(body, `href="/can-bo/thong-ke"`) {
			t.Error("a link from the intake officer's inbox")
		}

		// English.
		en := s.officerAs(t, "manager")
		en.get(t, "/ngon-ngu/en")
		_, body = en.get(t, "/can-bo/thong-ke?"+march)
		for _, w := range []string{"Dossier statistics", "Early", "66.7% of the pending", "2.13 working days", "How the figures are counted",
			"Sở Tư pháp, 01/03/2026 to 31/03/2026", "In person at the one-stop counter"} {
			if !strings.Contains(body, w) {
				t.Errorf("English lacks %q", w)
			}
		}
		if status, body := en.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=nope&to=2026-03-31"); status != 422 || !strings.Contains(body, "Not a date") {
			t.Errorf("English error: %d", status)
		}
	})
}
