package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/workflow"
)

// adminAs gives the site a fresh browser signed in as a fixture user.
func adminAs(t *testing.T, s *site, name string) { adminSignIn(t, s, name, "password-"+name) }

func adminSignIn(t *testing.T, s *site, name, password string) {
	t.Helper()
	s.Client = newClient()
	s.get(t, "/dang-nhap")
	resp, body := s.post(t, "/dang-nhap", url.Values{"username": {name}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d\n%s", name, resp.StatusCode, body)
	}
}

// adminPost posts a form and fails unless the answer has the status.
func adminPost(t *testing.T, s *site, path string, form url.Values, want int) (*http.Response, string) {
	t.Helper()
	resp, body := s.post(t, path, form)
	if resp.StatusCode != want {
		t.Fatalf("POST %s: %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	return resp, body
}

// adminUpload posts a multipart form with one file.
func adminUpload(t *testing.T, s *site, path, field, filename string, content []byte, extra url.Values) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", s.csrf(t))
	for k, vs := range extra {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if filename != "" {
		fw, err := mw.CreateFormFile(field, filename)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := s.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// rawKey finds a message key shown as itself, which text() does for a key nobody registered.
var rawKey = regexp.MustCompile(`\b(admin|error)\.[a-z_]+(\.[a-z_0-9]+)*\b`)

// fieldError reports whether the page shows msg next to the input with that id.
func fieldError(body, id, msg string) bool {
	i := strings.Index(body, `id="`+id+`-error">`)
	return i >= 0 && strings.Contains(body[i:min(len(body), i+600)], msg)
}

func TestAdminAuthorisation(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		s.get(t, "/")
		resp, _ := s.Client.Get(s.URL + "/quan-tri/don-vi")
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/dang-nhap?next=") {
			t.Fatalf("signed out: %d %q", resp.StatusCode, loc)
		}
		uid := fmt.Sprint(s.F.Users["intake"].ID)
		pages := []string{"/quan-tri", "/quan-tri/don-vi", "/quan-tri/don-vi/" + testdb.Dept, "/quan-tri/don-vi/moi",
			"/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung/moi", "/quan-tri/nguoi-dung/" + uid,
			"/quan-tri/thu-tuc", "/quan-tri/thu-tuc/moi", "/quan-tri/thu-tuc/nhap", "/quan-tri/thu-tuc/" + testdb.ProcCode,
			"/quan-tri/thu-tuc/" + testdb.ProcCode + "/phien-ban/1", "/quan-tri/thu-tuc/" + testdb.ProcCode + "/quy-trinh",
			"/quan-tri/ngay-nghi", "/quan-tri/chinh-sach"}
		adminOnly := map[string]bool{"/quan-tri/don-vi/moi": true, "/quan-tri/nguoi-dung/moi": true,
			"/quan-tri/nguoi-dung/" + uid: true, "/quan-tri/thu-tuc/moi": true, "/quan-tri/thu-tuc/nhap": true}
		posts := []struct {
			path string
			form url.Values
		}{
			{"/quan-tri/don-vi/moi", url.Values{"code": {"000.00.09.H62"}, "name": {"X"}, "level": {"2"}}},
			{"/quan-tri/don-vi/" + testdb.Dept, url.Values{"name": {"X"}, "level": {"2"}}},
			{"/quan-tri/don-vi/" + testdb.Dept + "/giai-the", url.Values{"at": {"2026-06-01"}}},
			{"/quan-tri/nguoi-dung/moi", url.Values{"username": {"x.y"}, "full_name": {"X"}, "password": {"password-x"}, "role-0": {"administrator"}}},
			{"/quan-tri/nguoi-dung/" + uid + "/mat-khau", url.Values{"password": {"new-password-1"}}},
			{"/quan-tri/thu-tuc/" + testdb.ProcCode, url.Values{"name": {"X"}}},
			{"/quan-tri/chinh-sach", url.Values{"name": {"max_reschedules"}, "value": {"1"}, "from": {"2026-01-01"}}},
			{"/quan-tri/don-vi/" + testdb.Other + "/quay", url.Values{"counters": {"Quầy 9"}}},
		}
		for _, who := range []string{"intake", "officer", "leader", "citizen", "manager", "admin"} {
			adminAs(t, s, who)
			for _, p := range pages {
				want := http.StatusForbidden
				switch {
				case who == "admin", who == "manager" && !adminOnly[p]:
					want = http.StatusOK
				}
				code, body := s.get(t, p)
				if code != want {
					t.Errorf("%s GET %s: %d, want %d\n%.300s", who, p, code, want, body)
				}
				if k := rawKey.FindString(body); k != "" {
					t.Errorf("%s GET %s: message key %s has no text", who, p, k)
				}
			}
			if who == "admin" {
				continue
			}
			for _, p := range posts {
				if resp, _ := s.post(t, p.path, p.form); resp.StatusCode != http.StatusForbidden {
					t.Errorf("%s POST %s: %d, want 403", who, p.path, resp.StatusCode)
				}
			}
		}
		// Nothing the refused posts asked for happened.
		if u, err := s.F.Store.Unit(context.Background(), testdb.Dept); err != nil || u.Name != "Sở Tư pháp" || u.ValidTo != nil {
			t.Fatalf("a refused post changed the unit: %+v %v", u, err)
		}
		if u, err := s.F.Store.Unit(context.Background(), testdb.Other); err != nil || len(u.Counters) != 0 {
			t.Fatalf("a manager set another unit's counters: %+v %v", u, err)
		}
	})
}

func TestAdminCentreManagerSetsCountersOfTheirUnit(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		adminAs(t, s, "manager")
		_, body := s.get(t, "/quan-tri/don-vi/"+testdb.Dept)
		if !strings.Contains(body, `action="/quan-tri/don-vi/`+testdb.Dept+`/quay"`) || strings.Contains(body, `id="name"`) {
			t.Fatal("the manager's unit page should offer the counters form and nothing else")
		}
		if _, body := s.get(t, "/quan-tri/don-vi/"+testdb.Other); strings.Contains(body, "/quay\"") {
			t.Fatal("a counters form on a unit the manager does not manage")
		}
		_, body = adminPost(t, s, "/quan-tri/don-vi/"+testdb.Dept+"/quay", url.Values{"counters": {"Quầy 1\nQuầy 1"}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "counters", "hai lần") {
			t.Fatalf("duplicate counter not shown next to the field\n%s", body)
		}
		adminPost(t, s, "/quan-tri/don-vi/"+testdb.Dept+"/quay", url.Values{"counters": {"Quầy 1\r\n  Quầy 2 \n\n"}}, http.StatusSeeOther)
		u, _ := s.F.Store.Unit(context.Background(), testdb.Dept)
		if strings.Join(u.Counters, "|") != "Quầy 1|Quầy 2" {
			t.Fatalf("counters: %q", u.Counters)
		}
		// The manager's user list shows only people at the units they manage.
		_, body = s.get(t, "/quan-tri/nguoi-dung")
		if !strings.Contains(body, ">intake<") && !strings.Contains(body, "intake</td>") {
			t.Fatalf("the manager does not see their officers\n%s", body)
		}
		if strings.Contains(body, "other.intake") || strings.Contains(body, "citizen2") {
			t.Fatal("the manager sees accounts of other units")
		}
	})
}

func TestAdminUnits(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		adminAs(t, s, "admin")
		for _, tc := range []struct {
			name  string
			form  url.Values
			field string
			msg   string
		}{
			{"bad code", url.Values{"code": {"12.H"}, "name": {"UBND xã Mới"}, "level": {"3"}}, "code", "định dạng"},
			{"existing code", url.Values{"code": {testdb.Dept}, "name": {"Trùng"}, "level": {"2"}}, "code", "đã có"},
			{"no name", url.Values{"code": {"000.01.11.H62"}, "level": {"3"}}, "name", "Vui lòng nhập"},
			{"bad sessions", url.Values{"code": {"000.01.11.H62"}, "name": {"UBND xã Mới"}, "level": {"3"}, "sessions": {"13:00-11:00"}}, "sessions", "07:30-11:30"},
			{"unknown parent", url.Values{"code": {"000.01.11.H62"}, "name": {"UBND xã Mới"}, "level": {"3"}, "parent": {"000.00.99.H62"}}, "parent", "Không có đơn vị"},
		} {
			_, body := adminPost(t, s, "/quan-tri/don-vi/moi", tc.form, http.StatusUnprocessableEntity)
			if !fieldError(body, tc.field, tc.msg) {
				t.Errorf("%s: no %q next to %s\n%s", tc.name, tc.msg, tc.field, body)
			}
			if v := tc.form.Get("name"); v != "" && !strings.Contains(body, `value="`+v+`"`) {
				t.Errorf("%s: the typed name was not kept", tc.name)
			}
		}
		resp, _ := adminPost(t, s, "/quan-tri/don-vi/moi", url.Values{"code": {"000.01.11.H62"}, "name": {"UBND xã Mới"},
			"parent": {testdb.Province}, "level": {"3"}, "sessions": {"07:00-11:00,13:30-17:00"}, "counters": {"Quầy 1\nQuầy 2"},
			"address": {"Thôn 1"}, "phone": {"0211 3861 234"}}, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/quan-tri/don-vi/000.01.11.H62") {
			t.Fatalf("after create: %q", loc)
		}
		u, err := s.F.Store.Unit(ctx, "000.01.11.H62")
		if err != nil || u.ParentCode != testdb.Province || u.Sessions != "07:00-11:00,13:30-17:00" || len(u.Counters) != 2 || u.Phone != "0211 3861 234" {
			t.Fatalf("created: %+v %v", u, err)
		}
		if _, body := s.get(t, "/quan-tri/don-vi"); !strings.Contains(body, "UBND xã Mới") {
			t.Fatal("the new unit is not in the tree")
		}
		// Edit.
		_, body := adminPost(t, s, "/quan-tri/don-vi/000.01.11.H62", url.Values{"name": {"UBND xã Mới Đổi"}, "level": {"9"}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "level", "Cấp là số") {
			t.Fatalf("bad level not shown\n%s", body)
		}
		adminPost(t, s, "/quan-tri/don-vi/000.01.11.H62", url.Values{"name": {"UBND xã Mới Đổi"}, "level": {"3"}, "counters": {"Quầy A"}}, http.StatusSeeOther)
		if u, _ := s.F.Store.Unit(ctx, "000.01.11.H62"); u.Name != "UBND xã Mới Đổi" || u.Sessions != "" || u.ParentCode != testdb.Province || strings.Join(u.Counters, ",") != "Quầy A" {
			t.Fatalf("edited: %+v", u)
		}
		// Re-parent: not in the future, not under itself; then for real.
		_, body = adminPost(t, s, "/quan-tri/don-vi/000.01.11.H62/chuyen", url.Values{"parent": {testdb.Dept}, "from": {"2026-12-01"}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "reparent-from", "hiệu lực") {
			t.Fatalf("future re-parent not refused next to the date\n%s", body)
		}
		_, body = adminPost(t, s, "/quan-tri/don-vi/"+testdb.Province+"/chuyen", url.Values{"parent": {"000.01.11.H62"}, "from": {"2026-03-02"}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "reparent-parent", "chính nó") {
			t.Fatalf("loop not refused\n%s", body)
		}
		adminPost(t, s, "/quan-tri/don-vi/000.01.11.H62/chuyen", url.Values{"parent": {testdb.Dept}, "from": {"02/03/2026"}}, http.StatusSeeOther)
		if u, _ := s.F.Store.Unit(ctx, "000.01.11.H62"); u.ParentCode != testdb.Dept {
			t.Fatalf("re-parented: %+v", u)
		}
		if _, body := s.get(t, "/quan-tri/don-vi/000.01.11.H62"); !strings.Contains(body, "Sở Tư pháp") || !strings.Contains(body, "UBND tỉnh Vĩnh Phúc") {
			t.Fatal("the unit page shows neither the new parent nor the former one")
		}
		// Dissolve.
		_, body = adminPost(t, s, "/quan-tri/don-vi/000.01.11.H62/giai-the", url.Values{"at": {"hôm qua"}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "dissolve-at", "ngày/tháng/năm") {
			t.Fatalf("bad date not shown\n%s", body)
		}
		adminPost(t, s, "/quan-tri/don-vi/000.01.11.H62/giai-the", url.Values{"at": {"2026-07-01"}}, http.StatusSeeOther)
		if u, _ := s.F.Store.Unit(ctx, "000.01.11.H62"); u.ValidTo == nil {
			t.Fatalf("not dissolved: %+v", u)
		}
	})
}

func TestAdminUsers(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		adminAs(t, s, "admin")
		if _, body := s.get(t, "/quan-tri/nguoi-dung/moi"); !strings.Contains(body, `id="role-1"`) || !strings.Contains(body, `id="unit-1"`) {
			t.Fatal("the account form needs at least two role rows without JavaScript")
		}
		good := url.Values{"username": {"xa.tiepnhan"}, "full_name": {"Nguyễn Văn Xã"}, "password": {"mat-khau-tot"},
			"role-0": {"intake_officer"}, "unit-0": {testdb.Commune}, "role-1": {"processing_officer"}, "unit-1": {testdb.Commune},
			"role-2": {""}, "unit-2": {""}}
		for _, tc := range []struct {
			name, key, value, field, msg string
		}{
			{"bad username", "username", "Xa Tiep Nhan", "username", "chữ thường"},
			{"taken username", "username", "intake", "username", "đã có người dùng"},
			{"short password", "password", "ngan", "password", "8 ký tự"},
			{"officer without unit", "unit-1", "", "unit-1", "Chọn đơn vị"},
			{"unknown role", "role-0", "boss", "role-0", "Chọn một vai trò"},
		} {
			f := url.Values{}
			for k, v := range good {
				f[k] = v
			}
			f.Set(tc.key, tc.value)
			_, body := adminPost(t, s, "/quan-tri/nguoi-dung/moi", f, http.StatusUnprocessableEntity)
			if !fieldError(body, tc.field, tc.msg) {
				t.Errorf("%s: no %q next to %s\n%s", tc.name, tc.msg, tc.field, body)
			}
			if strings.Contains(body, "mat-khau-tot") {
				t.Errorf("%s: the password was echoed back", tc.name)
			}
		}
		resp, _ := adminPost(t, s, "/quan-tri/nguoi-dung/moi", good, http.StatusSeeOther)
		loc := resp.Header.Get("Location")
		u, err := s.F.Store.UserByUsername(ctx, "xa.tiepnhan")
		if err != nil || len(u.Roles) != 2 || u.FullName != "Nguyễn Văn Xã" || !strings.HasPrefix(loc, fmt.Sprintf("/quan-tri/nguoi-dung/%d", u.ID)) {
			t.Fatalf("created: %+v %v %q", u, err, loc)
		}
		if _, body := s.get(t, "/quan-tri/nguoi-dung?q=nguyen+van+xa"); !strings.Contains(body, "xa.tiepnhan") || strings.Contains(body, ">leader<") {
			t.Fatalf("search without diacritics\n%s", body)
		}
		// Edit: drop a role, add another; the edit form has the roles plus empty rows.
		path := fmt.Sprintf("/quan-tri/nguoi-dung/%d", u.ID)
		if _, body := s.get(t, path); !strings.Contains(body, `id="role-3"`) {
			t.Fatal("the edit form has no empty rows after the two roles")
		}
		adminPost(t, s, path, url.Values{"full_name": {"Nguyễn Văn Xã"}, "role-0": {"leader"}, "unit-0": {testdb.Commune},
			"role-1": {""}, "unit-1": {""}}, http.StatusSeeOther)
		if u, _ := s.F.Store.UserByID(ctx, u.ID); len(u.Roles) != 1 || u.Roles[0].Role != workflow.Leader {
			t.Fatalf("edited roles: %+v", u.Roles)
		}
		_, body := adminPost(t, s, path, url.Values{"full_name": {"X"}, "role-0": {"administrator"}, "unit-0": {testdb.Dept}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "unit-0", "không gắn với đơn vị") {
			t.Fatalf("administrator at a unit not refused\n%s", body)
		}
		// Nobody removes their own administrator role.
		self := fmt.Sprintf("/quan-tri/nguoi-dung/%d", s.F.Users["admin"].ID)
		_, body = adminPost(t, s, self, url.Values{"full_name": {"admin"}, "role-0": {"leader"}, "unit-0": {testdb.Dept}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "role-0", "tự bỏ") {
			t.Fatalf("self-demotion not refused\n%s", body)
		}
		// Reset the password, then sign in with it.
		_, body = adminPost(t, s, path+"/mat-khau", url.Values{"password": {"short"}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "password", "8 ký tự") {
			t.Fatalf("short password not refused\n%s", body)
		}
		// The account is signed in elsewhere; the reset ends that session.
		adminClient := s.Client
		adminSignIn(t, s, "xa.tiepnhan", "mat-khau-tot")
		elsewhere := s.Client
		if code, _ := s.get(t, "/can-bo"); code != http.StatusOK {
			t.Fatalf("the new leader's workspace: %d", code)
		}
		s.Client = adminClient
		adminPost(t, s, path+"/mat-khau", url.Values{"password": {"mat-khau-moi-1"}}, http.StatusSeeOther)
		s.Client = elsewhere
		if code, _ := s.get(t, "/can-bo"); code != http.StatusSeeOther {
			t.Fatalf("still signed in after the reset: %d", code)
		}
		s.Client = adminClient
		if _, err := s.F.Store.Authenticate(ctx, "xa.tiepnhan", "mat-khau-moi-1"); err != nil {
			t.Fatalf("the new password does not work: %v", err)
		}
	})
}

func TestAdminProcedures(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		adminAs(t, s, "admin")
		path := "/quan-tri/thu-tuc/" + testdb.ProcCode
		_, body := s.get(t, path)
		if !strings.Contains(body, `name="base" value="1"`) || !strings.Contains(body, `id="time-counter"`) {
			t.Fatalf("edit form\n%s", body)
		}
		form := func() url.Values {
			return url.Values{"base": {"1"}, "name": {"Cấp Phiếu lý lịch tư pháp số 1"}, "field_code": {"LLTP"}, "field_name": {"Lý lịch tư pháp"},
				"levels": {"1"}, "online_level": {"toan_trinh"},
				"ch-counter": {"1"}, "time-counter": {"3"}, "tunit-counter": {"working_day"}, "fee-counter": {"200.000"},
				"ch-online": {"1"}, "time-online": {"2,5"}, "tunit-online": {"working_day"},
				"unit_codes": {testdb.Dept + "\n" + testdb.Other}, "results": {"Phiếu lý lịch tư pháp"}}
		}
		for _, tc := range []struct {
			name, key, value, field, msg string
		}{
			{"zero time", "time-counter", "0", "time-counter", "lớn hơn 0"},
			{"no name", "name", "", "name", "Vui lòng nhập"},
			{"no level", "levels", "", "levels", "cấp thực hiện"},
			{"online level without online channel", "ch-online", "", "online_level", "phải nhận hồ sơ trực tuyến"},
			{"unknown unit", "unit_codes", "000.00.77.H62", "unit_codes", "000.00.77.H62"},
			{"negative fee", "fee-counter", "-5", "fee-counter", "không âm"},
		} {
			f := form()
			f.Set(tc.key, tc.value)
			if tc.value == "" {
				f.Del(tc.key)
			}
			_, body := adminPost(t, s, path, f, http.StatusUnprocessableEntity)
			if !fieldError(body, tc.field, tc.msg) {
				t.Errorf("%s: no %q next to %s\n%s", tc.name, tc.msg, tc.field, body)
			}
		}
		resp, _ := adminPost(t, s, path, form(), http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); !strings.Contains(loc, "ok=saved-version") {
			t.Fatalf("after save: %q", loc)
		}
		p, err := s.F.Store.Procedure(ctx, testdb.ProcCode)
		if err != nil || p.Version != 2 || p.Name != "Cấp Phiếu lý lịch tư pháp số 1" || len(p.Channels) != 2 ||
			p.Channels[0].Time.Value != 3 || p.Channels[1].Time.Value != 2.5 || p.Channels[0].Fees[0].Amount != 200000 ||
			p.Channels[0].Fees[0].Description != "Lệ phí" || len(p.Cases) != 1 {
			t.Fatalf("saved: %+v %v", p, err)
		}
		// The same form again, from version 1: someone saved meanwhile.
		_, body = adminPost(t, s, path, form(), http.StatusUnprocessableEntity)
		if !strings.Contains(body, "vừa được người khác sửa") {
			t.Fatalf("stale edit not refused\n%s", body)
		}
		_, body = s.get(t, path)
		if !strings.Contains(body, path+"/phien-ban/1") || !strings.Contains(body, path+"/phien-ban/2") {
			t.Fatal("the versions are not listed")
		}
		if code, body := s.get(t, path+"/phien-ban/1"); code != 200 || !strings.Contains(body, "Cấp Phiếu lý lịch tư pháp<") {
			t.Fatalf("version 1: %d", code)
		}
		// Create.
		newForm := url.Values{"code": {"1.000999"}, "name": {"Đăng ký khai sinh"}, "levels": {"3"}, "online_level": {"truc_tiep"},
			"ch-counter": {"1"}, "time-counter": {"1"}, "tunit-counter": {"working_day"}, "unit_codes": {testdb.Commune},
			"documents": {"Tờ khai đăng ký khai sinh\nGiấy chứng sinh"}}
		bad := url.Values{}
		for k, v := range newForm {
			bad[k] = v
		}
		bad.Set("code", "1.99")
		_, body = adminPost(t, s, "/quan-tri/thu-tuc/moi", bad, http.StatusUnprocessableEntity)
		if !fieldError(body, "code", "1.000656") {
			t.Fatalf("bad code\n%s", body)
		}
		adminPost(t, s, "/quan-tri/thu-tuc/moi", newForm, http.StatusSeeOther)
		if p, err := s.F.Store.Procedure(ctx, "1.000999"); err != nil || p.Version != 1 || len(p.Cases[0].Documents) != 2 {
			t.Fatalf("created: %+v %v", p, err)
		}
		_, body = adminPost(t, s, "/quan-tri/thu-tuc/moi", newForm, http.StatusUnprocessableEntity)
		if !fieldError(body, "code", "đã có") {
			t.Fatalf("duplicate code\n%s", body)
		}
	})
}

func TestAdminImport(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		adminAs(t, s, "admin")
		s.get(t, "/quan-tri/thu-tuc/nhap")
		header := "code,name,levels,online_level,counter_days,online_days,unit_codes\n"
		good := "1.000101,Thủ tục một,2,mot_phan,5,5," + testdb.Dept + "\n"
		badUnit := "1.000102,Thủ tục hai,2,mot_phan,5,5,000.00.55.H62\n"
		code, body := adminUpload(t, s, "/quan-tri/thu-tuc/nhap", "file", "catalog.csv", []byte(header+good+badUnit), nil)
		if code != http.StatusUnprocessableEntity || !fieldError(body, "file", "row 3") {
			t.Fatalf("bad row: %d\n%s", code, body)
		}
		if _, err := s.F.Store.Procedure(ctx, "1.000101"); err == nil {
			t.Fatal("a refused file imported its good rows")
		}
		code, body = adminUpload(t, s, "/quan-tri/thu-tuc/nhap", "file", "catalog.txt", []byte(header+good), nil)
		if code != http.StatusUnprocessableEntity || !fieldError(body, "file", ".json") {
			t.Fatalf("wrong type: %d", code)
		}
		code, body = adminUpload(t, s, "/quan-tri/thu-tuc/nhap", "file", "", nil, nil)
		if code != http.StatusUnprocessableEntity || !fieldError(body, "file", "Chọn một tệp") {
			t.Fatalf("no file: %d", code)
		}
		code, body = adminUpload(t, s, "/quan-tri/thu-tuc/nhap", "file", "catalog.csv", []byte(header+good), nil)
		if code != http.StatusOK || !strings.Contains(body, "1 thủ tục") {
			t.Fatalf("good file: %d\n%s", code, body)
		}
		if _, err := s.F.Store.Procedure(ctx, "1.000101"); err != nil {
			t.Fatal(err)
		}
		js := `{"units":[{"code":"000.02.10.H62","name":"UBND xã Thử","parent_code":"` + testdb.Province + `","level":3}],"procedures":[]}`
		if code, body := adminUpload(t, s, "/quan-tri/thu-tuc/nhap", "file", "c.json", []byte(js), nil); code != http.StatusOK {
			t.Fatalf("json: %d\n%s", code, body)
		}
		if _, err := s.F.Store.Unit(ctx, "000.02.10.H62"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAdminProcessTemplate(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		adminAs(t, s, "admin")
		path := "/quan-tri/thu-tuc/" + testdb.ProcCode + "/quy-trinh"
		_, body := s.get(t, path)
		if !strings.Contains(body, `value="appraise"`) || !strings.Contains(body, `id="key-6"`) {
			t.Fatalf("the default process with two empty rows\n%s", body)
		}
		// 2 working days = 16 working hours.
		steps := func(hours ...string) url.Values {
			f := url.Values{"base": {"1"}}
			keys := []string{"receive", "check", "return"}
			roles := []string{"intake_officer", "processing_officer", "intake_officer"}
			units := []string{"receiving", "competent", "receiving"}
			for i := range keys {
				n := fmt.Sprint(i)
				f.Set("key-"+n, keys[i])
				f.Set("name-"+n, "Bước "+n)
				f.Set("role-"+n, roles[i])
				f.Set("unit-"+n, units[i])
				f.Set("hours-"+n, hours[i])
			}
			f.Set("key-3", "")
			return f
		}
		_, body = adminPost(t, s, path, steps("2", "15", "0"), http.StatusUnprocessableEntity)
		if !fieldError(body, "budgets", "17 giờ làm việc, vượt thời hạn luật định 16") {
			t.Fatalf("the sum rule is not shown next to the budgets\n%s", body)
		}
		f := steps("2", "14", "0")
		f.Set("role-0", "leader")
		_, body = adminPost(t, s, path, f, http.StatusUnprocessableEntity)
		if !fieldError(body, "role-0", "cán bộ tiếp nhận") {
			t.Fatalf("first step role\n%s", body)
		}
		f = steps("2", "x", "0")
		f.Set("key-2", "receive")
		_, body = adminPost(t, s, path, f, http.StatusUnprocessableEntity)
		if !fieldError(body, "hours-1", "số giờ") || !fieldError(body, "key-2", "bước khác") {
			t.Fatalf("row errors\n%s", body)
		}
		adminPost(t, s, path, steps("2", "13,5", "0"), http.StatusSeeOther)
		p, err := s.F.Store.Procedure(ctx, testdb.ProcCode)
		if err != nil || p.Version != 2 || p.Template == nil || len(p.Template.Steps) != 3 || p.Template.Steps[1].BudgetHours != 13.5 {
			t.Fatalf("saved: %+v %v", p.Template, err)
		}
		// Back to the default process.
		adminPost(t, s, path, url.Values{"base": {"2"}, "default": {"1"}}, http.StatusSeeOther)
		if p, _ := s.F.Store.Procedure(ctx, testdb.ProcCode); p.Version != 3 || p.Template != nil {
			t.Fatalf("default again: v%d %+v", p.Version, p.Template)
		}
	})
}

func TestAdminHolidaysAndPolicies(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		adminAs(t, s, "admin")
		_, body := s.get(t, "/quan-tri/ngay-nghi?nam=2026")
		if !strings.Contains(body, "02/09/2026") {
			t.Fatalf("the effective days off of 2026 should include National Day\n%s", body)
		}
		code, body := adminUpload(t, s, "/quan-tri/ngay-nghi", "file", "2027.json",
			[]byte(`{"year":2027,"off":["2027-01-01","2027-01-04"],"work":["2027-01-09"],"source":"Thông báo thử"}`), nil)
		if code != http.StatusSeeOther {
			t.Fatalf("load: %d\n%s", code, body)
		}
		if list, err := s.F.Store.Schedules(ctx); err != nil || len(list) != 1 || list[0].Year != 2027 {
			t.Fatalf("loaded: %+v %v", list, err)
		}
		_, body = s.get(t, "/quan-tri/ngay-nghi?nam=2027")
		if !strings.Contains(body, "04/01/2027") || !strings.Contains(body, "09/01/2027") || !strings.Contains(body, "Thông báo thử") {
			t.Fatalf("2027 as loaded\n%s", body)
		}
		code, body = adminUpload(t, s, "/quan-tri/ngay-nghi", "file", "", nil,
			url.Values{"body": {`{"year":2027,"off":["2028-01-01"]}`}})
		if code != http.StatusUnprocessableEntity || !fieldError(body, "file", "không hợp lệ") || !strings.Contains(body, "2028-01-01") {
			t.Fatalf("a day of another year: %d\n%s", code, body)
		}
		// Policies.
		s.get(t, "/quan-tri/chinh-sach")
		_, body = adminPost(t, s, "/quan-tri/chinh-sach", url.Values{"name": {"max_reschedules"}, "value": {"-1"}, "from": {"2026-07-01"}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "value", "số nguyên") {
			t.Fatalf("bad value\n%s", body)
		}
		_, body = adminPost(t, s, "/quan-tri/chinh-sach", url.Values{"name": {"max_reschedules"}, "value": {"2"}, "from": {"1 tháng 7"}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "from", "ngày/tháng/năm") {
			t.Fatalf("bad date\n%s", body)
		}
		adminPost(t, s, "/quan-tri/chinh-sach", url.Values{"name": {"max_reschedules"}, "value": {"2"}, "from": {"2026-07-01"}}, http.StatusSeeOther)
		if list, _ := s.F.Store.Policies(ctx); len(list) != 1 || list[0].Value != "2" {
			t.Fatalf("policies: %+v", list)
		}
		if _, body := s.get(t, "/quan-tri/chinh-sach"); !strings.Contains(body, "01/07/2026") {
			t.Fatal("the policy is not listed")
		}
	})
}

func TestAdminInEnglishAndCSRF(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		adminAs(t, s, "admin")
		resp, _ := s.Client.Get(s.URL + "/ngon-ngu/en?next=/quan-tri")
		resp.Body.Close()
		_, body := s.get(t, "/quan-tri/don-vi/moi")
		if !strings.Contains(body, "Add a unit") || !strings.Contains(body, "Agency code") {
			t.Fatal("the unit form is not in English")
		}
		_, body = adminPost(t, s, "/quan-tri/don-vi/moi", url.Values{"code": {"x"}, "name": {"X"}, "level": {"2"}}, http.StatusUnprocessableEntity)
		if !fieldError(body, "code", "national format") {
			t.Fatalf("the error is not in English\n%s", body)
		}
		resp, _ = s.post(t, "/quan-tri/chinh-sach", url.Values{"csrf": {"forged"}, "name": {"max_reschedules"}, "value": {"1"}, "from": {"2026-01-01"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("forged CSRF: %d", resp.StatusCode)
		}
	})
}
