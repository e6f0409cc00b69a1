package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
)

// Units of the catalog tests.
const (
	cProvince = "000.00.00.H62"
	cDept     = "000.00.01.H62"
	cCommune  = "000.01.10.H62"
	cCommune2 = "000.02.10.H62"
	cUnknown  = "000.09.10.H62" // well formed, never stored
)

func catalogUnits() []org.Unit {
	from := time.Date(2025, 7, 1, 0, 0, 0, 0, calendar.Zone)
	return []org.Unit{
		{Code: cProvince, Name: "UBND tỉnh Vĩnh Phúc", Level: 1, Address: "Số 38 đường Nguyễn Trãi", Phone: "0211 3862 480"},
		{Code: cDept, Name: "Sở Tư pháp", ParentCode: cProvince, Level: 2, Counters: []string{"Quầy 1", "Quầy 2"}},
		{Code: cCommune, Name: "UBND xã Đạo Trù", ParentCode: cProvince, Level: 3, Sessions: "07:00-11:30,13:30-17:00", ValidFrom: &from},
		{Code: cCommune2, Name: "UBND xã Tam Quan", ParentCode: cProvince, Level: 3},
	}
}

func catalogProcedures() []catalog.Procedure {
	days := func(v float64) calendar.Duration { return calendar.Duration{Value: v, Unit: calendar.WorkingDay} }
	tmpl := catalog.DefaultTemplate(16)
	return []catalog.Procedure{
		{
			Code: "1.000046", Name: "Cấp Phiếu lý lịch tư pháp", FieldCode: "LLTP", FieldName: "Lý lịch tư pháp",
			Levels: []int{1}, OnlineLevel: catalog.PartlyOnline,
			Channels: []catalog.ChannelRule{
				{Channel: catalog.InPerson, Time: days(2), Fees: []catalog.Fee{{Amount: 200000, Description: "Lệ phí"}}},
				{Channel: catalog.Online, Time: days(2), TimeNote: "kể từ khi nhận đủ hồ sơ"},
				{Channel: catalog.Post, Time: days(2)},
			},
			Cases: []catalog.Case{
				{Name: "Công dân Việt Nam", Documents: []catalog.Document{{Name: "Tờ khai", Originals: 1, Required: true, Form: "Mẫu 03/2013/TT-LLTP"}}},
				{Name: "Người nước ngoài", Documents: []catalog.Document{{Name: "Hộ chiếu", Copies: 1, Required: true}}},
			},
			Results:    []string{"Phiếu lý lịch tư pháp"},
			LegalBasis: []string{"Luật Lý lịch tư pháp 2009"},
			Steps:      "Nộp hồ sơ tại Trung tâm Phục vụ hành chính công",
			Conditions: "Không",
			Applicants: "Công dân Việt Nam, người nước ngoài",
			UnitCodes:  []string{cDept},
			Template:   &tmpl,
		},
		{
			Code: "1.000656", Name: "Thủ tục đăng ký khai sinh", FieldCode: "HT", FieldName: "Hộ tịch",
			Levels: []int{3}, OnlineLevel: catalog.FullyOnline,
			Channels: []catalog.ChannelRule{
				{Channel: catalog.InPerson, Time: days(0.5)},
				{Channel: catalog.Online, Time: days(0.5)},
			},
			Results:   []string{"Giấy khai sinh"},
			UnitCodes: []string{cCommune, cCommune2},
		},
		{
			Code: "2.000815", Name: "Chứng thực bản sao từ bản chính", FieldCode: "CT", FieldName: "Chứng thực",
			Levels: []int{2, 3}, OnlineLevel: catalog.InPersonOnly,
			Channels: []catalog.ChannelRule{{Channel: catalog.InPerson, Time: calendar.Duration{Value: 4, Unit: calendar.WorkingHour},
				Fees: []catalog.Fee{{Amount: 2000, Description: "Lệ phí, mỗi trang"}}}},
			UnitCodes: []string{cCommune},
		},
	}
}

