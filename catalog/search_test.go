package catalog

import (
	"strings"
	"testing"
)

// searchCatalog is a slice of the real catalog: near names ("khai sinh", "khai tử", "kết hôn"),
// two building permits, a permit of another field and procedures at several levels.
func searchCatalog() []Procedure {
	p := func(code, name, fieldCode, fieldName string, online OnlineLevel, units []string, levels ...int) Procedure {
		return Procedure{Code: code, Name: name, FieldCode: fieldCode, FieldName: fieldName, OnlineLevel: online,
			Levels: levels, UnitCodes: units}
	}
	commune := []string{"000.01.10.H62", "000.01.11.H62"}
	district := []string{"000.01.00.H62"}
	dept := []string{"000.00.01.H62"}
	build := []string{"000.00.02.H62"}
	return []Procedure{
		p("1.001193", "Thủ tục đăng ký khai sinh", "HT", "Hộ tịch", FullyOnline, commune, 3),
		p("1.000894", "Thủ tục đăng ký kết hôn", "HT", "Hộ tịch", PartlyOnline, commune, 3),
		p("1.000656", "Thủ tục đăng ký khai tử", "HT", "Hộ tịch", FullyOnline, commune, 3),
		p("1.004884", "Thủ tục đăng ký lại khai sinh", "HT", "Hộ tịch", PartlyOnline, commune, 3),
		p("1.000689", "Thủ tục đăng ký khai sinh kết hợp nhận cha, mẹ, con", "HT", "Hộ tịch", PartlyOnline, commune, 3),
		p("2.000528", "Thủ tục đăng ký khai sinh có yếu tố nước ngoài", "HT", "Hộ tịch", PartlyOnline, district, 2),
		p("2.000815", "Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản", "CT", "Chứng thực", InPersonOnly, append(commune, district...), 2, 3),
		p("1.009994", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", "XD", "Hoạt động xây dựng", PartlyOnline, district, 2),
		p("1.009972", "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II", "XD", "Hoạt động xây dựng", PartlyOnline, build, 1),
		p("1.009933", "Cấp chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III", "XD", "Hoạt động xây dựng", FullyOnline, build, 1),
		p("2.000633", "Cấp Giấy phép bán lẻ sản phẩm rượu", "LTHH", "Lưu thông hàng hóa trong nước", PartlyOnline, district, 2),
		p("2.001417", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam", "LLTP", "Lý lịch tư pháp", FullyOnline, dept, 1),
		p("1.002809", "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp", "DB", "Đường bộ", FullyOnline, build, 1),
		p("1.001612", "Đăng ký thành lập hộ kinh doanh", "HKD", "Thành lập và hoạt động của hộ kinh doanh", FullyOnline, district, 2),
	}
}

func codes(ps []*Procedure) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Code
	}
	return out
}

func TestSearchRanking(t *testing.T) {
	ps := searchCatalog()
	ix := func() *Index {
		ptrs := make([]*Procedure, len(ps))
		for i := range ps {
			ptrs[i] = &ps[i]
		}
		return NewIndex(ptrs)
	}()
	cases := []struct {
		name  string
		query string
		first []string // the results must start with these, in this order
		also  []string // and contain these somewhere
		not   []string // and not these
	}{
		{"with diacritics", "Cấp giấy phép xây dựng", []string{"1.009994", "1.009972"}, nil, []string{"2.000633", "1.009933", "1.002809"}},
		{"without diacritics", "cap giay phep xay dung", []string{"1.009994", "1.009972"}, nil, []string{"2.000633", "1.009933"}},
		{"upper case, extra spaces", "  CAP  GIAY PHEP   XAY DUNG ", []string{"1.009994", "1.009972"}, nil, nil},
		{"a typo: changed letter", "cap giay phep xay dumg", []string{"1.009994", "1.009972"}, nil, []string{"2.000633"}},
		{"a typo: dropped letter", "khai snh", []string{"1.001193"}, []string{"1.004884", "1.000689", "2.000528"}, []string{"1.000656", "1.000894"}},
		{"a typo: swapped letters", "dang ky khia sinh", []string{"1.001193"}, nil, []string{"1.000656"}},
		{"a typo: added letter", "khaii sinh", []string{"1.001193"}, nil, []string{"1.000656"}},
		{"the shorter name first among equals", "dang ky khai sinh", []string{"1.001193"}, []string{"1.004884", "2.000528"}, []string{"1.000656"}},
		{"words run together", "khaisinh", []string{"1.001193"}, nil, []string{"1.000656"}},
		{"'thủ tục' says nothing", "thu tuc cap giay phep xay dung", []string{"1.009994", "1.009972"}, nil, nil},
		{"the last word unfinished", "ly lich tu pha", []string{"2.001417"}, nil, nil},
		{"a short word is a word, not a start", "khai tu", []string{"1.000656"}, nil, []string{"1.001193"}},
		{"the last word may be unfinished", "lap tha", []string{"1.001612"}, nil, nil},
		{"only the last word may be unfinished", "tha lap", nil, nil, []string{"1.001612"}},
		{"exact code first", "2.000528", []string{"2.000528"}, nil, []string{"1.001193"}},
		{"code prefix", "1.0099", []string{"1.009933", "1.009972", "1.009994"}, nil, []string{"1.001193"}},
		{"code digits without the dot", "1009994", []string{"1.009994"}, nil, nil},
		{"field name", "ho tich", nil, []string{"1.001193", "1.000894", "1.000656"}, []string{"1.009994"}},
		{"name beats field", "chung thuc", []string{"2.000815"}, nil, nil},
		{"one word of three missing is too many", "khai sinh xe", nil, nil, []string{"1.001193"}},
		{"one word of four missing is tolerated", "dang ky khai sinh gap", []string{"1.001193"}, nil, nil},
		{"nothing matches", "tàu vũ trụ", nil, nil, []string{"1.001193", "1.009994"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := codes(ix.Search(Query{Text: c.query}))
			for i, want := range c.first {
				if i >= len(got) || got[i] != want {
					t.Fatalf("%q: got %v, want it to start with %v", c.query, got, c.first)
				}
			}
			in := strings.Join(got, " ")
			for _, want := range c.also {
				if !strings.Contains(in, want) {
					t.Errorf("%q: got %v, want %s among them", c.query, got, want)
				}
			}
			for _, bad := range c.not {
				if strings.Contains(in, bad) {
					t.Errorf("%q: got %v, which should not contain %s", c.query, got, bad)
				}
			}
		})
	}
}

