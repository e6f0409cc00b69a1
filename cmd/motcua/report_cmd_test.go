package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// TestReportCommand writes the report forms of a small March history of the department from the
// command line: A, B, C, D received on Monday 2 March at the counter, E on Tuesday, F on Thursday;
// A solved early, C late, B withdrawn. March is over when the command runs, so the three still
// open are counted pending at its end, all three past their due dates by then.
func TestReportCommand(t *testing.T) {
	for _, db := range testdb.All(t) {
		t.Run(db.Name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, db.DSN)
			if err != nil {
				t.Fatal(err)
			}
			testdb.Seed(t, st)
			clock := testdb.At(8, 0)
			st.SetClock(func() time.Time { return clock })
			create := func(name string) string {
				in, _ := st.UserByUsername(ctx, "intake")
				d, err := st.CreateDossier(ctx, in, store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: "counter",
					Applicant: dossier.Applicant{Name: name, IDNumber: "001090000001", Type: 1}, Summary: "x"})
				if err != nil {
					t.Fatal(err)
				}
				return d.Code
			}
			act := func(code, who string, req dossier.Request) {
				u, _ := st.UserByUsername(ctx, who)
				d, err := st.DossierByCode(ctx, code)
				if err != nil {
					t.Fatal(err)
				}
				req.Version = d.Version
				if _, err := st.Act(ctx, u, code, req); err != nil {
					t.Fatalf("%s %s: %v", who, req.Action, err)
				}
			}
			solve := func(code string) {
				for _, who := range []string{"intake", "officer", "leader", "clerk"} {
					act(code, who, dossier.Request{Action: workflow.Forward})
				}
			}
			a, b, c, _ := create("A"), create("B"), create("C"), create("D")
			clock = testdb.At(8, 0).AddDate(0, 0, 1)
			solve(a)
			act(b, "intake", dossier.Request{Action: workflow.Withdraw, Reason: "rút"})
			create("E")
			clock = testdb.At(10, 0).AddDate(0, 0, 3)
			solve(c)
			create("F")
			st.Close()

			dir := t.TempDir()
			xlsx := filepath.Join(dir, "march.xlsx")
			period := []string{"--db", db.DSN, "--unit", testdb.Dept, "--from", "2026-03-01", "--to", "2026-03-31"}
			if _, err := contractRun(t, append([]string{"report", "--format", "xlsx", "-o", xlsx}, period...)...); err != nil {
				t.Fatalf("report: %v", err)
			}
			wb, err := excelize.OpenFile(xlsx)
			if err != nil {
				t.Fatalf("the workbook does not open: %v", err)
			}
			defer wb.Close()
			rows, err := wb.GetRows("Tổng hợp", excelize.Options{RawCellValue: true})
			if err != nil || len(rows) < 13 {
				t.Fatalf("rows %q %v", rows, err)
			}
			//                       total new carried solved early on-time late pending within overdue withdrawn refused rate
			figures := []string{"6", "6", "0", "2", "1", "0", "1", "3", "0", "3", "1", "0", "50"}
			for n, head := range map[int][]string{11: {"I", "Lý lịch tư pháp"}, 12: {"1", "Cấp Phiếu lý lịch tư pháp"}, 13: {"", "Tổng cộng"}} {
				if got := rows[n-1]; !slices.Equal(got, append(head, figures...)) {
					t.Errorf("row %d: %q", n, got)
				}
			}
			if rows[4][0] != "Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026" || rows[7][0] != "STT" || rows[8][3] != "Trong đó: Số mới tiếp nhận" {
				t.Errorf("heads: %q %q %q", rows[4], rows[7], rows[8])
			}

			// As the report stood at the end of Tuesday 3 March, recomputed from the events:
			// 5 received, A early, B withdrawn, C, D, E pending within their time.
			out, err := contractRun(t, append([]string{"report", "--name", "theo-kenh", "--format", "csv", "--as-of", "2026-03-03"}, period...)...)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
			//                   total new carried solved early on-time late pending within overdue withdrawn refused rate
			if want := []string{"5", "5", "0", "1", "1", "0", "0", "3", "3", "0", "1", "0", "100.0"}; err != nil || len(recs) != 5 || !slices.Equal(recs[4][2:], want) {
				t.Errorf("as of Tuesday: %v %q", err, recs)
			}
			if _, err := contractRun(t, append([]string{"report", "--as-of", "3/3/2026"}, period...)...); err == nil || !strings.Contains(err.Error(), "--as-of") {
				t.Errorf("a bad --as-of: %v", err)
			}

			// CSV of the table by channel on stdout; the format from the file's extension.
			out, err = contractRun(t, append([]string{"report", "--name", "theo-kenh", "--format", "csv"}, period...)...)
			if err != nil {
				t.Fatal(err)
			}
			raw, ok := bytes.CutPrefix([]byte(out), []byte("\xEF\xBB\xBF"))
			recs, err = csv.NewReader(bytes.NewReader(raw)).ReadAll()
			if !ok || err != nil || len(recs) != 5 || recs[1][1] != "Trực tiếp" || recs[4][1] != "Tổng cộng" || recs[4][2] != "6" || recs[4][14] != "50.0" {
				t.Errorf("theo-kenh.csv: BOM %v %v %q", ok, err, recs)
			}
			csvFile := filepath.Join(dir, "march.csv")
			if _, err := contractRun(t, slices.Concat([]string{"report"}, period, []string{"--include-children", "-o", csvFile, "--unit", testdb.Province})...); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(csvFile); !bytes.HasPrefix(b, []byte("\xEF\xBB\xBFSTT,Lĩnh vực / Thủ tục,")) {
				t.Errorf("march.csv: %q", b)
			}

			// The sub-units as the tree stood on a day: the report says so under its title.
			treeBook := filepath.Join(dir, "tree.xlsx")
			if _, err := contractRun(t, slices.Concat([]string{"report"}, period, []string{"--include-children", "--tree-at", "2026-03-31", "-o", treeBook, "--unit", testdb.Province})...); err != nil {
				t.Fatal(err)
			}
			if tb, err := excelize.OpenFile(treeBook); err != nil {
				t.Fatal(err)
			} else {
				if v, _ := tb.GetCellValue("Tổng hợp", "A6"); !strings.HasSuffix(v, "và các đơn vị trực thuộc (theo cơ cấu tổ chức tại ngày 31/03/2026)") {
					t.Errorf("the unit line with --tree-at: %q", v)
				}
				tb.Close()
			}

			// The dashboard's other tables: the trend month by month, the step times as a workbook
			// with the late causes.
			out, err = contractRun(t, append([]string{"report", "--name", "xu-huong", "--format", "csv"}, period...)...)
			if err != nil {
				t.Fatal(err)
			}
			recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
			//                 No  month      received solved late late%
			if want := []string{"1", "03/2026", "6", "2", "1", "50.0"}; err != nil || len(recs) != 3 || !slices.Equal(recs[1], want) || recs[2][1] != "Tổng cộng" {
				t.Errorf("xu-huong.csv: %v %q", err, recs)
			}
			steps := filepath.Join(dir, "steps.xlsx")
			if _, err := contractRun(t, append([]string{"report", "--name", "thoi-gian-buoc", "-o", steps}, period...)...); err != nil {
				t.Fatal(err)
			}
			sw, err := excelize.OpenFile(steps)
			if err != nil {
				t.Fatal(err)
			}
			if got := sw.GetSheetList(); !slices.Equal(got, []string{"Thời gian từng bước", "Nguyên nhân trễ hạn"}) {
				t.Errorf("step sheets %q", got)
			}
			sw.Close()

			var ue usageError
			for _, bad := range [][]string{
				{"report", "--db", db.DSN, "--unit", testdb.Dept, "--from", "2026-03-01", "--to", "2026-03-31", "--name", "chi-so", "--as-of", "2026-03-03"},
				{"report", "--db", db.DSN, "--unit", testdb.Dept, "--from", "2026-03-01", "--to", "2026-03-31", "--include-children", "--tree-at", "31/3/2026"},
				{"report", "--db", db.DSN, "--from", "2026-03-01", "--to", "2026-03-31"},
				{"report", "--db", db.DSN, "--unit", testdb.Dept, "--from", "1/3/2026", "--to", "2026-03-31"},
				{"report", "--db", db.DSN, "--unit", testdb.Dept, "--from", "2026-03-31", "--to", "2026-03-01"},
				{"report", "--db", db.DSN, "--unit", testdb.Dept, "--from", "2026-03-01", "--to", "2026-03-31", "--format", "pdf"},
				{"report", "--db", db.DSN, "--unit", testdb.Dept, "--from", "2026-03-01", "--to", "2026-03-31", "--name", "khac"},
			} {
				if _, err := contractRun(t, bad...); !errors.As(err, &ue) {
					t.Errorf("%q: %v, want a usage error", bad, err)
				}
			}
			if _, err := contractRun(t, "report", "--db", db.DSN, "--unit", "999.99.99.H99", "--from", "2026-03-01", "--to", "2026-03-31"); err == nil {
				t.Error("a report of an unknown unit")
			}
		})
	}
}