// writeCatalog writes a catalog file as export does.
func writeCatalog(t *testing.T, name string, f catalog.File) string {
	t.Helper()
	var b bytes.Buffer
	if err := catalog.WriteJSON(&b, f); err != nil {
		t.Fatal(err)
	}
	return cliWriteFile(t, name, b.String())
}

// exportCatalog runs export and reads its output back.
func exportCatalog(t *testing.T, dsn string) (catalog.File, string) {
	t.Helper()
	out := cliMustRun(t, "export", "--db", dsn)
	f, err := catalog.ReadJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("export wrote a file import cannot read: %v\n%s", err, out)
	}
	return f, out
}

// comparableUnits puts the validity dates in UTC: the instant is what is kept, not the zone.
func comparableUnits(us []org.Unit) []org.Unit {
	out := slices.Clone(us)
	for i := range out {
		if out[i].ValidFrom != nil {
			v := out[i].ValidFrom.UTC()
			out[i].ValidFrom = &v
		}
		if out[i].ValidTo != nil {
			v := out[i].ValidTo.UTC()
			out[i].ValidTo = &v
		}
	}
	return out
}

// describeCatalog names what a catalog holds, for error messages.
func describeCatalog(f catalog.File) string {
	var units, procs []string
	for _, u := range f.Units {
		units = append(units, u.Code)
	}
	for _, p := range f.Procedures {
		procs = append(procs, fmt.Sprintf("%s v%d", p.Code, p.Version))
	}
	return fmt.Sprintf("units %v, procedures %v", units, procs)
}

func procedureCount(t *testing.T, st *store.Store) int {
	t.Helper()
	ps, err := st.SearchProcedures(context.Background(), "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(ps)
}

// storedVersions lists the versions kept of a procedure, read from the database itself: the
// store only hands out current versions, but old ones must stay for the dossiers pinned to them.
func storedVersions(t *testing.T, dsn, code string) map[int]string {
	t.Helper()
	driver, source := "pgx", dsn
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		driver, source = "sqlite", "file:"+path
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT version, name FROM procedure_versions WHERE code = $1", code)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			t.Fatal(err)
		}
		out[v] = name
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImportExportJSONRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		in := catalog.File{Units: catalogUnits(), Procedures: catalogProcedures()}
		file := writeCatalog(t, "catalog.json", in)
		out := cliMustRun(t, "import", "--db", dsn, file)
		if want := "imported 4 units and 3 procedures (3 new versions)\n"; out != want {
			t.Errorf("import printed %q, want %q", out, want)
		}

		got, text := exportCatalog(t, dsn)
		want := slices.Clone(in.Procedures)
		for i := range want {
			want[i].Version = 1
		}
		if !reflect.DeepEqual(got.Procedures, want) {
			t.Errorf("exported procedures differ from the imported ones:\ngot  %+v\nwant %+v", got.Procedures, want)
		}
		if !reflect.DeepEqual(comparableUnits(got.Units), comparableUnits(in.Units)) {
			t.Errorf("exported units differ from the imported ones:\ngot  %+v\nwant %+v", got.Units, in.Units)
		}

		// The store agrees with the export.
		st := cliOpen(t, dsn)
		for _, p := range want {
			if sp, err := st.Procedure(context.Background(), p.Code); err != nil || !reflect.DeepEqual(sp, p) {
				t.Errorf("stored %s = %+v, %v; want %+v", p.Code, sp, err, p)
			}
		}

		// -o writes the same bytes; a second export is identical.
		outFile := filepath.Join(t.TempDir(), "export.json")
		if o := cliMustRun(t, "export", "--db", dsn, "-o", outFile); o != "" {
			t.Errorf("export -o printed %q", o)
		}
		if b, err := os.ReadFile(outFile); err != nil || string(b) != text {
			t.Errorf("export -o wrote %d bytes (%v), standard output had %d; want the same", len(b), err, len(text))
		}
		if _, again := exportCatalog(t, dsn); again != text {
			t.Errorf("two exports of the same catalog differ")
		}

		// Importing the export changes nothing: no new versions.
		out = cliMustRun(t, "import", "--db", dsn, outFile)
		if !strings.Contains(out, "(0 new versions)") {
			t.Errorf("re-importing the export printed %q, want 0 new versions", out)
		}
		if after, afterText := exportCatalog(t, dsn); afterText != text {
			t.Errorf("re-importing the export changed the catalog: it now holds %s", describeCatalog(after))
		}
	})
}