func TestSearchShortWordsNeedNoTypo(t *testing.T) {
	// "cao" is one letter from "cap", but three-letter words are too short to guess at.
	got := codes(Search(searchCatalog(), Query{Text: "cao giay phep"}))
	if len(got) != 0 {
		t.Fatalf("got %v", got)
	}
}

func TestSearchFilters(t *testing.T) {
	ps := searchCatalog()
	lvl := func(l int) *int { return &l }
	cases := []struct {
		name string
		q    Query
		want []string // exactly, in order
	}{
		{"field, no words: by name", Query{Field: "XD"}, []string{"1.009933", "1.009972", "1.009994"}},
		{"field and words", Query{Field: "XD", Text: "giay phep"}, []string{"1.009994", "1.009972"}},
		{"level", Query{Level: lvl(2), Text: "khai sinh"}, []string{"2.000528"}},
		{"level 0 is a level, not 'any'", Query{Level: lvl(0)}, nil},
		{"unit", Query{Unit: "000.00.02.H62"}, []string{"1.002809", "1.009933", "1.009972"}},
		{"online level", Query{Online: InPersonOnly}, []string{"2.000815"}},
		{"everything at once", Query{Text: "dang ky", Level: lvl(3), Online: FullyOnline, Unit: "000.01.11.H62"}, []string{"1.000656", "1.001193"}},
		{"filters exclude a code match", Query{Text: "1.009994", Online: FullyOnline}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := codes(Search(ps, c.q))
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestSearchWithoutWordsListsByFieldThenName(t *testing.T) {
	got := Search(searchCatalog(), Query{})
	if len(got) != len(searchCatalog()) {
		t.Fatalf("got %d procedures, want all", len(got))
	}
	for i := 1; i < len(got); i++ {
		a, b := Fold(got[i-1].FieldName)+"\x00"+Fold(got[i-1].Name), Fold(got[i].FieldName)+"\x00"+Fold(got[i].Name)
		if a > b {
			t.Fatalf("%q before %q", got[i-1].Name, got[i].Name)
		}
	}
}

func TestOneEdit(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"dung", "dumg", true},  // changed
		{"sinh", "snh", true},   // dropped
		{"snh", "sinh", true},   // added
		{"hon", "hno", true},    // swapped
		{"sinh", "sinh", false}, // equal is not an edit
		{"sinh", "shin", false}, // two edits
		{"dung", "dun", true},
		{"dung", "du", false},
		{"abcd", "badc", false},
		{"", "a", true},
	}
	for _, c := range cases {
		if got := oneEdit(c.a, c.b); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestFields(t *testing.T) {
	ps := searchCatalog()
	ptrs := make([]*Procedure, len(ps))
	for i := range ps {
		ptrs[i] = &ps[i]
	}
	got := Fields(ptrs)
	var names []string
	for _, f := range got {
		names = append(names, f.Name)
	}
	want := "Chứng thực|Đường bộ|Hộ tịch|Hoạt động xây dựng|Lưu thông hàng hóa trong nước|Lý lịch tư pháp|Thành lập và hoạt động của hộ kinh doanh"
	if strings.Join(names, "|") != want {
		t.Fatalf("fields %v", names)
	}
	for _, f := range got {
		if f.Code == "HT" && f.Count != 6 {
			t.Fatalf("Hộ tịch has %d procedures, want 6", f.Count)
		}
	}
}

// BenchmarkSearch is a catalog of 2,800 procedures, the size of a large province's: the portal
// builds the index and searches on every request.
func BenchmarkSearch(b *testing.B) {
	base := searchCatalog()
	var ps []*Procedure
	for i := 0; i < 200; i++ {
		for j := range base {
			p := base[j]
			p.Code = p.Code + "." + strings.Repeat("x", i%7)
			ps = append(ps, &p)
		}
	}
	for b.Loop() {
		NewIndex(ps).Search(Query{Text: "cap giay phep xay dumg"})
	}
}

// words must split exactly as folding then splitting does, for every character up to the CJK
// blocks and for text in other scripts.
func TestWordsAgreesWithFold(t *testing.T) {
	var samples []string
	for r := rune(0); r < 0x3000; r++ {
		samples = append(samples, "a"+string(r)+"b", string(r))
	}
	samples = append(samples, "Cấp giấy phép xây dựng – “nhà ở” (riêng lẻ)", "ĐĂNG KÝ khai sinh", "a\u0301b",
		"Ω ohm \u2126", "Москва 2024", "北京 đi", "", "   ", "1.000656")
	for _, s := range searchCatalog() {
		samples = append(samples, s.Name, s.FieldName, s.Code)
	}
	for _, s := range samples {
		if got, want := strings.Join(words(s), "|"), strings.Join(slowWords(s), "|"); got != want {
			t.Errorf("words(%q) = %q, want %q", s, got, want)
		}
	}
}
