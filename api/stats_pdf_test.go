package api_test

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
)

// TestQualityIndexSheetOverHTTP: over the March history, the index sheet prints what
// GET /api/v1/stats/index answers for the same query — the unit, the period, the progress
// indicator's inputs and points, no data as such — to the same people, with the same JSON errors.
func TestQualityIndexSheetOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		marchHistory(t, e)
		q := "?unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31"
		st, m := e.call("GET", "/api/v1/stats/index"+q, "manager", nil)
		if st != 200 {
			t.Fatalf("index: %d %v", st, m)
		}
		res := e.get("/api/v1/stats/index.pdf"+q, "manager")
		if res.status != 200 || res.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("sheet: %d %s %s", res.status, res.header.Get("Content-Type"), res.body)
		}
		if cd := res.header.Get("Content-Disposition"); cd != `attachment; filename=chi-so-`+testdb.Dept+`-2026-03-01-2026-03-31.pdf` {
			t.Errorf("Content-Disposition %q", cd)
		}
		text := pdfToText(t, res.body)
		rows := rawText(t, res.body)

		var progress, noData map[string]any
		for _, g := range m["groups"].([]any) {
			for _, in := range g.(map[string]any)["indicators"].([]any) {
				x := in.(map[string]any)
				switch {
				case x["key"] == "progress":
					progress = x
				case x["no_data"] == true && noData == nil:
					noData = x
				}
			}
		}
		if progress == nil || noData == nil {
			t.Fatalf("the JSON lacks the progress indicator or one with no data: %v", m)
		}
		num, den := progress["numerator"].(float64), progress["denominator"].(float64)
		inputs := dec(num) + " / " + dec(den) + " (" + dec(float64(int(num/den*1000+0.5))/10) + "%)"
		for _, w := range []string{
			"SỞ TƯ PHÁP", "Đơn vị được đánh giá: Sở Tư pháp", "Kỳ đánh giá: từ ngày 01/03/2026 đến ngày 31/03/2026",
			m["version"].(string), "Tổng điểm: " + dec(m["points"].(float64)) + " trên " + dec(m["available"].(float64)) + " điểm có dữ liệu",
		} {
			if !strings.Contains(text, w) {
				t.Errorf("the sheet lacks %q\n%s", w, text)
			}
		}
		// A row of the table: the name, the inputs, the points, the points with data, the maximum.
		for _, w := range []string{
			progress["name"].(string) + " " + inputs + " " + dec(progress["points"].(float64)) + " " + dec(progress["max"].(float64)) + " " + dec(progress["max"].(float64)),
			noData["name"].(string) + " Chưa có dữ liệu – – " + dec(noData["max"].(float64)),
		} {
			if !strings.Contains(rows, w) {
				t.Errorf("the table lacks the row %q\n%s", w, rows)
			}
		}
		if inputs != "3 / 6 (50%)" || progress["points"] != 10.0 {
			t.Errorf("progress %v: the hand count is 3 of 6, 10 points", progress)
		}

		// The units under it: named on the sheet.
		if res := e.get("/api/v1/stats/index.pdf"+q+"&include_children=true", "manager"); res.status != 200 ||
			!strings.Contains(pdfToText(t, res.body), "(kèm các đơn vị trực thuộc)") {
			t.Errorf("with the units under it: %d", res.status)
		}

		// Errors are the JSON ones of the index.
		for _, c := range []struct {
			who, query string
			status     int
			code       string
		}{
			{"officer", q, 403, "forbidden_stats"},
			{"manager", "?unit=" + testdb.Dept + "&from=2026-03-31&to=2026-03-01", 422, "invalid_period"},
			{"manager", "?unit=" + testdb.Dept + "&from=2026-03-01", 422, "required"},
			{"", q, 401, "unauthorized"},
		} {
			res := e.get("/api/v1/stats/index.pdf"+c.query, c.who)
			var body map[string]any
			if err := json.Unmarshal(res.body, &body); err != nil || res.status != c.status || errCode(body) != c.code ||
				!strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
				t.Errorf("%s %s: %d %s %s, want %d %s", c.who, c.query, res.status, res.header.Get("Content-Type"), res.body, c.status, c.code)
			}
		}
	})
}

type response struct {
	status int
	header http.Header
	body   []byte
}

// get is download's answer as one value.
func (e *env) get(path, who string) response {
	e.t.Helper()
	st, hdr, b := e.download(path, who)
	return response{st, hdr, b}
}

// rawText is the text of a PDF in the order it is drawn, so a table's cells come row by row.
func rawText(t *testing.T, pdf []byte) string {
	t.Helper()
	pdfToText(t, pdf) // skips without pdftotext, as every PDF test does (fails in CI)
	path := filepath.Join(t.TempDir(), "sheet.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -raw: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// dec writes a number as the sheet does: a decimal comma.
func dec(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1) }
