package catalog

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/motcua/motcua/calendar"
)

const csvHeaderRow = "code,name,field_code,field_name,levels,online_level,counter_days,online_days,post_days,time_unit,fee,fee_description,unit_codes,legal_basis,results,applicants\n"

const csvGood = csvHeaderRow +
	`1.000656,Thủ tục đăng ký khai sinh,HT,Hộ tịch,3,toan_trinh,3,3,,,,Miễn lệ phí,000.01.10.H62;000.02.10.H62,Luật Hộ tịch 2014;Nghị định 123/2015/NĐ-CP,Giấy khai sinh,Công dân Việt Nam` + "\n" +
	`2.000815,"Chứng thực bản sao từ bản chính",CT,Chứng thực,3,truc_tiep,4,,,working_hour,2.000,"Lệ phí, mỗi trang",000.01.10.H62,Nghị định 23/2015/NĐ-CP,Bản sao được chứng thực,` + "\n" +
	`1.000046,Cấp Phiếu lý lịch tư pháp,LLTP,Lý lịch tư pháp,1,mot_phan,10,"10",10,,200000,,000.00.01.H62,Luật Lý lịch tư pháp 2009,Phiếu lý lịch tư pháp,` + "\n" +
	`1.004227,Thẩm định thiết kế,XD,Xây dựng,1;2,mot_phan,"0,5",0.5,,calendar_day,"1.200.000 đồng",Phí thẩm định,000.00.02.H62,,,` + "\n" +
	",,,,,,,,,,,,,,,\n" // a blank line a spreadsheet left

func TestReadCSV(t *testing.T) {
	ps, err := ReadCSV(strings.NewReader(csvGood))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 4 {
		t.Fatalf("read %d procedures, want 4", len(ps))
	}
	birth := ps[0]
	want := Procedure{
		Code: "1.000656", Name: "Thủ tục đăng ký khai sinh", FieldCode: "HT", FieldName: "Hộ tịch",
		Levels: []int{3}, OnlineLevel: FullyOnline,
		Channels: []ChannelRule{
			{Channel: InPerson, Time: calendar.Duration{Value: 3, Unit: calendar.WorkingDay}, Fees: []Fee{{0, "Miễn lệ phí"}}},
			{Channel: Online, Time: calendar.Duration{Value: 3, Unit: calendar.WorkingDay}, Fees: []Fee{{0, "Miễn lệ phí"}}},
		},
		UnitCodes:  []string{"000.01.10.H62", "000.02.10.H62"},
		LegalBasis: []string{"Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"},
		Results:    []string{"Giấy khai sinh"},
		Applicants: "Công dân Việt Nam",
	}
	if !reflect.DeepEqual(birth, want) {
		t.Errorf("row 2:\ngot  %+v\nwant %+v", birth, want)
	}
	copyCert := ps[1]
	if got := copyCert.Channels; len(got) != 1 || got[0].Time != (calendar.Duration{Value: 4, Unit: calendar.WorkingHour}) ||
		!reflect.DeepEqual(got[0].Fees, []Fee{{2000, "Lệ phí, mỗi trang"}}) {
		t.Errorf("row 3 channels = %+v", got)
	}
	if got := ps[2].Channels; len(got) != 3 || got[2].Channel != Post || got[0].Fees[0].Description != "Lệ phí" {
		t.Errorf("row 4 channels = %+v", got)
	}
	design := ps[3]
	if design.Channels[0].Time != (calendar.Duration{Value: 0.5, Unit: calendar.CalendarDay}) ||
		design.Channels[0].Fees[0].Amount != 1200000 || !reflect.DeepEqual(design.Levels, []int{1, 2}) {
		t.Errorf("row 5 = %+v", design)
	}
}

func TestReadCSVBOMAndColumnOrder(t *testing.T) {
	in := "\uFEFFname,unit_codes,code,levels,counter_days\r\n" +
		"Đăng ký kết hôn,000.01.10.H62,1.000894,3,5\r\n"
	ps, err := ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Code != "1.000894" || ps[0].OnlineLevel != InPersonOnly ||
		ps[0].Channels[0].Time != (calendar.Duration{Value: 5, Unit: calendar.WorkingDay}) {
		t.Errorf("ReadCSV = %+v", ps)
	}
}