func TestExportEmpty(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		got, _ := exportCatalog(t, dsn)
		if len(got.Units) != 0 || len(got.Procedures) != 0 {
			t.Errorf("export of an empty database = %+v", got)
		}
	})
}

// csvRow is one CSV row over all the columns, with cells replaced from the base row.
func csvRow(base map[string]string, cells map[string]string) string {
	var out []string
	for _, c := range catalog.CSVColumns {
		v, ok := cells[c]
		if !ok {
			v = base[c]
		}
		if strings.ContainsAny(v, ",\"\n") {
			v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		out = append(out, v)
	}
	return strings.Join(out, ",") + "\n"
}

var csvHeaderLine = strings.Join(catalog.CSVColumns, ",") + "\n"

var (
	csvBirth = map[string]string{"code": "1.000656", "name": "Thủ tục đăng ký khai sinh", "field_code": "HT", "field_name": "Hộ tịch",
		"levels": "3", "online_level": "toan_trinh", "counter_days": "3", "online_days": "3", "fee_description": "Miễn lệ phí",
		"unit_codes": cCommune + ";" + cCommune2, "legal_basis": "Luật Hộ tịch 2014;Nghị định 123/2015/NĐ-CP",
		"results": "Giấy khai sinh", "applicants": "Công dân Việt Nam"}
	csvCopy = map[string]string{"code": "2.000815", "name": "Chứng thực bản sao từ bản chính", "field_code": "CT", "field_name": "Chứng thực",
		"levels": "3", "online_level": "truc_tiep", "counter_days": "4", "time_unit": "working_hour", "fee": "2.000",
		"fee_description": "Lệ phí, mỗi trang", "unit_codes": cCommune, "results": "Bản sao được chứng thực"}
	csvRecord = map[string]string{"code": "1.000046", "name": "Cấp Phiếu lý lịch tư pháp", "field_code": "LLTP", "field_name": "Lý lịch tư pháp",
		"levels": "1", "online_level": "mot_phan", "counter_days": "10", "online_days": "10", "post_days": "10", "fee": "200000",
		"unit_codes": cDept, "legal_basis": "Luật Lý lịch tư pháp 2009", "results": "Phiếu lý lịch tư pháp"}
)

// importUnits stores the catalog units through import, as an operator does before a CSV.
func importUnits(t *testing.T, dsn string) {
	t.Helper()
	cliMustRun(t, "import", "--db", dsn, writeCatalog(t, "units.json", catalog.File{Units: catalogUnits()}))
}

func TestImportCSV(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		importUnits(t, dsn)
		text := "\uFEFF" + csvHeaderLine + csvRow(csvBirth, nil) + csvRow(csvCopy, nil) + csvRow(csvRecord, nil) +
			strings.Repeat(",", len(catalog.CSVColumns)-1) + "\n" // a blank row a spreadsheet left
		file := cliWriteFile(t, "catalog.csv", text)
		out := cliMustRun(t, "import", "--db", dsn, file)
		if want := "imported 0 units and 3 procedures (3 new versions)\n"; out != want {
			t.Errorf("import printed %q, want %q", out, want)
		}

		st := cliOpen(t, dsn)
		ctx := context.Background()
		if n := procedureCount(t, st); n != 3 {
			t.Errorf("%d procedures stored, want 3", n)
		}
		// Every row is stored as read.
		want, err := catalog.ReadCSV(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range want {
			p.Version = 1
			if got, err := st.Procedure(ctx, p.Code); err != nil || !reflect.DeepEqual(got, p) {
				t.Errorf("stored %s = %+v, %v\nwant %+v", p.Code, got, err, p)
			}
		}
		// And as the row says.
		copyCert, err := st.Procedure(ctx, "2.000815")
		if err != nil {
			t.Fatal(err)
		}
		wantCh := []catalog.ChannelRule{{Channel: catalog.InPerson, Time: calendar.Duration{Value: 4, Unit: calendar.WorkingHour},
			Fees: []catalog.Fee{{Amount: 2000, Description: "Lệ phí, mỗi trang"}}}}
		if !reflect.DeepEqual(copyCert.Channels, wantCh) || copyCert.Name != "Chứng thực bản sao từ bản chính" {
			t.Errorf("2.000815 = %+v", copyCert)
		}
		birth, err := st.Procedure(ctx, "1.000656")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(birth.UnitCodes, []string{cCommune, cCommune2}) || birth.OnlineLevel != catalog.FullyOnline || len(birth.Channels) != 2 {
			t.Errorf("1.000656 = %+v", birth)
		}
		for unit, wantCodes := range map[string][]string{cCommune2: {"1.000656"}, cDept: {"1.000046"}} {
			ps, err := st.SearchProcedures(ctx, "", unit, 0)
			var codes []string
			for _, p := range ps {
				codes = append(codes, p.Code)
			}
			if err != nil || !reflect.DeepEqual(codes, wantCodes) {
				t.Errorf("procedures at %s = %v, %v; want %v", unit, codes, err, wantCodes)
			}
		}
	})
}

