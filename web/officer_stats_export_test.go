package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/xuri/excelize/v2"
)

// TestStatsDashboardExports: the dashboard links to its report form as Excel and CSV with the
// same unit and period; both carry the page's totals; another officer is refused.
func TestStatsDashboardExports(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		statsHistory(t, s)
		manager := s.officerAs(t, "manager")
		_, body := manager.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31")
		links := regexp.MustCompile(`href="(/can-bo/thong-ke/bao-cao\.(xlsx|csv)\?[^"]+)"`).FindAllStringSubmatch(body, -1)
		if len(links) != 2 {
			t.Fatalf("export links: %v", links)
		}
		get := func(c *site, path string) (*http.Response, []byte) {
			resp, err := c.Client.Get(c.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp, b
		}
		for _, l := range links {
			path := html.UnescapeString(l[1])
			resp, b := get(manager, path)
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "bao-cao-tong-hop-"+testdb.Dept+"-2026-03-01-2026-03-31."+l[2]) {
				t.Fatalf("%s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Disposition"))
			}
			var rows [][]string
			if l[2] == "csv" {
				r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
				r.FieldsPerRecord = -1
				var err error
				if rows, err = r.ReadAll(); err != nil {
					t.Fatal(err)
				}
			} else {
				f, err := excelize.OpenReader(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if rows, err = f.GetRows(f.GetSheetList()[0]); err != nil {
					t.Fatal(err)
				}
			}
			var total []string
			for _, row := range rows {
				for _, c := range row {
					if c == "Tổng cộng" {
						total = row
					}
				}
			}
			// Received 6 in all (6 new), 2 solved, 3 pending: the dashboard's figures.
			joined := "|" + strings.Join(total, "|") + "|"
			if !strings.Contains(joined, "|6|6|0|2|") || !strings.Contains(joined, "|3|1|2|") {
				t.Errorf("%s total row %q", l[2], total)
			}
		}
		officer := s.officerAs(t, "officer")
		if resp, _ := get(officer, html.UnescapeString(links[0][1])); resp.StatusCode != http.StatusForbidden {
			t.Errorf("an officer downloaded the report: %d", resp.StatusCode)
		}
	})
}

// TestStatsDashboardIndexRatingsSteps: the dashboard shows the service-quality index with each
// indicator's inputs (progress 3 / 6 → 10 points), no-data indicators as such, the step table,
// and "no ratings" in a period without any.
func TestStatsDashboardIndexRatingsSteps(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		statsHistory(t, s)
		manager := s.officerAs(t, "manager")
		_, body := manager.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31")
		for _, w := range []string{"Chỉ số phục vụ người dân", "<td>3 / 6</td><td>10</td><td>20</td>", "Chưa có dữ liệu",
			"Thời gian từng bước", "Tiếp nhận hồ sơ", "Chưa có đánh giá trong kỳ.",
			"Trễ hạn theo tháng", "<th scope=\"row\">03/2026</th><td>6</td><td>2</td><td>1</td><td>50%</td>"} {
			if !strings.Contains(body, w) {
				t.Errorf("the dashboard lacks %q", w)
			}
		}
		officerNoRawKeys(t, body)
		// The trend as a line chart with its words, and where the late dossier was made late.
		for _, re := range []string{`<desc id="trend-chart-d">tháng 03/2026: tiếp nhận 6, đã giải quyết 2, quá hạn 1\.</desc>`,
			`<polyline points="\d+,\d+" class="stats-line-late"`,
			`Hồ sơ quá hạn tập trung ở đâu</h4>`,
			`<tr><th scope="row">[^<]+</th><td>Sở Tư pháp</td><td>[^<]+</td><td>1</td></tr>`} {
			if !regexp.MustCompile(re).MatchString(body) {
				t.Errorf("the dashboard lacks %s", re)
			}
		}
		// Over four months the chart has a point a month, the empty ones at zero.
		_, body = manager.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=2026-01-01&to=2026-04-30")
		if m := regexp.MustCompile(`<polyline points="([^"]+)" class="stats-line-received"`).FindStringSubmatch(body); m == nil || len(strings.Fields(m[1])) != 4 {
			t.Errorf("received line %v", m)
		}
	})
}

