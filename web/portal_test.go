package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// Procedures the portal tests add to the fixture's one (2.001417, Lý lịch tư pháp, at Dept).
const (
	buildCode = "1.009994" // Cấp giấy phép xây dựng: district level, partly online, at Other
	birthCode = "1.001193" // Đăng ký khai sinh: commune level, fully online
	deathCode = "1.000656" // Đăng ký khai tử: commune level, in person only
)

func portalCatalog(t *testing.T, s *site) {
	t.Helper()
	ctx := context.Background()
	if err := s.F.Store.PutUnits(ctx, []org.Unit{{Code: testdb.Commune, Name: "UBND xã Đạo Trù", ParentCode: testdb.Province, Level: 3,
		Sessions: "07:00-11:30,13:30-17:00", Address: "Thôn Đồng Giếng, xã Đạo Trù", Phone: "0211 3896 123"}}); err != nil {
		t.Fatal(err)
	}
	day := func(v float64) calendar.Duration { return calendar.Duration{Value: v, Unit: calendar.WorkingDay} }
	ps := []catalog.Procedure{
		{Code: buildCode, Name: "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", FieldCode: "XD", FieldName: "Hoạt động xây dựng",
			Levels: []int{2}, OnlineLevel: catalog.PartlyOnline, UnitCodes: []string{testdb.Other},
			Channels: []catalog.ChannelRule{
				{Channel: catalog.InPerson, Time: day(15), Fees: []catalog.Fee{{Amount: 75000, Description: "Lệ phí cấp giấy phép"}}},
				{Channel: catalog.Online, Time: day(12.5), TimeNote: "Tính từ khi nộp đủ bản chính"}},
			Cases: []catalog.Case{
				{Name: "Xây dựng mới", Documents: []catalog.Document{
					{Name: "Đơn đề nghị cấp giấy phép xây dựng", Originals: 1, Form: "Mẫu số 01", FormURL: "https://dichvucong.example/mau-01.docx", Required: true},
					{Name: "Bản vẽ thiết kế", Originals: 2, Copies: 1, Required: true},
					{Name: "Giấy tờ khác", Copies: 1, FormURL: "javascript:alert(1)"}}},
				{Name: "Nhà liền kề", Documents: []catalog.Document{{Name: "Văn bản cam kết an toàn", Originals: 1, Form: "Mẫu cam kết", Required: true}}}},
			Results:    []string{"Giấy phép xây dựng"},
			LegalBasis: []string{"Luật Xây dựng 2014", "Nghị định 15/2021/NĐ-CP"},
			Steps:      "Bước 1: Nộp hồ sơ. Bước 2: Thẩm định. Bước 3: Trả kết quả.",
			Conditions: "Phù hợp quy hoạch", Applicants: "Hộ gia đình, cá nhân"},
		{Code: birthCode, Name: "Thủ tục đăng ký khai sinh", FieldCode: "HT", FieldName: "Hộ tịch", Levels: []int{3},
			OnlineLevel: catalog.FullyOnline, UnitCodes: []string{testdb.Commune},
			Channels: []catalog.ChannelRule{{Channel: catalog.InPerson, Time: day(0.5)}, {Channel: catalog.Online, Time: day(0.5)}},
			Cases:    []catalog.Case{{Name: "Trẻ em có Giấy chứng sinh", Documents: []catalog.Document{{Name: "Tờ khai đăng ký khai sinh", Originals: 1, Required: true}}}}},
		{Code: deathCode, Name: "Thủ tục đăng ký khai tử", FieldCode: "HT", FieldName: "Hộ tịch", Levels: []int{3},
			OnlineLevel: catalog.InPersonOnly, UnitCodes: []string{testdb.Commune},
			Channels: []catalog.ChannelRule{{Channel: catalog.InPerson, Time: calendar.Duration{Value: 4, Unit: calendar.WorkingHour}}},
			Cases:    []catalog.Case{{Name: "Chung", Documents: []catalog.Document{{Name: "Tờ khai khai tử", Originals: 1, Required: true}}}}},
	}
	if _, err := s.F.Store.PutProcedures(ctx, ps); err != nil {
		t.Fatal(err)
	}
}

// resultCodes are the procedure codes the results list links to, in order.
var resultLink = regexp.MustCompile(`<li>\s*<a href="/thu-tuc/([^"]+)">`)

