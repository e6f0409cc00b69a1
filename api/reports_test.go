package api_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/testdb"
)

// download gets a file as a user and gives its status, headers and bytes.
func (e *env) download(path, who string) (int, http.Header, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

// TestReportsOverHTTP downloads the report forms of the history TestStatsSummaryOverHTTP counts
// by hand (in March: A, B, C, D received on Monday at the counter, E on Tuesday, F on Thursday; A
// solved early, C late, B withdrawn; D and E overdue, F within) and reads the numbers back.
func TestReportsOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		marchHistory(t, e)

		const query = "?unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31"
		st, hdr, body := e.download("/api/v1/reports/tong-hop.xlsx"+query, "manager")
		if st != 200 {
			t.Fatalf("xlsx: %d %s", st, body)
		}
		if ct := hdr.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("content type %q", ct)
		}
		if cd := hdr.Get("Content-Disposition"); cd != `attachment; filename="bao-cao-tong-hop-000.00.01.H62-2026-03-01-2026-03-31.xlsx"` {
			t.Errorf("content disposition %q", cd)
		}
		wb, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("the workbook does not open: %v", err)
		}
		defer wb.Close()
		if got := wb.GetSheetList(); !slices.Equal(got, []string{"Tổng hợp", "Theo kênh", "Theo cấp"}) {
			t.Fatalf("sheets %v", got)
		}
		row := func(sheet string, n int) []string {
			rows, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil || len(rows) < n {
				t.Fatalf("%s: %d rows (%v)", sheet, len(rows), err)
			}
			return rows[n-1]
		}
		//                       total new carried solved early on-time late pending within overdue withdrawn refused rate
		figures := []string{"6", "6", "0", "2", "1", "0", "1", "3", "1", "2", "1", "0", "50"}
		for _, w := range []struct {
			sheet string
			n     int
			head  []string
		}{
			{"Tổng hợp", 11, []string{"I", "Lý lịch tư pháp"}},
			{"Tổng hợp", 12, []string{"1", "Cấp Phiếu lý lịch tư pháp"}},
			{"Tổng hợp", 13, []string{"", "Tổng cộng"}},
			{"Theo kênh", 11, []string{"1", "Trực tiếp"}},
			{"Theo kênh", 14, []string{"", "Tổng cộng"}},
		} {
			if got := row(w.sheet, w.n); !slices.Equal(got, append(w.head, figures...)) {
				t.Errorf("%s row %d: %q", w.sheet, w.n, got)
			}
		}
		if got := row("Theo kênh", 12); !slices.Equal(got, []string{"2", "Trực tuyến", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"}) {
			t.Errorf("online: %q", got)
		}
		if got := row("Tổng hợp", 5); got[0] != "Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026" {
			t.Errorf("period %q", got)
		}
		if got := row("Tổng hợp", 2); got[0] != "SỞ TƯ PHÁP" {
			t.Errorf("unit %q", got)
		}

		for _, name := range []string{"tong-hop", "theo-kenh", "theo-cap"} {
			st, hdr, body = e.download("/api/v1/reports/"+name+".csv"+query, "manager")
			if st != 200 || hdr.Get("Content-Type") != "text/csv; charset=utf-8" ||
				hdr.Get("Content-Disposition") != `attachment; filename="bao-cao-`+name+`-000.00.01.H62-2026-03-01-2026-03-31.csv"` {
				t.Fatalf("%s.csv: %d %v %s", name, st, hdr, body)
			}
			raw, ok := bytes.CutPrefix(body, []byte("\xEF\xBB\xBF"))
			recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
			if !ok || err != nil || len(recs) < 2 {
				t.Fatalf("%s.csv: BOM %v, %v: %q", name, ok, err, body)
			}
			if total := recs[len(recs)-1]; !slices.Equal(total, append([]string{"", "Tổng cộng"}, append(figures[:12:12], "50.0")...)) {
				t.Errorf("%s.csv total %q", name, total)
			}
			// By level: every level listed, the department's (level 2) holding all.
			if name == "theo-cap" && (len(recs) != 5 || recs[1][1] != "Cấp tỉnh" || recs[1][2] != "0" || recs[3][1] != "Cấp xã" ||
				!slices.Equal(recs[2], append([]string{"2", "Cấp sở, ngành, huyện"}, append(figures[:12:12], "50.0")...))) {
				t.Errorf("theo-cap.csv %q", recs)
			}
		}

		// The province with its units, as an administrator.
		st, _, body = e.download("/api/v1/reports/tong-hop.csv?unit="+testdb.Province+"&include_children=true&from=2026-03-01&to=2026-03-31", "admin")
		if recs, _ := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll(); st != 200 || len(recs) != 4 || recs[3][2] != "6" {
			t.Errorf("the province: %d %q", st, recs)
		}

		// As it stood at the end of Tuesday: 5 received, pending 3 all within their time.
		st, _, body = e.download("/api/v1/reports/tong-hop.csv"+query+"&as_of=2026-03-03", "manager")
		if recs, _ := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xEF\xBB\xBF")))).ReadAll(); st != 200 || len(recs) != 4 ||
			!slices.Equal(recs[3][2:12], []string{"5", "5", "0", "1", "1", "0", "0", "3", "3", "0"}) {
			t.Errorf("as of Tuesday: %d %q", st, recs)
		}

		// Who may not, and what is not a report.
		for _, c := range []struct {
			who, path string
			status    int
			code      string
		}{
			{"officer", "/api/v1/reports/tong-hop.xlsx" + query, 403, "forbidden_stats"},
			{"manager", "/api/v1/reports/tong-hop.csv?unit=" + testdb.Other + "&from=2026-03-01&to=2026-03-31", 403, "forbidden_stats"},
			{"", "/api/v1/reports/tong-hop.xlsx" + query, 401, "unauthorized"},
			{"manager", "/api/v1/reports/tong-hop.pdf" + query, 404, "not_found"},
			{"manager", "/api/v1/reports/khac.xlsx" + query, 404, "not_found"},
			{"manager", "/api/v1/reports/tong-hop" + query, 404, "not_found"},
			{"manager", "/api/v1/reports/tong-hop.xlsx?unit=" + testdb.Dept + "&from=2026-03-31&to=2026-03-01", 422, "invalid_period"},
			{"manager", "/api/v1/reports/tong-hop.csv?unit=999.99.99.H99&from=2026-03-01&to=2026-03-31", 422, "unknown_unit"},
		} {
			if st, m := e.call("GET", c.path, c.who, nil); st != c.status || errCode(m) != c.code {
				t.Errorf("%s %s: %d %v", c.who, c.path, st, m)
			}
		}
	})
}