// TestStatsDashboardTableExports: every table of the dashboard links to its workbook and its
// CSV with the page's unit and period, and they carry the page's figures; the ranking is offered
// with the sub-units; a past day's figures are for the figure tables only.
func TestStatsDashboardTableExports(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		statsHistory(t, s)
		manager := s.officerAs(t, "manager")
		get := func(c *site, path string) (*http.Response, []byte) {
			t.Helper()
			resp, err := c.Client.Get(c.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp, b
		}
		linkRe := regexp.MustCompile(`href="(/can-bo/thong-ke/bao-cao/([a-z-]+)\.(xlsx|csv)\?([^"]+))"`)
		links := func(body string) map[string]string {
			out := map[string]string{}
			for _, m := range linkRe.FindAllStringSubmatch(body, -1) {
				out[m[2]+"."+m[3]] = html.UnescapeString(m[1])
			}
			return out
		}
		_, body := manager.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31")
		got := links(body)
		// No ratings in the period: the ratings section has no table to download. The unit alone:
		// no ranking.
		names := []string{"theo-kenh", "theo-cap", "chi-so", "tieu-chi", "xu-huong", "thoi-gian-buoc", "nguyen-nhan-tre-han"}
		if len(got) != 2*len(names) {
			t.Errorf("export links %v", got)
		}
		csvs := map[string][][]string{}
		for _, name := range names {
			for _, ext := range []string{"xlsx", "csv"} {
				path, ok := got[name+"."+ext]
				if !ok {
					t.Errorf("no link to %s.%s", name, ext)
					continue
				}
				if !strings.Contains(path, "unit="+testdb.Dept) || !strings.Contains(path, "from=2026-03-01") || !strings.Contains(path, "to=2026-03-31") {
					t.Errorf("%s: not the page's unit and period", path)
				}
				resp, b := get(manager, path)
				want := "bao-cao-" + name + "-" + testdb.Dept + "-2026-03-01-2026-03-31." + ext
				if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), want) {
					t.Fatalf("%s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Disposition"))
				}
				if ext == "xlsx" {
					f, err := excelize.OpenReader(bytes.NewReader(b))
					if err != nil {
						t.Fatalf("%s: %v", path, err)
					}
					if v, _ := f.GetCellValue(f.GetSheetList()[0], "A6"); !strings.Contains(v, "Sở Tư pháp") {
						t.Errorf("%s: A6 %q", path, v)
					}
					f.Close()
					continue
				}
				r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
				rows, err := r.ReadAll()
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				csvs[name] = rows
			}
		}
		// The page's figures: March received 6, solved 2, one late (50 %); progress 3 / 6 → 10 points.
		find := func(name, label string) []string {
			for _, row := range csvs[name] {
				if len(row) > 1 && row[1] == label {
					return row
				}
			}
			t.Errorf("%s.csv has no line %q: %q", name, label, csvs[name])
			return nil
		}
		if row := find("xu-huong", "03/2026"); row != nil && strings.Join(row[2:], "|") != "6|2|1|50.0" {
			t.Errorf("trend %q", row)
		}
		if row := find("chi-so", "(Đang giải quyết trong hạn + đã giải quyết trước hạn, đúng hạn + rút) / tiếp nhận"); row != nil && strings.Join(row[2:7], "|") != "3|6|50.0|10|20" {
			t.Errorf("index %q", row)
		}
		find("thoi-gian-buoc", "Tiếp nhận hồ sơ")

		// With the sub-units: a link to their ranking, a page with its own downloads.
		admin := s.officerAs(t, "admin")
		_, body = admin.get(t, "/can-bo/thong-ke?unit="+testdb.Province+"&include_children=1&from=2026-03-01&to=2026-03-31")
		m := regexp.MustCompile(`href="(/can-bo/thong-ke/xep-hang\?[^"]+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link to the ranking with the sub-units")
		}
		_, page := admin.get(t, html.UnescapeString(m[1]))
		for _, w := range []string{"Sở Tư pháp", "Sở Xây dựng", "UBND xã Đạo Trù"} {
			if !strings.Contains(page, w) {
				t.Errorf("the ranking lacks %s", w)
			}
		}
		// Its unit must be one the reader sees, its period valid.
		for path, code := range map[string]int{
			"/can-bo/thong-ke/xep-hang?unit=" + testdb.Province + "&include_children=1&from=2026-03-31&to=2026-03-01": http.StatusBadRequest,
			"/can-bo/thong-ke/xep-hang?unit=" + testdb.Province + "&from=2026-03-01&to=2026-03-31&as_of=2026-03-20":   http.StatusBadRequest,
		} {
			if resp, _ := get(admin, path); resp.StatusCode != code {
				t.Errorf("%s: %d, want %d", path, resp.StatusCode, code)
			}
		}
		if resp, _ := get(manager, html.UnescapeString(m[1])); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a department's manager ranked the province's units: %d", resp.StatusCode)
		}
		rank := links(page)
		if resp, b := get(admin, rank["xep-hang.csv"]); resp.StatusCode != 200 || !strings.Contains(string(b), "Sở Tư pháp") {
			t.Errorf("ranking CSV %d %q", resp.StatusCode, b)
		}
		base := "?unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31"
		for path, code := range map[string]int{
			"/can-bo/thong-ke/bao-cao/chi-so.xlsx" + base + "&as_of=2026-03-20":    http.StatusBadRequest, // today's index only
			"/can-bo/thong-ke/bao-cao/theo-kenh.csv" + base + "&as_of=2026-03-20":  http.StatusOK,
			"/can-bo/thong-ke/bao-cao/khong-co.xlsx" + base:                        http.StatusNotFound,
			"/can-bo/thong-ke/bao-cao/chi-so.pdf" + base:                           http.StatusNotFound,
			"/can-bo/thong-ke/bao-cao/chi-so.xlsx?unit=" + testdb.Dept + "&from=x": http.StatusBadRequest,
		} {
			if resp, _ := get(manager, path); resp.StatusCode != code {
				t.Errorf("%s: %d, want %d", path, resp.StatusCode, code)
			}
		}
		officer := s.officerAs(t, "officer")
		if resp, _ := get(officer, got["chi-so.csv"]); resp.StatusCode != http.StatusForbidden {
			t.Errorf("an officer downloaded the index: %d", resp.StatusCode)
		}
	})
}

// TestStatsDashboardOneProcedure: the dashboard kept to one procedure shows its figures and its
// steps, not the unit's index and ratings; an unknown procedure is an error next to its field.
func TestStatsDashboardOneProcedure(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		statsHistory(t, s)
		manager := s.officerAs(t, "manager")
		code, body := manager.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&procedure="+testdb.ProcCode)
		if code != 200 {
			t.Fatalf("%d", code)
		}
		for _, w := range []string{`<option value="` + testdb.ProcCode + `" selected>Cấp Phiếu lý lịch tư pháp</option>`,
			`<optgroup label="Lý lịch tư pháp">`, "Thời gian từng bước", "Tiếp nhận hồ sơ",
			html.EscapeString("procedure=" + testdb.ProcCode)} {
			if !strings.Contains(body, w) {
				t.Errorf("the dashboard of one procedure lacks %q", w)
			}
		}
		for _, w := range []string{"Chỉ số phục vụ người dân", `id="ratings-h"`, `id="trend-h"`} {
			if strings.Contains(body, w) {
				t.Errorf("the dashboard of one procedure shows %q", w)
			}
		}
		code, body = manager.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=2016-03-01&to=2026-03-31")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `<p class="field-error" id="to-error">Kỳ báo cáo dài tối đa 10 năm.</p>`) {
			t.Errorf("eleven years: %d", code)
		}
		code, body = manager.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&procedure=9.999999")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `<p class="field-error" id="procedure-error">Chọn một thủ tục trong danh mục.</p>`) {
			t.Errorf("an unknown procedure: %d", code)
		}
	})
}

// TestStatsDashboardProcedureOfNoField: a procedure the catalogue files under no field can be
// chosen too (the API takes it), under "Chưa xác định lĩnh vực"; no field of that name is offered.
func TestStatsDashboardProcedureOfNoField(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		p, err := s.F.Store.Procedure(ctx, testdb.ProcCode)
		if err != nil {
			t.Fatal(err)
		}
		p.Code, p.Name, p.FieldCode, p.FieldName = "2.000099", "Thủ tục chưa phân loại", "", ""
		if _, err := s.F.Store.PutProcedures(ctx, []catalog.Procedure{p}); err != nil {
			t.Fatal(err)
		}
		manager := s.officerAs(t, "manager")
		code, body := manager.get(t, "/can-bo/thong-ke?unit="+testdb.Dept+"&from=2026-03-01&to=2026-03-31&procedure=2.000099")
		if code != 200 || !strings.Contains(body, `<optgroup label="Chưa xác định lĩnh vực"><option value="2.000099" selected>Thủ tục chưa phân loại</option></optgroup>`) {
			t.Errorf("a procedure of no field: %d", code)
		}
		if strings.Contains(body, `<option value="">Chưa xác định lĩnh vực</option>`) {
			t.Error("the field list offers the procedures of no field as a field")
		}
	})
}
