package catalog

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/workflow"
)

func testUnits() []org.Unit {
	return []org.Unit{
		{Code: "000.00.00.H62", Name: "UBND tỉnh Vĩnh Phúc", Level: 1},
		{Code: "000.00.10.H62", Name: "UBND huyện Tam Đảo", ParentCode: "000.00.00.H62", Level: 2,
			Sessions: "07:00-11:30,13:30-17:00", Counters: []string{"Quầy 1"}},
		{Code: "000.01.10.H62", Name: "UBND xã Đạo Trù", ParentCode: "000.00.10.H62", Level: 3},
		{Code: "000.02.10.H62", Name: "UBND xã Hồ Sơn", ParentCode: "000.00.10.H62", Level: 3},
	}
}

func TestJSONRoundTrip(t *testing.T) {
	p1 := validProcedure()
	p2 := validProcedure()
	p2.Code, p2.Name = "1.000593", "Đăng ký kết hôn & ghi chú <kết hôn>"
	p2.Template = &Template{Steps: []Step{
		{Key: "receive", Name: "Tiếp nhận", Role: workflow.IntakeOfficer, Unit: AtReceiving, BudgetHours: 1},
		{Key: "verify", Name: "Xác minh", Role: workflow.ProcessingOfficer, Unit: AtCompetent, BudgetHours: 8},
		{Key: "return", Name: "Trả kết quả", Role: workflow.IntakeOfficer, Unit: AtReceiving},
	}}
	units := testUnits()
	// Out of order on purpose: the writer sorts.
	in := File{Units: []org.Unit{units[3], units[1], units[0], units[2]}, Procedures: []Procedure{p2, p1}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, in); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.Contains(text, "Đăng ký kết hôn & ghi chú <kết hôn>") {
		t.Errorf("output escapes UTF-8 or HTML characters:\n%s", text)
	}
	if !strings.Contains(text, "\n  \"units\": [\n") {
		t.Errorf("output is not indented:\n%.200s", text)
	}
	if in.Procedures[0].Code != p2.Code || in.Units[0].Code != units[3].Code {
		t.Error("WriteJSON reordered the caller's slices")
	}
	got, err := ReadJSON(strings.NewReader(text))
	if err != nil {
		t.Fatalf("ReadJSON(WriteJSON(f)) = %v", err)
	}
	want := File{Units: units, Procedures: []Procedure{p2, p1}} // 1.000593 < 1.000656
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip differs:\ngot  %+v\nwant %+v", got, want)
	}
	var again bytes.Buffer
	if err := WriteJSON(&again, got); err != nil {
		t.Fatal(err)
	}
	if again.String() != text {
		t.Error("a second export differs from the first")
	}
}

func TestWriteJSONEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, File{}); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(buf.String()); got != "{\n  \"procedures\": []\n}" {
		t.Errorf("WriteJSON(File{}) = %q", got)
	}
}

func TestReadJSONErrors(t *testing.T) {
	valid := `{"code":"1.000656","name":"Đăng ký khai sinh","field_code":"HT","field_name":"Hộ tịch","levels":[3],` +
		`"online_level":"truc_tiep","channels":[{"channel":"counter","time":{"value":1,"unit":"working_day"}}],` +
		`"cases":[],"results":[],"legal_basis":[],"steps_text":"","conditions":"","applicants":"","unit_codes":["000.01.10.H62"]}`
	noName := strings.Replace(valid, `"Đăng ký khai sinh"`, `""`, 1)
	cases := []struct {
		name, in string
		want     string // substring of the error; "" means no error
		field    string
	}{
		{"valid", `{"procedures":[` + valid + `]}`, "", ""},
		{"units only", `{"units":[{"code":"000.00.00.H62","name":"UBND tỉnh","level":1}],"procedures":[]}`, "", ""},
		{"unknown field", `{"procedures":[],"extra":1}`, "unknown field", ""},
		{"unknown procedure field", `{"procedures":[` + strings.Replace(valid, `"levels"`, `"level"`, 1) + `]}`, "unknown field", ""},
		{"trailing data", `{"procedures":[]} {}`, "after the catalog", ""},
		{"not json", `procedures`, "catalog file", ""},
		{"bad time unit", `{"procedures":[` + strings.Replace(valid, `"working_day"`, `"month"`, 1) + `]}`, "invalid time unit", ""},
		{"invalid second procedure", `{"procedures":[` + valid + `,` + strings.Replace(noName, "1.000656", "1.000593", 1) + `]}`,
			"procedures[1] (1.000593): name", "name"},
		{"duplicate code", `{"procedures":[` + valid + `,` + valid + `]}`, "procedures[1] (1.000656): code: the same code as procedures[0]", "code"},
		{"bad unit code", `{"units":[{"code":"H6","name":"x","level":1}],"procedures":[]}`, "units[0] (H6): code", "code"},
		{"unit without name", `{"units":[{"code":"000.00.00.H62","name":"","level":1}],"procedures":[]}`, "units[0]", "name"},
		{"child before parent", `{"units":[{"code":"000.00.01.H62","name":"Sở","parent_code":"000.00.00.H62","level":2},` +
			`{"code":"000.00.00.H62","name":"UBND tỉnh","level":1}],"procedures":[]}`, "units[0]", "parent_code"},
		{"duplicate unit", `{"units":[{"code":"000.00.00.H62","name":"a","level":1},{"code":"000.00.00.H62","name":"b","level":1}],"procedures":[]}`,
			"units[1]", "code"},
		{"bad sessions", `{"units":[{"code":"000.00.00.H62","name":"a","level":1,"sessions":"17:00-07:00"}],"procedures":[]}`,
			"units[0]", "sessions"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(c.in))
			if c.want == "" {
				if err != nil {
					t.Fatalf("ReadJSON = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ReadJSON = %v, want an error containing %q", err, c.want)
			}
			if c.field != "" {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Field != c.field {
					t.Errorf("ReadJSON = %v, want a wrapped *FieldError on %s", err, c.field)
				}
			}
		})
	}
}

func TestTreeOrder(t *testing.T) {
	us := []org.Unit{
		{Code: "000.01.02.H62", ParentCode: "000.00.02.H62"},
		{Code: "000.00.02.H62", ParentCode: "000.00.00.H62"},
		{Code: "000.01.01.H62", ParentCode: "000.00.01.H62"},
		{Code: "000.00.01.H62", ParentCode: "000.00.00.H62"},
		{Code: "000.00.00.H62"},
		{Code: "000.00.00.H14", ParentCode: "000.00.00.H99"}, // parent elsewhere: a root
	}
	var got []string
	for _, u := range treeOrder(us) {
		got = append(got, u.Code)
	}
	want := []string{"000.00.00.H14", "000.00.00.H62", "000.00.01.H62", "000.01.01.H62", "000.00.02.H62", "000.01.02.H62"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("treeOrder = %v, want %v", got, want)
	}
}