func resultCodes(body string) []string {
	var out []string
	for _, m := range resultLink.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestPortalSearch(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		portalCatalog(t, s)
		cases := []struct {
			name  string
			query string
			want  []string // exactly these results, in this order
		}{
			{"with diacritics", "q=" + url.QueryEscape("Cấp giấy phép xây dựng"), []string{buildCode}},
			{"without diacritics", "q=cap+giay+phep+xay+dung", []string{buildCode}},
			{"one-letter typo", "q=cap+giay+phep+xay+dumg", []string{buildCode}},
			{"typo in a short word", "q=khai+snh", []string{birthCode}},
			{"equal matches by code", "q=dang+ky+khai", []string{deathCode, birthCode}},
			{"a whole word is not the start of another", "q=khai+tu", []string{deathCode}},
			{"by code", "q=1.000656", []string{deathCode}},
			{"by field", "q=ho+tich", []string{deathCode, birthCode}},
			{"the fixture's procedure", "q=ly+lich+tu+phap", []string{testdb.ProcCode}},
			{"level filter alone: by field, then name", "level=3", []string{birthCode, deathCode}},
			{"level 2 with words", "q=giay+phep&level=2", []string{buildCode}},
			{"field filter", "field=HT&q=khai+sinh", []string{birthCode}},
			{"unit filter", "unit=" + testdb.Other, []string{buildCode, testdb.ProcCode}},
			{"online filter", "online=truc_tiep", []string{deathCode}},
			{"online filter excludes", "q=khai+tu&online=toan_trinh", nil},
			{"unknown filter values are ignored", "q=khai+sinh&level=9&field=NOPE&unit=NOPE&online=maybe", []string{birthCode}},
			{"nothing matches", "q=tau+vu+tru", nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				code, body := s.get(t, "/?"+c.query)
				if code != http.StatusOK {
					t.Fatalf("status %d", code)
				}
				if got := resultCodes(body); strings.Join(got, " ") != strings.Join(c.want, " ") {
					t.Fatalf("%s: got %v, want %v", c.query, got, c.want)
				}
				if len(c.want) == 0 && !strings.Contains(body, "Không tìm thấy thủ tục phù hợp") {
					t.Fatal("no 'nothing found' message")
				}
			})
		}
	})
}

func TestPortalSearchFormKeepsChoicesAndEscapes(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		portalCatalog(t, s)
		_, body := s.get(t, "/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&level=3&field=HT&unit="+testdb.Commune+"&online=toan_trinh")
		if strings.Contains(body, "<script>alert") {
			t.Fatal("the query is not escaped")
		}
		for _, want := range []string{
			`<option value="3" selected>`, `<option value="HT" selected>`, `<option value="` + testdb.Commune + `" selected>`,
			`<option value="toan_trinh" selected>`, `<details class="portal-filters" open>`, `<optgroup label="Cấp xã">`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the form lost a choice: no %s", want)
			}
		}
		// Units that implement nothing are not offered.
		if strings.Contains(body, `<option value="`+testdb.Province+`"`) {
			t.Error("the province, which implements no procedure, is offered as a unit")
		}
		// Without words or filters the home page offers the fields instead.
		_, body = s.get(t, "/")
		if !strings.Contains(body, `href="/?field=HT"`) || !strings.Contains(body, "Hộ tịch") || strings.Contains(body, "<details class=\"portal-filters\" open") {
			t.Fatal("the home page does not offer the fields, or opens the filters")
		}
	})
}

func TestPortalSearchPages(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		var ps []catalog.Procedure
		for i := 1; i <= 45; i++ {
			ps = append(ps, catalog.Procedure{Code: fmt.Sprintf("9.%06d", i), Name: fmt.Sprintf("Cấp chứng nhận thử nghiệm số %d", i),
				FieldCode: "TN", FieldName: "Thử nghiệm", Levels: []int{1}, OnlineLevel: catalog.InPersonOnly, UnitCodes: []string{testdb.Dept},
				Channels: []catalog.ChannelRule{{Channel: catalog.InPerson, Time: calendar.Duration{Value: 1, Unit: calendar.WorkingDay}}},
				Cases:    []catalog.Case{{Name: "Chung", Documents: []catalog.Document{{Name: "Đơn", Originals: 1}}}}})
		}
		if _, err := s.F.Store.PutProcedures(context.Background(), ps); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for page, want := range []int{20, 20, 5} {
			path := "/?q=chung+nhan+thu+nghiem&field=TN"
			if page > 0 {
				path += fmt.Sprintf("&page=%d", page+1)
			}
			_, body := s.get(t, path)
			got := resultCodes(body)
			if len(got) != want || !strings.Contains(body, "Tìm thấy 45 thủ tục") || !strings.Contains(body, fmt.Sprintf("Trang %d/3", page+1)) {
				t.Fatalf("page %d: %d results, want %d", page+1, len(got), want)
			}
			for _, c := range got {
				if seen[c] {
					t.Fatalf("page %d repeats %s", page+1, c)
				}
				seen[c] = true
			}
			if next := strings.Contains(body, `rel="next"`); next != (page < 2) {
				t.Fatalf("page %d: next link %v", page+1, next)
			}
			if page == 1 && !strings.Contains(body, `href="/?field=TN&amp;page=3&amp;q=chung&#43;nhan&#43;thu&#43;nghiem" rel="next"`) {
				t.Fatalf("the next link does not keep the search:\n%s", body)
			}
		}
		// A page past the end shows the last one.
		if _, body := s.get(t, "/?field=TN&page=99"); len(resultCodes(body)) != 5 {
			t.Fatal("page 99 is not the last page")
		}
	})
}

