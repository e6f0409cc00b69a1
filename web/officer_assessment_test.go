package web_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// assessmentRowRe reads a criterion's row of the dashboard's section: number, name, inputs in
// words, points.
var assessmentRowRe = regexp.MustCompile(`<tr><td>(\d)</td><th scope="row">([^<]*)</th><td>([^<]*)</td><td>(?:<em>)?([^<]*)`)

type assessmentRowT struct{ name, inputs, points string }

// assessmentSection cuts the section out of the dashboard and reads its nine rows.
func assessmentSection(t *testing.T, body string) (string, map[int]assessmentRowT) {
	t.Helper()
	i := strings.Index(body, `<section id="assessment"`)
	if i < 0 {
		t.Fatalf("no assessment section:\n%s", body)
	}
	sec := body[i:]
	sec = sec[:strings.Index(sec, "</section>")]
	rows := map[int]assessmentRowT{}
	for _, m := range assessmentRowRe.FindAllStringSubmatch(sec, -1) {
		n, _ := strconv.Atoi(m[1])
		// Points and their maximum are held together by no-break spaces.
		rows[n] = assessmentRowT{m[2], strings.TrimSpace(m[3]), strings.ReplaceAll(m[4], "\u00a0", " ")}
	}
	if len(rows) != 9 {
		t.Fatalf("%d criteria rows, not 9:\n%s", len(rows), sec)
	}
	return sec, rows
}