func TestImportCSVBadRow(t *testing.T) {
	good4 := csvRow(csvBirth, nil) // a good row after the bad one
	tests := []struct {
		name string
		rows string   // rows 2 on; row 2 changes the stored 1.000046
		msg  []string // parts of the error message
	}{
		{"invalid processing time", csvRow(csvCopy, map[string]string{"counter_days": "ba ngày"}) + good4,
			[]string{"row 3, column counter_days", `"ba ngày" is not a number`}},
		{"zero processing time", csvRow(csvCopy, map[string]string{"counter_days": "0"}) + good4,
			[]string{"row 3, column counter_days", "must be positive"}},
		// docs/catalog-csv.md: each unit must already exist, and every bad row is reported by its
		// row number. The store finds this one, so the command must map it back to the row.
		{"unknown unit", csvRow(csvCopy, map[string]string{"unit_codes": cCommune + ";" + cUnknown}) + good4,
			[]string{"row 3", "unit_codes", cUnknown}},
		{"malformed unit code", csvRow(csvCopy, map[string]string{"unit_codes": cCommune + ";xã Đạo Trù"}) + good4,
			[]string{"row 3, column unit_codes", `"xã Đạo Trù"`}},
		{"code already on row 2", csvRow(csvCopy, map[string]string{"code": "1.000046"}) + good4,
			[]string{"row 3, column code", "already on row 2"}},
		{"online service without an online time", csvRow(csvCopy, map[string]string{"online_level": "toan_trinh"}) + good4,
			[]string{"row 3, column online_level", "needs an online channel"}},
		{"bad time unit", csvRow(csvCopy, map[string]string{"time_unit": "ngay"}) + good4,
			[]string{"row 3, column time_unit", `"ngay"`}},
		{"bad fee", csvRow(csvCopy, map[string]string{"fee": "hai nghìn"}) + good4,
			[]string{"row 3, column fee", "not an amount"}},
		// A blank row keeps its number: the spreadsheet shows the bad one as row 4.
		{"bad row after a blank row", strings.Repeat(",", len(catalog.CSVColumns)-1) + "\n" +
			csvRow(csvCopy, map[string]string{"levels": "xã"}) + good4,
			[]string{"row 4, column levels", `"xã"`}},
		{"bad last row", good4 + csvRow(csvCopy, map[string]string{"name": " "}),
			[]string{"row 4, column name", "is required"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			forEachDB(t, func(t *testing.T, dsn string) {
				importUnits(t, dsn)
				cliMustRun(t, "import", "--db", dsn, cliWriteFile(t, "first.csv", csvHeaderLine+csvRow(csvRecord, nil)))
				st := cliOpen(t, dsn)
				ctx := context.Background()
				before, err := st.Procedure(ctx, "1.000046")
				if err != nil {
					t.Fatal(err)
				}

				// Row 2 is good and changes the stored procedure; row 3 (or 4) is bad.
				changed := csvRow(csvRecord, map[string]string{"name": "Cấp Phiếu lý lịch tư pháp số 1", "fee": "100000"})
				file := cliWriteFile(t, "bad.csv", csvHeaderLine+changed+tc.rows)
				out, err := cliRun(t, "import", "--db", dsn, file)
				if err == nil {
					t.Fatalf("import of a bad CSV succeeded: %q", out)
				}
				for _, m := range append(tc.msg, "nothing imported") {
					if !strings.Contains(err.Error(), m) {
						t.Errorf("error %q does not say %q", err, m)
					}
				}
				if out != "" {
					t.Errorf("failed import printed %q", out)
				}

				if n := procedureCount(t, st); n != 1 {
					t.Errorf("%d procedures after the failed import, want 1 as before", n)
				}
				if after, err := st.Procedure(ctx, "1.000046"); err != nil || !reflect.DeepEqual(after, before) {
					t.Errorf("the failed import changed 1.000046: %+v, %v; was %+v", after, err, before)
				}
				if v := storedVersions(t, dsn, "1.000046"); len(v) != 1 {
					t.Errorf("versions of 1.000046 after the failed import: %v, want only 1", v)
				}
				for _, code := range []string{"1.000656", "2.000815"} {
					if p, err := st.Procedure(ctx, code); motcua.ErrorCode(err) != motcua.ENOTFOUND {
						t.Errorf("%s after the failed import: %+v, %v; want not found", code, p, err)
					}
				}
			})
		})
	}
}