func TestPortalProcedurePage(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		portalCatalog(t, s)
		code, body := s.get(t, "/thu-tuc/"+buildCode)
		if code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
		for _, want := range []string{
			"<title>Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ — ",
			"Hoạt động xây dựng", "Cấp huyện", "Trực tuyến một phần",
			"Hộ gia đình, cá nhân", "Phù hợp quy hoạch", "Giấy phép xây dựng", // who, conditions, result
			"Trường hợp: Xây dựng mới", "Trường hợp: Nhà liền kề",
			"Bản chính: 2", "Bản sao: 1", "(nếu có)",
			`<a class="portal-form" href="https://dichvucong.example/mau-01.docx">Tải mẫu đơn, tờ khai: Mẫu số 01</a>`,
			"Mẫu: Mẫu cam kết", // a form without a file is named
			"15 ngày làm việc", "12,5 ngày làm việc", "Tính từ khi nộp đủ bản chính", "75.000 đồng", "Lệ phí cấp giấy phép",
			"Trực tiếp tại Bộ phận Một cửa", "Sở Xây dựng",
			"<li>Nộp hồ sơ.</li>", "<li>Thẩm định.</li>", "<li>Trả kết quả.</li>",
			"Luật Xây dựng 2014", "Nghị định 15/2021/NĐ-CP",
			`href="/nop-ho-so/` + buildCode + `"`,
			`href="/dat-lich?thu-tuc=` + buildCode + `"`, // at-home intake can be booked
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(body, "javascript:alert") {
			t.Error("a javascript: form address is linked")
		}

		// A procedure taken in person only has no online button; hours are hours; an office's
		// address and phone are shown.
		_, body = s.get(t, "/thu-tuc/"+deathCode)
		if strings.Contains(body, "/nop-ho-so/") {
			t.Error("an in-person procedure offers online submission")
		}
		for _, want := range []string{"4 giờ làm việc", "Không", "UBND xã Đạo Trù", "Thôn Đồng Giếng, xã Đạo Trù", `<a href="tel:02113896123">0211 3896 123</a>`, "Nộp trực tiếp"} {
			if !strings.Contains(body, want) {
				t.Errorf("the in-person procedure's page lacks %q", want)
			}
		}

		// English labels, English numbers; the catalog's own text stays Vietnamese.
		s.get(t, "/ngon-ngu/en?next=/")
		_, body = s.get(t, "/thu-tuc/"+buildCode)
		for _, want := range []string{"Documents to prepare", "15 working days", "12.5 working days", "75,000 VND", "Originals: 2", "Apply online", "Partly online", "District"} {
			if !strings.Contains(body, want) {
				t.Errorf("the English page lacks %q", want)
			}
		}
		_, body = s.get(t, "/thu-tuc/"+birthCode)
		if !strings.Contains(body, "0.5 working days") {
			t.Error("no fraction of a day in English")
		}

		for _, path := range []string{"/thu-tuc/9.999999", "/thu-tuc/" + strings.Repeat("1", 100), "/thu-tuc/%3Cscript%3E"} {
			code, body := s.get(t, path)
			if code != http.StatusNotFound || !strings.Contains(body, "Procedure not found") || strings.Contains(body, "<script>") {
				t.Errorf("%s: %d", path, code)
			}
		}
	})
}