// TestAssessmentSection scores the March history (statsHistory) as api/assessment_test.go does,
// by hand: A solved early and C late → criterion 1 (2 + 0) / 2 = 1; no supplement → returns 2;
// six received at the counter → contacts 1; nothing online → online 0; criteria 5–8 have no
// data until the manager enters them through the form.
func TestAssessmentSection(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		statsHistory(t, s)
		ctx := context.Background()
		manager := s.officerAs(t, "manager")
		const march = "unit=" + testdb.Dept + "&from=2026-03-01&to=2026-03-31"
		status, body := manager.get(t, "/can-bo/thong-ke?"+march)
		if status != http.StatusOK {
			t.Fatalf("dashboard: %d\n%s", status, body)
		}
		officerNoRawKeys(t, body)
		if i, j, k := strings.Index(body, `id="index-h"`), strings.Index(body, `id="assessment-h"`), strings.Index(body, `id="ratings-h"`); i < 0 || !(i < j && j < k) {
			t.Errorf("the section is not between the index and the ratings: %d %d %d", i, j, k)
		}
		sec, rows := assessmentSection(t, body)
		want := map[int]assessmentRowT{
			1: {"Tổng thời gian giải quyết so với thời gian quy định", "Trước hạn 1, đúng hạn 0, quá hạn 1 trên 2 hồ sơ đã giải quyết", "1 / 2"},
			3: {"Số lần tổ chức, cá nhân phải liên hệ để hoàn thiện hồ sơ", "2 hồ sơ đã giải quyết: không phải bổ sung 2, bổ sung một lần 0, từ hai lần trở lên 0", "2 / 2"},
			4: {"Số cơ quan, đơn vị mà tổ chức, cá nhân phải liên hệ", "6 hồ sơ tiếp nhận: 0 nộp trực tuyến, 6 tại Bộ phận Một cửa", "1 / 2"},
			6: {"Công khai thủ tục hành chính (giấy và điện tử)", "Công khai điện tử: có; chưa nhập việc niêm yết bằng giấy", "Chưa có dữ liệu"},
			7: {"Thái độ, hành vi của cán bộ, công chức (phản ánh, kiến nghị được xác minh)", "Chưa nhập số phản ánh về thái độ cán bộ đã được xác minh", "Chưa có dữ liệu"},
			8: {"Tiếp nhận, xử lý phản ánh, kiến nghị đúng hạn", "Chưa nhập số phản ánh, kiến nghị", "Chưa có dữ liệu"},
		}
		for n, w := range want {
			if rows[n] != w {
				t.Errorf("criterion %d: %+v, want %+v", n, rows[n], w)
			}
		}
		if rows[5].points != "Chưa có dữ liệu" || !strings.HasPrefix(rows[5].inputs, "Đơn vị có ") {
			t.Errorf("criterion 5: %+v", rows[5])
		}
		if rows[9].points != "0 / 2" || !strings.Contains(rows[9].inputs, "0 trên 6 hồ sơ nộp trực tuyến") {
			t.Errorf("criterion 9: %+v", rows[9])
		}
		if !strings.HasSuffix(rows[2].points, " / 2") {
			t.Errorf("criterion 2 has no score: %+v", rows[2])
		}
		for _, w := range []string{"Đánh giá theo Thông tư 01/2018/TT-VPCP", "Chưa xếp loại: còn 4 tiêu chí chưa có dữ liệu",
			"01/2018/TT-VPCP, v1", `<caption id="assessment-c">`, `<th scope="col">Tiêu chí</th>`,
			`<a href="/can-bo/thong-ke/danh-gia?month=2026-03&amp;unit=` + testdb.Dept + `">Nhập số liệu tiêu chí 5–8</a>`} {
			if !strings.Contains(sec, w) {
				t.Errorf("the section lacks %q", w)
			}
		}
		if n := strings.Count(sec, "Chưa có dữ liệu"); n != 4 {
			t.Errorf("%d criteria without data, want 4", n)
		}
		if strings.Contains(sec, "(nhập tay)") || strings.Contains(sec, "Xếp loại:") || strings.Contains(sec, "Đã lưu") {
			t.Error("entered figures, a grade or a confirmation before anything was entered")
		}
		// As of a past day the other sections are hidden, this one too.
		if _, body := manager.get(t, "/can-bo/thong-ke?"+march+"&as_of=2026-03-03"); strings.Contains(body, `id="assessment"`) {
			t.Error("the assessment shown with recomputed figures")
		}

		// The form: the unit and month, empty fields, each with its label and hint.
		status, form := manager.get(t, "/can-bo/thong-ke/danh-gia?month=2026-03&unit="+testdb.Dept)
		if status != http.StatusOK {
			t.Fatalf("form: %d\n%s", status, form)
		}
		officerNoRawKeys(t, form)
		for _, w := range []string{"Sở Tư pháp, tháng 03/2026", `name="csrf"`, `<input type="hidden" name="month" value="2026-03">`,
			`<label for="one_stop">Số thủ tục giải quyết trọn vẹn tại Bộ phận Một cửa</label>`,
			`<label for="paper">Đã niêm yết công khai thủ tục bằng giấy tại Bộ phận Một cửa</label>`,
			`<label for="complaints">Số phản ánh về thái độ cán bộ đã được xác minh đúng</label>`,
			`<label for="feedback">Số phản ánh, kiến nghị đã tiếp nhận</label>`,
			`<label for="feedback_on_time">Số phản ánh, kiến nghị đã xử lý đúng hạn</label>`,
			`<legend><h3>Tiêu chí 8: Tiếp nhận, xử lý phản ánh, kiến nghị đúng hạn</h3></legend>`,
			`id="complaints" name="complaints" value=""`, `aria-describedby="complaints-hint"`,
			`href="/can-bo/thong-ke?from=2026-03-01&amp;to=2026-03-31&amp;unit=` + testdb.Dept + `"`} {
			if !strings.Contains(form, w) {
				t.Errorf("the form lacks %q", w)
			}
		}
		// Without a month: this month.
		if _, form := manager.get(t, "/can-bo/thong-ke/danh-gia"); !strings.Contains(form, `value="2026-03"`) {
			t.Error("the form's default month is not this month")
		}

		who := s.F.Users["manager"]
		marchStart := time.Date(2026, 3, 1, 0, 0, 0, 0, calendar.Zone)
		entries := func() map[string]int64 {
			t.Helper()
			e, err := s.F.Store.AssessmentEntries(ctx, who, testdb.Dept, marchStart)
			if err != nil {
				t.Fatal(err)
			}
			return e
		}
		marchFilter := store.SummaryFilter{Unit: testdb.Dept, From: marchStart, To: marchStart.AddDate(0, 1, 0)}
		before, err := s.F.Store.Assessment(ctx, who, marchFilter)
		if err != nil {
			t.Fatal(err)
		}
		procs := strconv.Itoa(before.Facts.Procedures)
		// entryForm is the saved entries with some fields changed; a new one for each post, which
		// adds its client's CSRF token.
		entryForm := func(set map[string]string) url.Values {
			v := url.Values{"unit": {testdb.Dept}, "month": {"2026-03"}, "one_stop": {procs}, "paper": {"1"},
				"complaints": {"0"}, "feedback": {"10"}, "feedback_on_time": {"9"}}
			for k, x := range set {
				v.Set(k, x)
			}
			return v
		}
		resp, _ := manager.post(t, "/can-bo/thong-ke/danh-gia", entryForm(nil))
		back := "/can-bo/thong-ke?from=2026-03-01&to=2026-03-31&unit=" + testdb.Dept + "&ok=danh-gia#assessment"
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != back {
			t.Fatalf("save: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		saved := map[string]int64{"one_stop": int64(before.Facts.Procedures), "paper": 1, "complaints": 0, "feedback": 10, "feedback_on_time": 9}
		if got := entries(); !maps.Equal(got, saved) {
			t.Fatalf("saved %v, want %v", got, saved)
		}
		_, body = manager.get(t, strings.TrimSuffix(back, "#assessment"))
		officerNoRawKeys(t, body)
		sec, rows = assessmentSection(t, body)
		// attitude: no complaint, A early → (2 + 1) / 2; feedback 90 % on time → 1.
		for n, w := range map[int]string{5: "2 / 2", 6: "2 / 2", 7: "1,5 / 2", 8: "1 / 2"} {
			if rows[n].points != w || !strings.HasSuffix(rows[n].inputs, "(nhập tay)") {
				t.Errorf("criterion %d after the entries: %+v, want %s (nhập tay)", n, rows[n], w)
			}
		}
		if rows[8].inputs != "9 trên 10 phản ánh, kiến nghị được xử lý đúng hạn (nhập tay)" {
			t.Errorf("criterion 8 inputs: %q", rows[8].inputs)
		}
		after, err := s.F.Store.Assessment(ctx, who, marchFilter)
		if err != nil || after.Sheet.Grade == "" {
			t.Fatalf("the store's sheet: %v %+v", err, after.Sheet)
		}
		grades := map[string]string{"excellent": "Rất tốt", "good": "Tốt", "fair": "Khá", "average": "Trung bình", "weak": "Yếu"}
		total := strings.Replace(strconv.FormatFloat(after.Sheet.Total, 'f', -1, 64), ".", ",", 1)
		for _, w := range []string{"Đã lưu", "Xếp loại: " + grades[after.Sheet.Grade], "<td><strong>" + total + "\u00a0/\u00a018</strong></td>"} {
			if !strings.Contains(sec, w) {
				t.Errorf("after the entries the section lacks %q", w)
			}
		}
		if strings.Contains(sec, "Chưa có dữ liệu") || strings.Contains(sec, "Chưa xếp loại") {
			t.Error("still criteria without data")
		}
		// The confirmation is for the redirect only.
		if _, body := manager.get(t, "/can-bo/thong-ke?"+march); strings.Contains(body, "Đã lưu") {
			t.Error("the confirmation on a plain visit")
		}
		// The form shows what was entered.
		_, form = manager.get(t, "/can-bo/thong-ke/danh-gia?month=2026-03&unit="+testdb.Dept)
		for _, w := range []string{`id="one_stop" name="one_stop" value="` + procs + `"`, `<option value="1" selected>`,
			`id="feedback" name="feedback" value="10"`, `id="feedback_on_time" name="feedback_on_time" value="9"`} {
			if !strings.Contains(form, w) {
				t.Errorf("the filled form lacks %q", w)
			}
		}

		// Refused: the error next to its field, what was typed shown back, nothing saved.
		for _, c := range []struct {
			field string
			set   map[string]string
			msg   string
		}{
			{"complaints", map[string]string{"complaints": "ba", "one_stop": "0"}, "Số phản ánh về thái độ cán bộ đã được xác minh đúng: nhập một số nguyên"},
			{"complaints", map[string]string{"complaints": "-1", "one_stop": "0"}, "Số phản ánh về thái độ cán bộ đã được xác minh đúng: nhập một số từ 0 đến 1000000."},
			{"feedback_on_time", map[string]string{"feedback": "5", "feedback_on_time": "11"}, "không được lớn hơn số phản ánh"},
			{"paper", map[string]string{"paper": "2", "one_stop": "0"}, "Đã niêm yết công khai thủ tục bằng giấy tại Bộ phận Một cửa: chọn “Có, đã niêm yết”"},
		} {
			resp, body := manager.post(t, "/can-bo/thong-ke/danh-gia", entryForm(c.set))
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%v: %d", c.set, resp.StatusCode)
				continue
			}
			officerNoRawKeys(t, body)
			if !strings.Contains(body, `<p class="field-error" id="`+c.field+`-error">`) || !strings.Contains(body, `<a href="#`+c.field+`">`) ||
				!strings.Contains(body, `aria-describedby="`+c.field+`-hint `+c.field+`-error"`) || !strings.Contains(body, c.msg) {
				t.Errorf("%v: no error %q next to %s\n%s", c.set, c.msg, c.field, body)
			}
			if v := c.set[c.field]; c.field != "paper" && !strings.Contains(body, `name="`+c.field+`" value="`+v+`"`) {
				t.Errorf("%v: %q not shown back", c.set, v)
			}
			if got := entries(); !maps.Equal(got, saved) {
				t.Errorf("%v: saved %v", c.set, got)
			}
		}
		for _, c := range []struct{ query, field string }{
			{"unit=" + testdb.Other + "&month=2026-03", "unit"},
			{"unit=" + testdb.Dept + "&month=03/2026", "month"},
			{"unit=" + testdb.Dept + "&month=2026-04", "month"}, // not yet
		} {
			if status, body := manager.get(t, "/can-bo/thong-ke/danh-gia?"+c.query); status != http.StatusUnprocessableEntity ||
				!strings.Contains(body, `id="`+c.field+`-error"`) || strings.Contains(body, `name="one_stop"`) {
				t.Errorf("%s: %d, no error next to %s", c.query, status, c.field)
			}
		}
		other := url.Values{"unit": {testdb.Other}, "month": {"2026-03"}, "paper": {"1"}}
		if resp, _ := manager.post(t, "/can-bo/thong-ke/danh-gia", other); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("another unit's entries: %d", resp.StatusCode)
		}

		// An empty field clears that figure: paper gone, criterion 6 without data again.
		if resp, _ := manager.post(t, "/can-bo/thong-ke/danh-gia", entryForm(map[string]string{"paper": ""})); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("clear: %d", resp.StatusCode)
		}
		delete(saved, "paper")
		if got := entries(); !maps.Equal(got, saved) {
			t.Errorf("after clearing paper: %v", got)
		}
		if _, body := manager.get(t, "/can-bo/thong-ke?"+march); !strings.Contains(body, "Chưa xếp loại: còn 1 tiêu chí chưa có dữ liệu") {
			t.Error("paper cleared, still graded")
		}

		// A processing officer sees no figures and enters none.
		officer := s.officerAs(t, "officer")
		if status, body := officer.get(t, "/can-bo/thong-ke/danh-gia?month=2026-03&unit="+testdb.Dept); status != http.StatusForbidden || !strings.Contains(body, "Chỉ lãnh đạo") {
			t.Errorf("officer's form: %d", status)
		}
		officer.get(t, "/can-bo") // a page with a form: the CSRF cookie
		if resp, body := officer.post(t, "/can-bo/thong-ke/danh-gia", entryForm(nil)); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "Chỉ lãnh đạo") {
			t.Errorf("officer's entries: %d", resp.StatusCode)
		}
		if got := entries(); !maps.Equal(got, saved) {
			t.Errorf("the officer changed the entries: %v", got)
		}

		// English.
		en := s.officerAs(t, "manager")
		en.get(t, "/ngon-ngu/en")
		_, form = en.get(t, "/can-bo/thong-ke/danh-gia?month=2026-03&unit="+testdb.Dept)
		officerNoRawKeys(t, form)
		for _, w := range []string{"Figures of criteria 5–8 (Circular 01/2018/TT-VPCP)", "Sở Tư pháp, 03/2026",
			`<label for="one_stop">Procedures handled end to end at the one-stop desk</label>`,
			`<label for="paper">Procedures posted on paper at the one-stop desk</label>`,
			`<label for="complaints">Complaints about staff conduct found true</label>`,
			`<label for="feedback">Feedback and petitions received</label>`,
			`<label for="feedback_on_time">Feedback and petitions answered on time</label>`,
			"Criterion 8: Feedback and petitions answered on time", "Save the figures"} {
			if !strings.Contains(form, w) {
				t.Errorf("the English form lacks %q", w)
			}
		}
		if resp, body := en.post(t, "/can-bo/thong-ke/danh-gia", entryForm(map[string]string{"feedback": "ten"})); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Feedback and petitions received: enter a whole number") {
			t.Errorf("English error: %d", resp.StatusCode)
		}
		_, body = en.get(t, "/can-bo/thong-ke?"+march)
		sec, rows = assessmentSection(t, body)
		for _, w := range []string{"Assessment under Circular 01/2018/TT-VPCP", "Not graded: no data yet for 1 of the nine criteria",
			"Enter the figures of criteria 5–8", "Total of the criteria with data"} {
			if !strings.Contains(sec, w) {
				t.Errorf("the English section lacks %q", w)
			}
		}
		if rows[1] != (assessmentRowT{"Total processing time against the legal time", "Early 1, on time 0, late 1 of 2 solved dossiers", "1 / 2"}) ||
			rows[7].points != "1.5 / 2" || !strings.HasSuffix(rows[7].inputs, "(entered)") {
			t.Errorf("English rows: %+v %+v", rows[1], rows[7])
		}
	})
}