// TestImportJSONAllOrNothing: a catalog file is imported whole or not at all, units included.
func TestImportJSONAllOrNothing(t *testing.T) {
	newUnit := org.Unit{Code: "000.00.05.H62", Name: "Sở Y tế", ParentCode: cProvince, Level: 2}
	good := catalogProcedures()[1]
	atUnknown := catalogProcedures()[2]
	atUnknown.UnitCodes = []string{cCommune, cUnknown}
	invalid := catalogProcedures()[2]
	invalid.Levels = []int{4}
	tests := []struct {
		name string
		file catalog.File
		msg  []string
	}{
		// The new unit is valid and stored first: it must not stay when a procedure fails.
		{"procedure at an unknown unit", catalog.File{Units: []org.Unit{newUnit}, Procedures: []catalog.Procedure{good, atUnknown}},
			[]string{"2.000815", "unknown implementing unit " + cUnknown}},
		{"invalid procedure", catalog.File{Units: []org.Unit{newUnit}, Procedures: []catalog.Procedure{good, invalid}},
			[]string{"procedures[1] (2.000815)", "levels[0]"}},
		{"unit under an unknown parent", catalog.File{Units: []org.Unit{newUnit, {Code: "000.07.05.H62", Name: "Phòng X", ParentCode: "000.00.07.H62", Level: 3}},
			Procedures: []catalog.Procedure{good}},
			[]string{"000.07.05.H62"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			forEachDB(t, func(t *testing.T, dsn string) {
				importUnits(t, dsn)
				_, before := exportCatalog(t, dsn)
				out, err := cliRun(t, "import", "--db", dsn, writeCatalog(t, "bad.json", tc.file))
				if err == nil {
					t.Fatalf("import succeeded: %q", out)
				}
				for _, m := range append(tc.msg, "nothing imported") {
					if !strings.Contains(err.Error(), m) {
						t.Errorf("error %q does not say %q", err, m)
					}
				}
				if after, afterText := exportCatalog(t, dsn); afterText != before {
					t.Errorf("the failed import changed the catalog: it now holds %s", describeCatalog(after))
				}
			})
		})
	}
}