func TestReadCSVErrors(t *testing.T) {
	row := func(cells map[string]string) string {
		base := map[string]string{"code": "1.000656", "name": "Đăng ký khai sinh", "levels": "3",
			"online_level": "truc_tiep", "counter_days": "3", "unit_codes": "000.01.10.H62"}
		for k, v := range cells {
			base[k] = v
		}
		var out []string
		for _, c := range CSVColumns {
			v := base[c]
			if strings.ContainsAny(v, ",\"") {
				v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
			out = append(out, v)
		}
		return strings.Join(out, ",") + "\n"
	}
	good := row(nil)
	good2 := row(map[string]string{"code": "1.000593"})
	cases := []struct {
		name  string
		in    string
		row   int
		field string
	}{
		{"empty file", "", 1, ""},
		{"BOM only", "\uFEFF", 1, ""},
		{"unknown column", "code,name,levels,counter_days,unit_codes,colour\n", 1, "colour"},
		{"missing column", "code,name,levels,unit_codes\n", 1, "counter_days"},
		{"duplicate column", "code,name,levels,counter_days,unit_codes,name\n", 1, "name"},
		{"bad code on row 3", csvHeaderRow + good + row(map[string]string{"code": "1-000593"}), 3, "code"},
		{"no name", csvHeaderRow + good + good2 + row(map[string]string{"code": "1.000894", "name": ""}), 4, "name"},
		{"bad level", csvHeaderRow + row(map[string]string{"levels": "3;xa"}), 2, "levels"},
		{"level out of range", csvHeaderRow + row(map[string]string{"levels": "3;5"}), 2, "levels"},
		{"bad online level", csvHeaderRow + row(map[string]string{"online_level": "muc_do_3"}), 2, "online_level"},
		{"online level without online days", csvHeaderRow + row(map[string]string{"online_level": "toan_trinh"}), 2, "online_level"},
		{"no counter days", csvHeaderRow + row(map[string]string{"counter_days": ""}), 2, "counter_days"},
		{"zero counter days", csvHeaderRow + row(map[string]string{"counter_days": "0"}), 2, "counter_days"},
		{"bad online days", csvHeaderRow + row(map[string]string{"online_level": "mot_phan", "online_days": "ba"}), 2, "online_days"},
		{"negative post days", csvHeaderRow + row(map[string]string{"post_days": "-1"}), 2, "post_days"},
		{"bad time unit", csvHeaderRow + row(map[string]string{"time_unit": "thang"}), 2, "time_unit"},
		{"bad fee", csvHeaderRow + row(map[string]string{"fee": "50.5"}), 2, "fee"},
		{"negative fee", csvHeaderRow + row(map[string]string{"fee": "-100"}), 2, "fee"},
		{"no units", csvHeaderRow + row(map[string]string{"unit_codes": " ; "}), 2, "unit_codes"},
		{"bad unit", csvHeaderRow + row(map[string]string{"unit_codes": "000.01.10.H62;xa Dao Tru"}), 2, "unit_codes"},
		{"duplicate code", csvHeaderRow + good + good2 + good, 4, "code"},
		{"wrong cell count", csvHeaderRow + good + "1.000593,Kết hôn\n", 3, ""},
		{"bad quote", csvHeaderRow + good + good2 + `1.000894,"Kết "hôn",3` + "\n", 4, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, err := ReadCSV(strings.NewReader(c.in))
			if ps != nil {
				t.Errorf("ReadCSV returned %d procedures with an error", len(ps))
			}
			var re *RowError
			if !errors.As(err, &re) {
				t.Fatalf("ReadCSV = %v, want a *RowError", err)
			}
			if re.Row != c.row || re.Field != c.field {
				t.Errorf("ReadCSV = row %d field %q (%v), want row %d field %q", re.Row, re.Field, err, c.row, c.field)
			}
		})
	}
}

func TestReadCSVRowLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("code,name,levels,counter_days,unit_codes\n")
	for i := 0; i <= MaxCSVRows; i++ {
		fmt.Fprintf(&b, "1.%06d,Thủ tục %d,3,1,000.01.10.H62\n", i, i)
	}
	_, err := ReadCSV(strings.NewReader(b.String()))
	var re *RowError
	if !errors.As(err, &re) || re.Row != MaxCSVRows+2 {
		t.Fatalf("ReadCSV of %d rows = %v, want a row error on row %d", MaxCSVRows+1, err, MaxCSVRows+2)
	}
	// Exactly the limit is fine.
	text := b.String()
	text = text[:strings.LastIndex(strings.TrimSuffix(text, "\n"), "\n")+1]
	ps, err := ReadCSV(strings.NewReader(text))
	if err != nil || len(ps) != MaxCSVRows {
		t.Fatalf("ReadCSV of %d rows = %d procedures, %v", MaxCSVRows, len(ps), err)
	}
}

func TestParseFee(t *testing.T) {
	cases := map[string]int64{"0": 0, "50000": 50000, "50.000": 50000, "1,200,000": 1200000, "100 000": 100000,
		"200.000đ": 200000, "30.000 đồng": 30000}
	for in, want := range cases {
		if got, err := parseFee(in); err != nil || got != want {
			t.Errorf("parseFee(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"50.5", "1.2345", "abc", "-1", "5.000,5"} {
		if _, err := parseFee(in); err == nil {
			t.Errorf("parseFee(%q) accepted", in)
		}
	}
}
