package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"html"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// Two groups under the province; Dept stays under Khối A, Other moves from Khối A to Khối B.
const (
	treeGroupA = "000.00.03.H62"
	treeGroupB = "000.00.04.H62"
)

// treeMoveHistory: Khối A and Khối B under the province, Dept and Other under Khối A; X received
// at Other's counter and Y at Dept's on Monday 2 March 08:00 (due Wednesday 08:00); on Tuesday
// 12:00 Other moves under Khối B; the clock stays at Thursday 10:00. khoi.lead manages the
// province's centre and takes in dossiers at Dept and Other: they see every group's figures
// and the listings behind them. It returns the codes of X and Y.
func treeMoveHistory(t *testing.T, s *site) (x, y string) {
	t.Helper()
	ctx := context.Background()
	st := s.F.Store
	s.SetNow(testdb.At(8, 0))
	if err := st.PutUnits(ctx, []org.Unit{
		{Code: treeGroupA, Name: "Khối A", ParentCode: testdb.Province, Level: 2},
		{Code: treeGroupB, Name: "Khối B", ParentCode: testdb.Province, Level: 2},
		{Code: testdb.Dept, Name: "Sở Tư pháp", ParentCode: treeGroupA, Level: 2},
		{Code: testdb.Other, Name: "Sở Xây dựng", ParentCode: treeGroupA, Level: 2},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddUser(ctx, user.User{Username: "khoi.lead", FullName: "Lãnh đạo Trung tâm", Roles: []user.RoleAt{
		{Role: workflow.CentreManager, Unit: testdb.Province},
		{Role: workflow.IntakeOfficer, Unit: testdb.Dept}, {Role: workflow.IntakeOfficer, Unit: testdb.Other},
	}}, "password-khoi.lead"); err != nil {
		t.Fatal(err)
	}
	d, err := st.CreateDossier(ctx, s.F.Users["other.intake"], store.NewDossier{
		ProcedureCode: testdb.ProcCode, UnitCode: testdb.Other, Channel: catalog.InPerson, Summary: "Cấp phiếu lý lịch tư pháp",
		Applicant: dossier.Applicant{Name: "X", IDNumber: "001090000001", Phone: "0912345678", Address: "Vĩnh Yên"}})
	if err != nil {
		t.Fatal(err)
	}
	x, y = d.Code, officerCounterDossier(t, s, "Y").Code
	s.SetNow(testdb.At(12, 0).AddDate(0, 0, 1))
	if err := st.ReparentUnit(ctx, testdb.Other, treeGroupB, testdb.At(12, 0).AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	s.SetNow(testdb.At(10, 0).AddDate(0, 0, 3))
	return x, y
}

var (
	treeFigureLink = regexp.MustCompile(`<a href="(/can-bo/ho-so\?[^"]*)">(\d+)</a>`)
	treeHref       = regexp.MustCompile(`href="(/can-bo/[^"]*\?[^"]*)"`)
)

// TestStatsTreeAtPeriodEnd: the dashboard's "as the units stood on the period's last day" box.
// Monday 2 March alone, with the sub-units: in today's tree Khối A has Y (Dept's) and Khối B has
// X (Other's); in the tree of that Monday's end Khối A has X and Y and Khối B nothing. Every link
// the page builds keeps the choice, the listings behind the figures list the dossiers of the
// tree asked for, and the Excel form says which tree it is.
func TestStatsTreeAtPeriodEnd(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		x, y := treeMoveHistory(t, s)
		lead := s.officerAs(t, "khoi.lead")
		monday := func(unit string, tree bool) string {
			q := "/can-bo/thong-ke?unit=" + unit + "&include_children=1&from=2026-03-02&to=2026-03-02"
			if tree {
				q += "&tree=end"
			}
			return q
		}
		const unchecked = `<input type="checkbox" id="tree" name="tree" value="end" aria-describedby="tree-hint">`
		const checked = `<input type="checkbox" id="tree" name="tree" value="end" checked aria-describedby="tree-hint">`
		for _, c := range []struct {
			unit  string
			tree  bool
			new   string            // the figure "new" on the page, "" when 0 (then no link)
			list  map[string]string // what its listing lists
			xlsx  string            // the Excel form's unit line
			total []string          // its total row from "total": total, new, carried, solved
		}{
			{treeGroupA, false, "1", map[string]string{"Y": y}, "Đơn vị: Khối A (mã " + treeGroupA + ") và các đơn vị trực thuộc", []string{"1", "1", "0", "0"}},
			{treeGroupA, true, "2", map[string]string{"X": x, "Y": y},
				"Đơn vị: Khối A (mã " + treeGroupA + ") và các đơn vị trực thuộc (theo cơ cấu tổ chức tại ngày 02/03/2026)", []string{"2", "2", "0", "0"}},
			{treeGroupB, false, "1", map[string]string{"X": x}, "Đơn vị: Khối B (mã " + treeGroupB + ") và các đơn vị trực thuộc", []string{"1", "1", "0", "0"}},
			{treeGroupB, true, "", nil,
				"Đơn vị: Khối B (mã " + treeGroupB + ") và các đơn vị trực thuộc (theo cơ cấu tổ chức tại ngày 02/03/2026)", []string{"0", "0", "0", "0"}},
		} {
			label := c.unit
			if c.tree {
				label += " tree=end"
			}
			page := monday(c.unit, c.tree)
			status, body := lead.get(t, page)
			if status != http.StatusOK {
				t.Fatalf("%s: %d\n%s", label, status, body)
			}
			officerNoRawKeys(t, body)
			// The box, with its label, ticked as asked.
			if box := map[bool]string{false: unchecked, true: checked}[c.tree]; !strings.Contains(body, box) ||
				!strings.Contains(body, `<label for="tree">Theo cơ cấu tổ chức tại ngày cuối kỳ</label>`) {
				t.Errorf("%s: the box is not %s", label, box)
			}
			// Every link built from the page's filter keeps the choice, and only then.
			drill, exports := 0, 0
			for _, m := range treeHref.FindAllStringSubmatch(body, -1) {
				link := html.UnescapeString(m[1])
				if !strings.Contains(link, "from=2026-03-02") {
					continue // the quick periods, another period; the assessment form, by month
				}
				switch {
				case strings.HasPrefix(link, "/can-bo/ho-so?"):
					drill++
				case strings.HasPrefix(link, "/can-bo/thong-ke/bao-cao"):
					exports++
				}
				if strings.Contains(link, "tree=end") != c.tree {
					t.Errorf("%s: the link %s", label, link)
				}
			}
			if (c.new == "" && drill != 0) || (c.new != "" && drill < 3) || exports < 4 {
				t.Errorf("%s: %d figure links, %d export links", label, drill, exports)
			}
			// The figure "new", a link with the page's filter, to the listing of those dossiers.
			want := `<p>Không có hồ sơ nào được tính trong kỳ này.</p>` // the figures of an empty period
			if c.new != "" {
				q := "figure=new&from=2026-03-02&include_children=1&to=2026-03-02"
				if c.tree {
					q += "&tree=end"
				}
				want = `<a href="` + html.EscapeString("/can-bo/ho-so?"+q+"&unit="+c.unit) + `">` + c.new + `</a>`
			}
			if !strings.Contains(body, want) {
				t.Errorf("%s: the figure new is not %s", label, want)
			}
			// Every figure's listing lists as many as the figure says; "new" lists the dossiers.
			for _, m := range treeFigureLink.FindAllStringSubmatch(body, -1) {
				link := html.UnescapeString(m[1])
				status, list := lead.get(t, link)
				if status != http.StatusOK {
					t.Fatalf("%s: %d\n%s", link, status, list)
				}
				if !strings.Contains(list, "<strong>"+m[2]+" hồ sơ.</strong>") {
					t.Errorf("%s: %s, not %s dossiers", label, link, m[2])
				}
				if !strings.Contains(link, "figure=new&") || strings.Contains(link, "procedure=") || strings.Contains(link, "field=") || strings.Contains(link, "channel=") {
					continue
				}
				for name, code := range map[string]string{"X": x, "Y": y} {
					if _, want := c.list[name]; strings.Contains(list, code) != want {
						t.Errorf("%s: %s lists %s: %v", label, link, name, !want)
					}
				}
				// The way back to the dashboard keeps the choice too.
				back := html.EscapeString("/can-bo/thong-ke?" + strings.TrimPrefix(strings.Replace(link, "figure=new&", "", 1), "/can-bo/ho-so?"))
				if !strings.Contains(list, `href="`+back+`"`) {
					t.Errorf("%s: %s has no way back to %s", label, link, back)
				}
			}
			// The report form in Excel: its unit line names the tree; its figures are the page's.
			resp, b := treeDownload(t, lead, "/can-bo/thong-ke/bao-cao.xlsx"+page[strings.Index(page, "?"):])
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: the workbook %d %s", label, resp.StatusCode, b)
			}
			wb, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			sheet := wb.GetSheetList()[0]
			if got, _ := wb.GetCellValue(sheet, "A6"); got != c.xlsx {
				t.Errorf("%s: A6 %q, want %q", label, got, c.xlsx)
			}
			rows, _ := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
			if total := treeTotal(rows); len(total) < 6 || !slices.Equal(total[2:6], c.total) {
				t.Errorf("%s: the workbook's total %q, want %q", label, total, c.total)
			}
			wb.Close()
			resp, b = treeDownload(t, lead, "/can-bo/thong-ke/bao-cao.csv"+page[strings.Index(page, "?"):])
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
			if resp.StatusCode != http.StatusOK || err != nil {
				t.Fatalf("%s: the CSV %d %v", label, resp.StatusCode, err)
			}
			if total := treeTotal(recs); len(total) < 6 || !slices.Equal(total[2:6], c.total) {
				t.Errorf("%s: the CSV's total %q, want %q", label, total, c.total)
			}
		}

		// The listing asked directly with the dashboard's filter: Khối B in the tree of Monday's
		// end has nothing, in today's X.
		for tree, want := range map[string]string{"": "1", "&tree=end": "0"} {
			_, list := lead.get(t, "/can-bo/ho-so?figure=new&unit="+treeGroupB+"&include_children=1&from=2026-03-02&to=2026-03-02"+tree)
			if !strings.Contains(list, "<strong>"+want+" hồ sơ.</strong>") || strings.Contains(list, x) != (want == "1") {
				t.Errorf("Khối B's listing%s: not %s dossier", tree, want)
			}
		}

		// March, whose last day comes after the move: the tree of its end is today's.
		_, body := lead.get(t, "/can-bo/thong-ke?unit="+treeGroupA+"&include_children=1&from=2026-03-01&to=2026-03-31&tree=end")
		if want := `<a href="` + html.EscapeString("/can-bo/ho-so?figure=new&from=2026-03-01&include_children=1&to=2026-03-31&tree=end&unit="+treeGroupA) + `">1</a>`; !strings.Contains(body, want) {
			t.Errorf("March, the tree of its end: not %s", want)
		}
		_, b := treeDownload(t, lead, "/can-bo/thong-ke/bao-cao.xlsx?unit="+treeGroupA+"&include_children=1&from=2026-03-01&to=2026-03-31&tree=end")
		if wb, err := excelize.OpenReader(bytes.NewReader(b)); err != nil {
			t.Error(err)
		} else {
			if got, _ := wb.GetCellValue(wb.GetSheetList()[0], "A6"); !strings.HasSuffix(got, "(theo cơ cấu tổ chức tại ngày 31/03/2026)") {
				t.Errorf("March: A6 %q", got)
			}
			wb.Close()
		}
	})
}

func treeDownload(t *testing.T, c *site, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := c.Client.Get(c.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// treeTotal is the row "Tổng cộng" of a report's table.
func treeTotal(rows [][]string) []string {
	for _, r := range rows {
		if len(r) > 1 && r[1] == "Tổng cộng" {
			return r
		}
	}
	return nil
}