func TestImportNewVersion(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		ps := catalogProcedures()
		cliMustRun(t, "import", "--db", dsn, writeCatalog(t, "v1.json", catalog.File{Units: catalogUnits(), Procedures: ps}))

		// 1.000046 changes its name and fee; the others are the same.
		v2 := catalogProcedures()
		v2[0].Name = "Cấp Phiếu lý lịch tư pháp số 1"
		v2[0].Channels[0].Fees[0].Amount = 100000
		file := writeCatalog(t, "v2.json", catalog.File{Procedures: v2})
		if out := cliMustRun(t, "import", "--db", dsn, file); !strings.Contains(out, "(1 new versions)") {
			t.Errorf("import of one changed procedure printed %q, want 1 new version", out)
		}
		st := cliOpen(t, dsn)
		got, err := st.Procedure(ctx, "1.000046")
		want := v2[0]
		want.Version = 2
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("1.000046 after the change = %+v, %v\nwant %+v", got, err, want)
		}
		if v := storedVersions(t, dsn, "1.000046"); !reflect.DeepEqual(v, map[int]string{1: ps[0].Name, 2: v2[0].Name}) {
			t.Errorf("versions of 1.000046 = %v, want version 1 kept beside version 2", v)
		}
		for _, p := range v2[1:] {
			if got, err := st.Procedure(ctx, p.Code); err != nil || got.Version != 1 {
				t.Errorf("unchanged %s = version %d, %v; want 1", p.Code, got.Version, err)
			}
		}
		// The same file again is no change.
		if out := cliMustRun(t, "import", "--db", dsn, file); !strings.Contains(out, "(0 new versions)") {
			t.Errorf("importing the same file twice printed %q, want 0 new versions", out)
		}
		if got, _ := st.Procedure(ctx, "1.000046"); got.Version != 2 {
			t.Errorf("1.000046 is version %d after a repeated import, want 2", got.Version)
		}
		// Export carries the current versions only.
		exp, _ := exportCatalog(t, dsn)
		if len(exp.Procedures) != 3 || exp.Procedures[0].Code != "1.000046" || exp.Procedures[0].Version != 2 || exp.Procedures[0].Name != v2[0].Name {
			t.Errorf("export after the change = %+v", exp.Procedures)
		}
	})
}

func TestImportCSVNewVersion(t *testing.T) {
	forEachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		importUnits(t, dsn)
		cliMustRun(t, "import", "--db", dsn, cliWriteFile(t, "v1.csv", csvHeaderLine+csvRow(csvBirth, nil)+csvRow(csvCopy, nil)))
		out := cliMustRun(t, "import", "--db", dsn, cliWriteFile(t, "v2.csv",
			csvHeaderLine+csvRow(csvBirth, nil)+csvRow(csvCopy, map[string]string{"fee": "3.000"})))
		if !strings.Contains(out, "(1 new versions)") {
			t.Errorf("import of one changed row printed %q, want 1 new version", out)
		}
		st := cliOpen(t, dsn)
		if p, err := st.Procedure(ctx, "2.000815"); err != nil || p.Version != 2 || p.Channels[0].Fees[0].Amount != 3000 {
			t.Errorf("2.000815 after the change = %+v, %v; want version 2 with a fee of 3000", p, err)
		}
		if p, err := st.Procedure(ctx, "1.000656"); err != nil || p.Version != 1 {
			t.Errorf("unchanged 1.000656 = version %d, %v; want 1", p.Version, err)
		}
		if v := storedVersions(t, dsn, "2.000815"); len(v) != 2 {
			t.Errorf("versions of 2.000815 = %v, want 1 and 2", v)
		}
	})
}

