package web_test

import (
	"bytes"
	"encoding/csv"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

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
	})
}