// trackedDossier receives a dossier at the counter with personal data that must never show,
// and moves it one step.
func trackedDossier(t *testing.T, s *site) dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	d, err := s.F.Store.CreateDossier(ctx, s.F.Users["intake"], store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
		Channel: catalog.InPerson, Summary: "Xin cấp phiếu lý lịch tư pháp số 1 cho việc riêng",
		Applicant: dossier.Applicant{Name: "Nguyễn Thị Riêng Tư", IDNumber: "001190012345", Phone: "0912 345 678",
			Email: "rieng.tu@example.vn", Address: "Số 9 ngõ Bí Mật", Type: 1}})
	if err != nil {
		t.Fatal(err)
	}
	d, err = s.F.Store.Act(ctx, s.F.Users["intake"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var personal = []string{"Nguyễn Thị Riêng Tư", "001190012345", "rieng.tu@example.vn", "Số 9 ngõ Bí Mật", "Xin cấp phiếu", "0912 345 678", "0912345678", "intake"}

func TestPortalTrack(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		d := trackedDossier(t, s)
		if code, body := s.get(t, "/tra-cuu"); code != http.StatusOK || !strings.Contains(body, `name="secret"`) || !strings.Contains(body, `name="phone"`) {
			t.Fatalf("the form: %d", code)
		}
		lower := strings.ToLower(d.TrackingSecret)
		found := []struct {
			name, query string
		}{
			{"code and secret", "code=" + d.Code + "&secret=" + d.TrackingSecret},
			{"typed loosely", "code=+" + strings.ToLower(d.Code) + "+&secret=" + lower[:5] + "-" + lower[5:]},
			{"phone", "code=" + d.Code + "&phone=0912345678"},
			{"phone with dots", "code=" + d.Code + "&phone=0912.345.678"},
			{"phone as +84", "code=" + d.Code + "&phone=" + url.QueryEscape("+84 912 345 678")},
			{"a wrong secret, the right phone", "code=" + d.Code + "&secret=AAAAAAAAAA&phone=0912345678"},
		}
		for _, c := range found {
			t.Run(c.name, func(t *testing.T) {
				code, body := s.get(t, "/tra-cuu?"+c.query)
				if code != http.StatusOK {
					t.Fatalf("status %d", code)
				}
				for _, want := range []string{"Hồ sơ " + d.Code, "Đang xử lý", "Trong hạn", "Thẩm định, thụ lý", "Sở Tư pháp",
					"Cấp Phiếu lý lịch tư pháp", "Tiếp nhận hồ sơ", "Chuyển bước xử lý", "Ngày hẹn trả kết quả",
					"09:00 04/03/2026" /* due: 2 working days of 8 hours from 09:00 Monday */} {
					if !strings.Contains(body, want) {
						t.Errorf("the result lacks %q", want)
					}
				}
				for _, p := range personal {
					if strings.Contains(body, p) && !strings.Contains(c.query, url.QueryEscape(p)) && !strings.Contains(c.query, p) {
						t.Errorf("personal data on the tracking page: %q", p)
					}
				}
			})
		}

		// Wrong code, wrong secret, wrong phone: one message, next to the code field, and no
		// telling which part was wrong.
		notFound := "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu hoặc số điện thoại này."
		var messages []string
		for _, q := range []string{
			"code=" + d.Code + "&secret=AAAAAAAAAA",
			"code=" + testdb.Dept + "-260302-0099&secret=" + d.TrackingSecret,
			"code=" + d.Code + "&phone=0912345679",
			"code=" + d.Code + "&phone=abc",
			"code=" + d.Code + "&secret=" + d.TrackingSecret[:9],
		} {
			code, body := s.get(t, "/tra-cuu?"+q)
			if code != http.StatusNotFound || !strings.Contains(body, `<p class="field-error" id="code-error">`+notFound) ||
				!strings.Contains(body, `<a href="#code">`+notFound) || strings.Contains(body, "Đang xử lý") {
				t.Fatalf("%s: %d", q, code)
			}
			i := strings.Index(body, `<p class="field-error"`)
			messages = append(messages, body[i:i+strings.Index(body[i:], "</p>")])
		}
		for _, m := range messages[1:] {
			if m != messages[0] {
				t.Fatalf("different messages: %q and %q", m, messages[0])
			}
		}

		// Missing fields: a message next to each, the input kept.
		code, body := s.get(t, "/tra-cuu?code=&secret=&phone=")
		if code != http.StatusBadRequest || !strings.Contains(body, `id="code-error">Nhập mã hồ sơ`) ||
			!strings.Contains(body, `id="secret-error">Nhập mã tra cứu hoặc số điện thoại`) {
			t.Fatalf("empty form: %d", code)
		}
		_, body = s.get(t, "/tra-cuu?code=%22%3E%3Cb%3Ex&secret=")
		if strings.Contains(body, "<b>x") || !strings.Contains(body, `value="&#34;&gt;&lt;B&gt;X"`) {
			t.Fatal("the code is not kept escaped")
		}

		// English, and the clock: past the due instant the dossier is overdue.
		s.get(t, "/ngon-ngu/en?next=/")
		s.SetNow(time.Date(2026, 3, 4, 10, 0, 0, 0, calendar.Zone))
		_, body = s.get(t, "/tra-cuu?code="+d.Code+"&secret="+d.TrackingSecret)
		for _, want := range []string{"Dossier " + d.Code, "Processing", "Overdue", "Timeline", "Moved to the next step"} {
			if !strings.Contains(body, want) {
				t.Errorf("the English result lacks %q", want)
			}
		}
	})
}