func TestImportUsage(t *testing.T) {
	dsn := testdb.SQLite(t).DSN
	for _, args := range [][]string{{"import", "--db", dsn}, {"import", "--db", dsn, "a.json", "b.json"}, {"export", "--db", dsn, "--colour"}} {
		if _, err := cliRun(t, args...); !isUsage(err) {
			t.Errorf("motcua %s = %v, want a usage error", strings.Join(args, " "), err)
		}
	}
	if _, err := cliRun(t, "import", "--db", dsn, filepath.Join(t.TempDir(), "missing.csv")); err == nil || isUsage(err) {
		t.Errorf("import of a missing file = %v, want an error that is not a usage error", err)
	}
}

// TestImportProgress: off a terminal, import reports plain progress lines on standard error,
// procedure by procedure, from 0 to the file's total; standard output keeps only the summary.
func TestImportProgress(t *testing.T) {
	importWithStderr := func(t *testing.T, args ...string) (stdout, stderr string) {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, &out, &errOut); err != nil {
			t.Fatalf("motcua %s: %v", strings.Join(args, " "), err)
		}
		return out.String(), errOut.String()
	}
	wantLines := []string{"Importing procedures: 0/3 (0%)", "Importing procedures: 3/3 (100%)"}
	forEachDB(t, func(t *testing.T, dsn string) {
		// Units alone: nothing long to show.
		if _, stderr := importWithStderr(t, "import", "--db", dsn, writeCatalog(t, "units.json", catalog.File{Units: catalogUnits()})); stderr != "" {
			t.Errorf("a units-only import wrote progress %q", stderr)
		}
		csv := cliWriteFile(t, "catalog.csv", csvHeaderLine+csvRow(csvBirth, nil)+csvRow(csvCopy, nil)+csvRow(csvRecord, nil))
		jsonFile := writeCatalog(t, "catalog.json", catalog.File{Units: catalogUnits(), Procedures: catalogProcedures()})
		for _, file := range []string{csv, jsonFile} {
			stdout, stderr := importWithStderr(t, "import", "--db", dsn, file)
			if !strings.HasPrefix(stdout, "imported ") || strings.Contains(stdout, "Importing") {
				t.Errorf("%s: standard output %q, want only the summary", filepath.Base(file), stdout)
			}
			if strings.ContainsAny(stderr, "\r█░") {
				t.Errorf("%s: progress off a terminal has terminal drawing: %q", filepath.Base(file), stderr)
			}
			// The work is quick, so the plain lines are the start and the end.
			if lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n"); !reflect.DeepEqual(lines, wantLines) {
				t.Errorf("%s: progress lines %q, want %q", filepath.Base(file), lines, wantLines)
			}
		}
	})
}

// TestImportProgressFailure: an import refused part way does not claim to have reached its total.
func TestImportProgressFailure(t *testing.T) {
	bad := catalogProcedures()
	bad[1].UnitCodes = []string{cUnknown}
	dsn := testdb.SQLite(t).DSN
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"import", "--db", dsn, writeCatalog(t, "bad.json", catalog.File{Units: catalogUnits(), Procedures: bad})}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "nothing imported") {
		t.Fatalf("import of a bad file = %v, want nothing imported", err)
	}
	if got := stderr.String(); !strings.HasPrefix(got, "Importing procedures: 0/3 (0%)\n") || strings.Contains(got, "3/3") {
		t.Errorf("progress of a failed import %q, want it started and not finished", got)
	}
}
