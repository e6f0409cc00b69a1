package web_test

import (
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
)

// TestStatsIndexSheet: the dashboard's index section links to the index sheet for the same unit
// and period; the sheet prints the unit, the period and the page's total; others are refused.
func TestStatsIndexSheet(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		statsHistory(t, s)
		manager := s.officerAs(t, "manager")
		march := "unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31"
		_, body := manager.get(t, "/can-bo/thong-ke?"+march)
		index := body[strings.Index(body, `id="index-h"`):]
		link := regexp.MustCompile(`<a href="(/can-bo/thong-ke/chi-so\.pdf\?[^"]+)" download>Tải phiếu chỉ số \(PDF\)</a>`).FindStringSubmatch(index)
		if link == nil {
			t.Fatalf("no link to the index sheet in the index section\n%s", index)
		}
		path := html.UnescapeString(link[1])
		if path != "/can-bo/thong-ke/chi-so.pdf?from=2026-03-01&to=2026-03-31&unit="+testdb.Dept {
			t.Errorf("sheet link %s", path)
		}
		total := regexp.MustCompile(`([\d.,]+) điểm trên ([\d.,]+) điểm có dữ liệu`).FindStringSubmatch(index)
		if total == nil {
			t.Fatalf("no total in the index section")
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
		resp, pdf := get(manager, path)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "chi-so-"+testdb.Dept+"-2026-03-01-2026-03-31.pdf") {
			t.Fatalf("sheet: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
		}
		text := strings.Join(strings.Fields(testdb.PDFText(t, pdf)), " ")
		for _, w := range []string{"PHIẾU CHỈ SỐ CHẤT LƯỢNG PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP", "Đơn vị được đánh giá: Sở Tư pháp",
			"Kỳ đánh giá: từ ngày 01/03/2026 đến ngày 31/03/2026", "Tổng điểm: " + total[1] + " trên " + total[2] + " điểm có dữ liệu",
			"Chưa có dữ liệu", "In lúc 10 giờ 00 phút, ngày 05/03/2026"} {
			if !strings.Contains(text, w) {
				t.Errorf("the sheet lacks %q\n%s", w, text)
			}
		}
		if resp, pdf := get(manager, path+"&include_children=1"); resp.StatusCode != 200 ||
			!strings.Contains(strings.Join(strings.Fields(testdb.PDFText(t, pdf)), " "), "Sở Tư pháp (kèm các đơn vị trực thuộc)") {
			t.Errorf("with the units under it: %d", resp.StatusCode)
		}

		for _, c := range []struct {
			who, query string
			status     int
		}{
			{"officer", march, http.StatusForbidden},                                                         // no role that sees figures
			{"manager", "unit=" + testdb.Dept + "&from=2026-03-31&to=2026-03-01", http.StatusBadRequest},     // the period ends before it starts
			{"manager", "unit=" + testdb.Province + "&from=2026-03-01&to=2026-03-31", http.StatusBadRequest}, // not a unit of theirs
		} {
			if resp, _ := get(s.officerAs(t, c.who), "/can-bo/thong-ke/chi-so.pdf?"+c.query); resp.StatusCode != c.status {
				t.Errorf("%s %s: %d, want %d", c.who, c.query, resp.StatusCode, c.status)
			}
		}
		anon := &site{URL: s.URL, Client: newClient()}
		if resp, _ := get(anon, path); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap?next=") {
			t.Errorf("without a session: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}