func TestPortalTrackDueSoonAndReturned(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		d := trackedDossier(t, s)
		s.SetNow(time.Date(2026, 3, 3, 10, 0, 0, 0, calendar.Zone)) // 23 hours before the due instant
		if _, body := s.get(t, "/tra-cuu?code="+d.Code+"&secret="+d.TrackingSecret); !strings.Contains(body, `<span class="tag soon">Sắp đến hạn</span>`) {
			t.Fatal("a dossier due within a day is not 'due soon'")
		}
		ctx := context.Background()
		// A supplement request stops the clock: the page says the due date will move, and
		// the reason, which may be personal, is not shown.
		d, err := s.F.Store.Act(ctx, s.F.Users["officer"], d.Code, dossier.Request{Action: workflow.RequestSupplement,
			Version: d.Version, Reason: "Thiếu bản sao sổ hộ khẩu của bà Riêng Tư"})
		if err != nil {
			t.Fatal(err)
		}
		_, body := s.get(t, "/tra-cuu?code="+d.Code+"&secret="+d.TrackingSecret)
		if !strings.Contains(body, "Yêu cầu bổ sung giấy tờ") || !strings.Contains(body, "ngày hẹn sẽ lùi tương ứng") || strings.Contains(body, "Riêng Tư") {
			t.Fatal("a dossier waiting for papers: wrong page")
		}
		if d, err = s.F.Store.Act(ctx, s.F.Users["intake"], d.Code, dossier.Request{Action: workflow.RecordSupplement, Version: d.Version}); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"officer", "leader", "clerk"} {
			var err error
			if d, err = s.F.Store.Act(ctx, s.F.Users[who], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
				t.Fatal(err)
			}
		}
		_, body = s.get(t, "/tra-cuu?code="+d.Code+"&secret="+d.TrackingSecret)
		if !strings.Contains(body, "Đã xử lý xong") || !strings.Contains(body, "Đã có kết quả") || !strings.Contains(body, "Trước hạn") {
			t.Fatal("a done dossier does not say the result is ready")
		}
		if _, err := s.F.Store.Act(ctx, s.F.Users["intake"], d.Code, dossier.Request{Action: workflow.ReturnResult, Version: d.Version, How: "counter"}); err != nil {
			t.Fatal(err)
		}
		_, body = s.get(t, "/tra-cuu?code="+d.Code+"&secret="+d.TrackingSecret)
		if !strings.Contains(body, "Đã trả kết quả") || !strings.Contains(body, "Ngày trả kết quả") || strings.Contains(body, "Bước hiện tại") {
			t.Fatal("a returned dossier: wrong facts")
		}
	})
}

// Every portal page, in both languages, uses only registered texts: a missing key would show
// itself ("portal.…") on the page.
func TestPortalTextsExist(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		portalCatalog(t, s)
		d := trackedDossier(t, s)
		paths := []string{"/", "/?q=khai+sinh&level=3&online=toan_trinh", "/?q=zzzz", "/thu-tuc/" + buildCode, "/thu-tuc/" + deathCode,
			"/thu-tuc/nope", "/tra-cuu", "/tra-cuu?code=", "/tra-cuu?code=x&secret=y", "/tra-cuu?code=" + d.Code + "&secret=" + d.TrackingSecret}
		for _, lang := range []string{"vi", "en"} {
			s.get(t, "/ngon-ngu/"+lang+"?next=/")
			for _, p := range paths {
				if _, body := s.get(t, p); strings.Contains(body, "portal.") {
					i := strings.Index(body, "portal.")
					t.Errorf("%s %s: an untranslated key: %s", lang, p, body[i:min(len(body), i+40)])
				}
			}
		}
	})
}
