package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// as is another browser on the same site, signed in as a fixture user.
func (s *site) officerAs(t *testing.T, name string) *site {
	t.Helper()
	c := &site{URL: s.URL, F: s.F, Client: newClient()}
	if resp, body := c.officerLogin(t, name, "password-"+name, ""); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d\n%s", name, resp.StatusCode, body)
	}
	return c
}

// login fills in the sign-in form.
func (s *site) officerLogin(t *testing.T, username, password, next string) (*http.Response, string) {
	t.Helper()
	s.get(t, "/dang-nhap")
	form := url.Values{"username": {username}, "password": {password}}
	if next != "" {
		form.Set("next", next)
	}
	return s.post(t, "/dang-nhap", form)
}

func (s *site) officerCookie(name string) *http.Cookie {
	u, _ := url.Parse(s.URL)
	for _, c := range s.Client.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// noRawKeys fails when a page shows a message key instead of its text.
func officerNoRawKeys(t *testing.T, body string) {
	t.Helper()
	if m := regexp.MustCompile(`\b(officer|login)\.[a-z_.]+[a-z]\b`).FindString(body); m != "" {
		t.Fatalf("the page shows the message key %q", m)
	}
}

func officerCounterDossier(t *testing.T, s *site, name string) dossier.Dossier {
	t.Helper()
	d, err := s.F.Store.CreateDossier(context.Background(), s.F.Users["intake"], store.NewDossier{
		ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: catalog.InPerson, Summary: "Cấp phiếu lý lịch tư pháp số 1",
		Applicant: dossier.Applicant{Name: name, IDNumber: "001090000001", Phone: "0912345678", Address: "Vĩnh Yên"}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var officerVersionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// page opens a dossier page and returns it with the version its forms carry.
func (s *site) officerPage(t *testing.T, code string) (string, int) {
	t.Helper()
	status, body := s.get(t, "/can-bo/ho-so/"+code)
	if status != http.StatusOK {
		t.Fatalf("dossier page %s: %d\n%s", code, status, body)
	}
	officerNoRawKeys(t, body)
	v := 0
	if m := officerVersionField.FindStringSubmatch(body); m != nil {
		v, _ = strconv.Atoi(m[1])
	}
	return body, v
}

func (s *site) officerAct(t *testing.T, code string, version int, action workflow.Action, fields url.Values) (*http.Response, string) {
	t.Helper()
	if fields == nil {
		fields = url.Values{}
	}
	fields.Set("action", string(action))
	fields.Set("version", strconv.Itoa(version))
	return s.post(t, "/can-bo/ho-so/"+code, fields)
}

func TestOfficerSignIn(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		// The workspace sends a stranger to sign in and back.
		resp, err := s.Client.Get(s.URL + "/can-bo?status=2")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/dang-nhap?next=%2Fcan-bo%3Fstatus%3D2" {
			t.Fatalf("signed out: %d %q", resp.StatusCode, loc)
		}
		cases := []struct {
			name, username, password string
			status                   int
			want                     []string
		}{
			{"empty", "", "", http.StatusUnprocessableEntity, []string{`id="username-error">Nhập tên đăng nhập.`, `id="password-error">Nhập mật khẩu.`, `href="#username"`}},
			{"wrong password", "intake", "password-officer", http.StatusUnauthorized, []string{`id="username-error">Tên đăng nhập hoặc mật khẩu không đúng.`, `value="intake"`}},
			{"unknown user", "nobody", "password-intake", http.StatusUnauthorized, []string{`id="username-error">Tên đăng nhập hoặc mật khẩu không đúng.`}},
		}
		for _, c := range cases {
			resp, body := s.officerLogin(t, c.username, c.password, "")
			if resp.StatusCode != c.status {
				t.Fatalf("%s: %d, want %d", c.name, resp.StatusCode, c.status)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Fatalf("%s: page lacks %q\n%s", c.name, w, body)
				}
			}
			if c.password != "" && strings.Contains(body, c.password) {
				t.Fatalf("%s: the password is echoed", c.name)
			}
			officerNoRawKeys(t, body)
		}
		// A foreign next is not followed.
		resp, _ = s.officerLogin(t, "intake", "password-intake", "//evil.example/")
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Fatalf("sign in: %d, to %q", resp.StatusCode, loc)
		}
		first := s.officerCookie("motcua_session")
		if first == nil || first.Value == "" {
			t.Fatal("no session cookie")
		}
		var set string
		for _, h := range resp.Header.Values("Set-Cookie") {
			if strings.HasPrefix(h, "motcua_session=") {
				set = h
			}
		}
		if !strings.Contains(set, "HttpOnly") || !strings.Contains(set, "SameSite=Lax") || strings.Contains(set, "Secure") {
			t.Fatalf("session cookie attributes (plain HTTP on loopback: not Secure): %s", set)
		}
		if code, body := s.get(t, "/can-bo"); code != http.StatusOK || !strings.Contains(body, "Hộp hồ sơ cần xử lý") {
			t.Fatalf("inbox after sign-in: %d", code)
		}
		// Signing in again rotates the session: the old value is dead.
		resp, _ = s.officerLogin(t, "intake", "password-intake", "/can-bo/ho-so/X")
		if loc := resp.Header.Get("Location"); loc != "/can-bo/ho-so/X" {
			t.Fatalf("next: %q", loc)
		}
		if second := s.officerCookie("motcua_session"); second == nil || second.Value == first.Value {
			t.Fatal("the session was not rotated on sign-in")
		}
		old := &site{URL: s.URL, Client: newClient()}
		u, _ := url.Parse(s.URL)
		old.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "motcua_session", Value: first.Value}})
		if code, _ := old.get(t, "/can-bo"); code != http.StatusSeeOther {
			t.Fatalf("the replaced session still works: %d", code)
		}
		// Signing out ends the session in the database, not only in this browser.
		stolen := s.officerCookie("motcua_session").Value
		s.post(t, "/dang-xuat", url.Values{})
		thief := &site{URL: s.URL, Client: newClient()}
		thief.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "motcua_session", Value: stolen}})
		if code, _ := thief.get(t, "/can-bo"); code != http.StatusSeeOther {
			t.Fatalf("a signed-out session still works: %d", code)
		}
		// An API token is not a session.
		tok, _ := s.F.Store.NewToken(context.Background(), s.F.Users["intake"].ID, 0)
		thief.Client.Jar.SetCookies(u, []*http.Cookie{{Name: "motcua_session", Value: tok}})
		if code, _ := thief.get(t, "/can-bo"); code != http.StatusSeeOther {
			t.Fatalf("an API token works as a session cookie: %d", code)
		}
	})
}

func TestOfficerSignInThrottling(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		start := testdb.At(9, 0)
		for i := 0; i < store.MaxAccountFailures; i++ {
			if resp, _ := s.officerLogin(t, "intake", "wrong", ""); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i, resp.StatusCode)
			}
		}
		resp, body := s.officerLogin(t, "intake", "password-intake", "")
		if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Tài khoản này đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 09:15 (khoảng 15 phút).") {
			t.Fatalf("account throttle: %d\n%s", resp.StatusCode, body)
		}
		if resp.Header.Get("Retry-After") != "900" {
			t.Fatalf("Retry-After %q", resp.Header.Get("Retry-After"))
		}
		// Another account from the same address is still served.
		if resp, _ := s.officerAs(t, "officer").officerLogin(t, "officer", "password-officer", ""); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("another account: %d", resp.StatusCode)
		}
		s.SetNow(start.Add(store.ThrottleWindow + time.Minute))
		if resp, _ := s.officerLogin(t, "intake", "password-intake", ""); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("after the lock: %d", resp.StatusCode)
		}
		// Per address: made-up accounts from one address.
		for i := 0; i < store.MaxAddressFailures; i++ {
			if resp, _ := s.officerLogin(t, fmt.Sprintf("guess%d", i), "x", ""); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d", i, resp.StatusCode)
			}
		}
		resp, body = s.officerLogin(t, "clerk", "password-clerk", "")
		if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "từ địa chỉ mạng này") {
			t.Fatalf("address throttle: %d\n%s", resp.StatusCode, body)
		}
		// Behind a proxy on this machine, the client's address (added by the proxy) is counted.
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/dang-nhap", strings.NewReader(url.Values{
			"username": {"clerk"}, "password": {"password-clerk"}, "csrf": {s.csrf(t)}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "198.51.100.23")
		fwd, err := s.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		fwd.Body.Close()
		if fwd.StatusCode != http.StatusSeeOther {
			t.Fatalf("another client behind the proxy: %d", fwd.StatusCode)
		}
	})
}

func TestOfficerSessionExpiry(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		start := testdb.At(9, 0)
		c := s.officerAs(t, "intake")
		s.SetNow(start.Add(store.SessionIdle - time.Minute))
		if code, _ := c.get(t, "/can-bo"); code != http.StatusOK {
			t.Fatalf("before the idle timeout: %d", code)
		}
		s.SetNow(start.Add(2*store.SessionIdle - 2*time.Minute)) // idle since the last page, not since sign-in
		if code, _ := c.get(t, "/can-bo"); code != http.StatusOK {
			t.Fatalf("the idle clock did not restart on use: %d", code)
		}
		s.SetNow(start.Add(3*store.SessionIdle + time.Minute))
		resp, err := c.Client.Get(s.URL + "/can-bo/ho-so/X")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dang-nhap?next=%2Fcan-bo%2Fho-so%2FX" {
			t.Fatalf("after the idle timeout: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		// A session in use every hour still ends at the absolute limit.
		s.SetNow(start)
		c = s.officerAs(t, "intake")
		for h := time.Hour; h < store.SessionLifetime; h += time.Hour {
			s.SetNow(start.Add(h))
			if code, _ := c.get(t, "/can-bo"); code != http.StatusOK {
				t.Fatalf("after %v: %d", h, code)
			}
		}
		s.SetNow(start.Add(store.SessionLifetime))
		if code, _ := c.get(t, "/can-bo"); code != http.StatusSeeOther {
			t.Fatalf("after the absolute limit: %d", code)
		}
	})
}

func TestSignOutEverywhere(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		office, phone := s.officerAs(t, "intake"), s.officerAs(t, "intake")
		colleague := s.officerAs(t, "officer")
		tok, _ := s.F.Store.NewToken(ctx, s.F.Users["intake"].ID, 0)
		api := func(token string) int {
			req, _ := http.NewRequest(http.MethodGet, s.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if api(tok) != http.StatusOK {
			t.Fatal("token does not work before")
		}
		_, body := office.get(t, "/can-bo")
		if !strings.Contains(body, "Bạn đang đăng nhập trên 2 thiết bị.") {
			t.Fatalf("device count missing:\n%s", body)
		}
		resp, _ := office.post(t, "/dang-xuat-moi-noi", url.Values{})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dang-nhap?da-dang-xuat=1" {
			t.Fatalf("sign out everywhere: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, body := office.get(t, "/dang-nhap?da-dang-xuat=1"); !strings.Contains(body, "Bạn đã đăng xuất trên mọi thiết bị") {
			t.Fatal("no confirmation")
		}
		for name, c := range map[string]*site{"office": office, "phone": phone} {
			if code, _ := c.get(t, "/can-bo"); code != http.StatusSeeOther {
				t.Fatalf("%s still signed in: %d", name, code)
			}
		}
		if code := api(tok); code != http.StatusUnauthorized {
			t.Fatalf("API token after sign-out everywhere: %d", code)
		}
		if code, _ := colleague.get(t, "/can-bo"); code != http.StatusOK {
			t.Fatalf("a colleague was signed out: %d", code)
		}
	})
}

func TestInboxAuthorisation(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		d := officerCounterDossier(t, s, "Nguyễn Thị <b>Hoa</b>")
		cases := []struct {
			who    string
			status int
			sees   bool
		}{
			{"intake", http.StatusOK, true},
			{"manager", http.StatusOK, true},
			{"officer", http.StatusOK, false}, // not its step yet
			{"other.intake", http.StatusOK, false},
			{"other.officer", http.StatusOK, false},
			{"citizen", http.StatusForbidden, false},
			{"admin", http.StatusForbidden, false},
		}
		for _, c := range cases {
			status, body := s.officerAs(t, c.who).get(t, "/can-bo")
			if status != c.status {
				t.Fatalf("%s: inbox %d, want %d\n%s", c.who, status, c.status, body)
			}
			officerNoRawKeys(t, body)
			if got := strings.Contains(body, d.Code); got != c.sees {
				t.Errorf("%s sees the dossier in the inbox: %v, want %v", c.who, got, c.sees)
			}
			if strings.Contains(body, "<b>Hoa</b>") {
				t.Fatalf("%s: the applicant's name is not escaped", c.who)
			}
			if c.status == http.StatusForbidden && !strings.Contains(body, "Khu vực dành cho cán bộ") {
				t.Errorf("%s: no explanation", c.who)
			}
		}
		// The dossier page answers as the API does: another unit's officer gets 404.
		for _, who := range []string{"other.intake", "other.officer"} {
			c := s.officerAs(t, who)
			status, body := c.get(t, "/can-bo/ho-so/"+d.Code)
			if status != http.StatusNotFound || strings.Contains(body, "Nguyễn Thị") {
				t.Fatalf("%s opens another unit's dossier: %d", who, status)
			}
			resp, _ := c.officerAct(t, d.Code, d.Version, workflow.Forward, nil)
			if resp.StatusCode != http.StatusNotFound {
				t.Fatalf("%s acts on another unit's dossier: %d", who, resp.StatusCode)
			}
		}
		if status, _ := s.officerAs(t, "intake").get(t, "/can-bo/ho-so/NOPE-000"); status != http.StatusNotFound {
			t.Fatalf("unknown dossier: %d", status)
		}
	})
}

func TestInboxUrgencyFiltersAndCounts(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		// Received 08:00: the receive step (45 working minutes) is due 08:45.
		s.SetNow(testdb.At(8, 0))
		late := officerCounterDossier(t, s, "Quá Hạn")
		// Received 09:45: due 10:30, within a working day of 10:00.
		s.SetNow(testdb.At(9, 45))
		soon := officerCounterDossier(t, s, "Sắp Hạn")
		// Forwarded to appraisal (8.75 working hours): more than a working day away.
		ok := officerCounterDossier(t, s, "Trong Hạn")
		if _, err := s.F.Store.Act(ctx, s.F.Users["intake"], ok.Code, dossier.Request{Action: workflow.Forward, Version: ok.Version}); err != nil {
			t.Fatal(err)
		}
		s.SetNow(testdb.At(10, 0))
		manager := s.officerAs(t, "manager")
		_, body := manager.get(t, "/can-bo")
		officerNoRawKeys(t, body)
		for _, w := range []string{
			`<span class="count-n">1</span> <span class="count-l">Quá hạn</span>`,
			`<span class="count-n">1</span> <span class="count-l">Sắp đến hạn</span>`,
			`<span class="count-n">1</span> <span class="count-l">Trong hạn</span>`,
			`<span class="count-n">3</span> <span class="count-l">Tất cả</span>`,
			`<span class="tag late">Quá hạn</span>`, `<span class="tag soon">Sắp đến hạn</span>`, `<span class="tag ok">Trong hạn</span>`,
			"Mọi hồ sơ đang giải quyết của đơn vị bạn quản lý",
		} {
			if !strings.Contains(body, w) {
				t.Fatalf("inbox lacks %q\n%s", w, body)
			}
		}
		li, si, oi := strings.Index(body, late.Code), strings.Index(body, soon.Code), strings.Index(body, ok.Code)
		if !(li < si && si < oi) {
			t.Fatalf("not sorted by urgency: late %d, soon %d, ok %d", li, si, oi)
		}
		filters := []struct {
			query string
			want  []string
		}{
			{"due=late", []string{late.Code}},
			{"due=soon", []string{soon.Code}},
			{"status=4", []string{ok.Code}},
			{"status=2&due=late", []string{late.Code}},
			{"procedure=" + testdb.ProcCode, []string{late.Code, soon.Code, ok.Code}},
			{"procedure=nope", nil},
			{"unit=" + testdb.Other, nil},
		}
		for _, f := range filters {
			_, body := manager.get(t, "/can-bo?"+f.query)
			for _, d := range []dossier.Dossier{late, soon, ok} {
				want := false
				for _, w := range f.want {
					want = want || w == d.Code
				}
				if got := strings.Contains(body, d.Code); got != want {
					t.Errorf("%s: dossier %s shown %v, want %v", f.query, d.Code, got, want)
				}
			}
			if len(f.want) == 0 && !strings.Contains(body, "Không có hồ sơ nào khớp bộ lọc.") {
				t.Errorf("%s: no empty-filter message", f.query)
			}
		}
		// The intake officer's own inbox: only what they can act on.
		_, body = s.officerAs(t, "intake").get(t, "/can-bo")
		if !strings.Contains(body, late.Code) || !strings.Contains(body, soon.Code) || strings.Contains(body, ok.Code) {
			t.Fatalf("intake inbox:\n%s", body)
		}
		// English.
		en := s.officerAs(t, "manager")
		en.get(t, "/ngon-ngu/en")
		if _, body := en.get(t, "/can-bo"); !strings.Contains(body, "Overdue") || !strings.Contains(body, "Due soon") {
			t.Fatal("no English inbox")
		}
	})
}

// TestDossierActionsThroughPages takes every action through the dossier page's forms, each by an
// officer the page offers it to.
func TestDossierActionsThroughPages(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		users := map[string]*site{}
		as := func(name string) *site {
			if users[name] == nil {
				users[name] = s.officerAs(t, name)
			}
			return users[name]
		}
		main := officerCounterDossier(t, s, "Lê Văn Chính")
		online, err := s.F.Store.CreateDossier(context.Background(), s.F.Users["citizen"], store.NewDossier{
			ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept, Channel: catalog.Online, Applicant: dossier.Applicant{Name: "Công Dân"}})
		if err != nil {
			t.Fatal(err)
		}
		refused, withdrawn, stopped := officerCounterDossier(t, s, "Từ Chối"), officerCounterDossier(t, s, "Rút"), officerCounterDossier(t, s, "Dừng")
		steps := []struct {
			who    string
			code   string
			action workflow.Action
			fields url.Values
			status workflow.Status
			gone   bool // the action takes the dossier out of the officer's units
		}{
			{"intake", main.Code, workflow.RequestSupplement, url.Values{"reason": {"Thiếu tờ khai"}, "documents": {"Tờ khai\r\nBản sao CCCD"}}, workflow.Supplement, false},
			{"intake", main.Code, workflow.RecordSupplement, nil, workflow.Received, false},
			{"officer", main.Code, workflow.RequestPayment, url.Values{"amount": {"200.000"}}, workflow.Payment, false},
			{"intake", main.Code, workflow.ConfirmPayment, url.Values{"note": {"Biên lai số 12"}}, workflow.Received, false},
			{"intake", main.Code, workflow.Forward, nil, workflow.Processing, false},
			{"officer", main.Code, workflow.Transfer, url.Values{"to_unit": {testdb.Other}, "reason": {"Xin ý kiến Sở Xây dựng"}}, workflow.Processing, false},
			{"other.officer", main.Code, workflow.TransferReturn, url.Values{"result": {"Thống nhất"}}, workflow.Processing, true},
			{"officer", main.Code, workflow.Forward, nil, workflow.Processing, false},
			{"leader", main.Code, workflow.SendBack, url.Values{"reason": {"Cần làm rõ"}}, workflow.Processing, false},
			{"officer", main.Code, workflow.Forward, nil, workflow.Processing, false},
			{"leader", main.Code, workflow.Reschedule, url.Values{"new_due": {"2026-03-10T16:00"}, "reason": {"Chờ xác minh"}}, workflow.Processing, false},
			{"leader", main.Code, workflow.Forward, nil, workflow.Processing, false},
			{"clerk", main.Code, workflow.Forward, nil, workflow.Done, false},
			{"intake", main.Code, workflow.ReturnResult, url.Values{"how": {"post"}, "postal_tracking": {"EB123456789VN"}}, workflow.Returned, false},
			{"intake", online.Code, workflow.Receive, nil, workflow.Received, false},
			{"intake", refused.Code, workflow.Refuse, url.Values{"reason": {"Không thuộc thẩm quyền"}}, workflow.Refused, false},
			{"intake", withdrawn.Code, workflow.Withdraw, url.Values{"reason": {"Công dân xin rút"}}, workflow.Withdrawn, false},
			{"leader", stopped.Code, workflow.Stop, url.Values{"reason": {"Phát hiện giả mạo"}}, workflow.Stopped, false},
		}
		for i, st := range steps {
			c := as(st.who)
			body, version := c.officerPage(t, st.code)
			formID := strings.ReplaceAll(string(st.action), "_", "-")
			if !strings.Contains(body, `<details class="action`) || !strings.Contains(body, `id="`+formID+`"`) {
				t.Fatalf("step %d: %s is not offered %s\n%s", i, st.who, st.action, body)
			}
			resp, body := c.officerAct(t, st.code, version, st.action, st.fields)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("step %d %s %s: %d\n%s", i, st.who, st.action, resp.StatusCode, body)
			}
			loc := resp.Header.Get("Location")
			if st.gone {
				if loc != "/can-bo?gone="+url.QueryEscape(st.code) {
					t.Fatalf("step %d: to %q", i, loc)
				}
				if _, body := c.get(t, loc); !strings.Contains(body, "không còn thuộc phạm vi xử lý của bạn") {
					t.Fatalf("step %d: no word on where the dossier went", i)
				}
				c = as("officer")
			} else {
				if loc != "/can-bo/ho-so/"+st.code+"?xong="+string(st.action) {
					t.Fatalf("step %d: to %q", i, loc)
				}
				if _, body := c.get(t, loc); !strings.Contains(body, "Đã thực hiện:") {
					t.Fatalf("step %d: no confirmation", i)
				}
			}
			body, _ = c.officerPage(t, st.code)
			if want := `<span class="tag status">` + st.status.Name() + `</span>`; !strings.Contains(body, want) {
				t.Fatalf("step %d %s: page lacks %q", i, st.action, want)
			}
		}
		d, err := s.F.Store.DossierByCode(context.Background(), main.Code)
		if err != nil || d.Reschedules != 1 || d.ReturnMethod != "post" || d.DueAt.Format(time.RFC3339) != "2026-03-10T16:00:00+07:00" {
			t.Fatalf("after the run: %+v %v", d, err)
		}
		// The process control slip has every hand-over and what happened in between.
		body, _ := as("intake").officerPage(t, main.Code)
		for _, w := range []string{"Phiếu kiểm soát quá trình giải quyết hồ sơ", "Thẩm định, thụ lý", "Phê duyệt",
			"Đóng dấu, ký số", "Công dân nhận kết quả", "Lý do: Xin ý kiến Sở Xây dựng", "Kết quả: Thống nhất",
			"Số tiền: 200.000 đ", "Giấy tờ: Tờ khai; Bản sao CCCD", "Hẹn trả: 09:00 04/03/2026 → 16:00 10/03/2026",
			"Hình thức: Qua bưu chính", "Ghi chú: Biên lai số 12", "Sở Xây dựng"} {
			if !strings.Contains(body, w) {
				t.Fatalf("slip lacks %q\n%s", w, body)
			}
		}
		if strings.Contains(body, `<details class="action`) {
			t.Fatal("a returned dossier still offers actions")
		}
		for _, w := range []string{"/can-bo/ho-so/" + main.Code + "/giay-tiep-nhan", "/can-bo/ho-so/" + main.Code + "/phieu-bo-sung"} {
			if !strings.Contains(body, `href="`+w+`"`) {
				t.Fatalf("no link to the slip %s", w)
			}
		}
		if body, _ := as("intake").officerPage(t, refused.Code); !strings.Contains(body, "/phieu-tu-choi") || strings.Contains(body, "/giay-tiep-nhan") {
			t.Fatal("refused dossier: wrong slip links")
		}
	})
}

func TestDossierStaleVersionRace(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		d := officerCounterDossier(t, s, "Hai Người")
		intake, officer, intake2 := s.officerAs(t, "intake"), s.officerAs(t, "officer"), s.officerAs(t, "intake")
		_, v1 := intake.officerPage(t, d.Code)
		_, v2 := officer.officerPage(t, d.Code)
		_, v3 := intake2.officerPage(t, d.Code)
		if v1 != d.Version || v2 != d.Version || v3 != d.Version {
			t.Fatalf("versions %d %d %d", v1, v2, v3)
		}
		if resp, _ := intake.officerAct(t, d.Code, v1, workflow.Forward, url.Values{"note": {"đủ hồ sơ"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first: %d", resp.StatusCode)
		}
		// The processing officer decided on what they saw before the forward.
		resp, body := officer.officerAct(t, d.Code, v2, workflow.RequestPayment, url.Values{"amount": {"50000"}})
		if resp.StatusCode != http.StatusConflict {
			t.Fatalf("stale: %d", resp.StatusCode)
		}
		for _, w := range []string{"CHƯA được thực hiện", "Thay đổi mới nhất: Chuyển bước tiếp theo — intake",
			`<span class="tag status">Đang xử lý</span>`, `name="version" value="` + strconv.Itoa(d.Version+1) + `"`,
			`value="50000"`} {
			if !strings.Contains(body, w) {
				t.Fatalf("stale answer lacks %q\n%s", w, body)
			}
		}
		// The same officer in a second tab forwards again on the old version: refused, not doubled.
		if resp, body := intake2.officerAct(t, d.Code, v3, workflow.Forward, nil); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "CHƯA được thực hiện") {
			t.Fatalf("double forward: %d", resp.StatusCode)
		}
		got, _ := s.F.Store.Dossier(context.Background(), s.F.Users["intake"], d.Code)
		var actions []workflow.Action
		for _, ev := range got.History {
			actions = append(actions, ev.Action)
		}
		if got.Version != d.Version+1 || got.Step != 1 || fmt.Sprint(actions) != "[intake forward]" {
			t.Fatalf("after the race: version %d step %d history %v", got.Version, got.Step, actions)
		}
	})
}

func TestDossierValidationErrorsNextToTheField(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		received := officerCounterDossier(t, s, "Sai Sót")
		processing := officerCounterDossier(t, s, "Đang Xử Lý")
		if _, err := s.F.Store.Act(ctx, s.F.Users["intake"], processing.Code, dossier.Request{Action: workflow.Forward, Version: processing.Version}); err != nil {
			t.Fatal(err)
		}
		done := officerCounterDossier(t, s, "Đã Xong")
		for _, who := range []string{"intake", "officer", "leader", "clerk"} {
			var err error
			if done, err = s.F.Store.Act(ctx, s.F.Users[who], done.Code, dossier.Request{Action: workflow.Forward, Version: done.Version}); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			who    string
			code   string
			action workflow.Action
			fields url.Values
			field  string
			msg    string
		}{
			{"intake", received.Code, workflow.Refuse, url.Values{"reason": {"  "}, "note": {"giữ lại ghi chú"}}, "refuse-reason", "Nhập lý do."},
			{"officer", received.Code, workflow.RequestPayment, url.Values{"amount": {"hai trăm"}}, "request-payment-amount", "Số tiền phải là số đồng, ví dụ 200.000."},
			{"officer", received.Code, workflow.RequestPayment, url.Values{"amount": {""}}, "request-payment-amount", "Nhập số tiền lớn hơn 0."},
			{"leader", received.Code, workflow.Reschedule, url.Values{"new_due": {"2026-03-03T10:00"}, "reason": {"trễ"}}, "reschedule-new-due", "Hạn mới phải sau thời điểm hiện tại và sau hạn hiện tại."},
			{"leader", received.Code, workflow.Reschedule, url.Values{"reason": {"trễ"}}, "reschedule-new-due", "Chọn ngày giờ hẹn trả mới."},
			{"officer", processing.Code, workflow.Transfer, url.Values{"reason": {"phối hợp"}}, "transfer-to-unit", "Chọn đơn vị nhận."},
			{"officer", processing.Code, workflow.Transfer, url.Values{"reason": {"phối hợp"}, "to_unit": {testdb.Dept}}, "transfer-to-unit", "Chọn một đơn vị khác đơn vị đang xử lý."},
			{"intake", received.Code, workflow.Withdraw, url.Values{"reason": {strings.Repeat("x", 2001)}}, "withdraw-reason", "Nội dung quá dài (tối đa 2000 ký tự)."},
			{"intake", done.Code, workflow.ReturnResult, url.Values{"how": {"post"}}, "return-result-postal-tracking", "Nhập số hiệu bưu gửi."},
			{"intake", done.Code, workflow.ReturnResult, url.Values{"how": {"post"}, "postal_tracking": {"EB 12"}}, "return-result-postal-tracking", "Số hiệu bưu gửi gồm 4–40 chữ cái, chữ số hoặc dấu gạch ngang."},
		}
		for _, c := range cases {
			cl := s.officerAs(t, c.who)
			_, version := cl.officerPage(t, c.code)
			resp, body := cl.officerAct(t, c.code, version, c.action, c.fields)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%s %s: %d\n%s", c.who, c.action, resp.StatusCode, body)
			}
			formID := strings.ReplaceAll(string(c.action), "_", "-")
			for _, w := range []string{
				`<a href="#` + c.field + `">` + c.msg + `</a>`,               // the summary links to the field
				`<p class="field-error" id="` + c.field + `-error">` + c.msg, // the message is next to it
				`id="` + formID + `" open>`,                                  // its form is open
			} {
				if !strings.Contains(body, w) {
					t.Fatalf("%s %s: page lacks %q\n%s", c.who, c.action, w, body)
				}
			}
			if i, j := strings.Index(body, `id="`+c.field+`-error"`), strings.Index(body, `id="`+c.field+`"`); i < 0 || j < 0 || j < i || j-i > 600 {
				t.Fatalf("%s %s: the message is not next to the field (%d, %d)", c.who, c.action, i, j)
			}
			if v := c.fields.Get("note"); v != "" && !strings.Contains(body, ">"+v+"</textarea>") {
				t.Fatalf("%s %s: the note typed was lost", c.who, c.action)
			}
			officerNoRawKeys(t, body)
		}
		if d, _ := s.F.Store.DossierByCode(ctx, received.Code); d.Version != received.Version {
			t.Fatal("a refused form changed the dossier")
		}
		// Returning online with no electronic result: the message is next to the choice.
		cl0 := s.officerAs(t, "intake")
		_, version := cl0.officerPage(t, done.Code)
		resp, body := cl0.officerAct(t, done.Code, version, workflow.ReturnResult, url.Values{"how": {"online"}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, `<p class="field-error" id="return-result-how-error">Hồ sơ chưa có kết quả điện tử đã ký số`) {
			t.Fatalf("return online without a result: %d\n%s", resp.StatusCode, body)
		}
		// A forged form (an unknown action) is a plain error page.
		cl := s.officerAs(t, "intake")
		if resp, _ := cl.officerAct(t, received.Code, 1, "delete", nil); resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("unknown action: %d", resp.StatusCode)
		}
	})
}

func TestDossierPageLogsPersonalDataAccess(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		citizen := s.F.Users["citizen"]
		d, err := s.F.Store.CreateDossier(ctx, citizen, store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
			Channel: catalog.Online, Applicant: dossier.Applicant{Name: "Công Dân", Phone: "0987654321"}})
		if err != nil {
			t.Fatal(err)
		}
		s.SetNow(testdb.At(10, 30))
		body, _ := s.officerAs(t, "intake").officerPage(t, d.Code)
		if !strings.Contains(body, "0987654321") || !strings.Contains(body, "Nhật ký truy cập dữ liệu cá nhân (1)") {
			t.Fatalf("page:\n%s", body)
		}
		s.officerAs(t, "other.intake").get(t, "/can-bo/ho-so/"+d.Code) // 404: nothing shown, nothing logged
		s.SetNow(testdb.At(11, 0))
		s.officerAs(t, "manager").officerPage(t, d.Code)
		log, err := s.F.Store.AccessLog(ctx, d.Code)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range log {
			got = append(got, a.At.Format("15:04")+" "+a.Username+" "+a.Screen)
		}
		if want := "[11:00 manager dossier_page 10:30 intake dossier_page]"; fmt.Sprint(got) != want {
			t.Fatalf("access log %v, want %s", got, want)
		}
		mine, _ := s.F.Store.CitizenAccessLog(ctx, citizen, 0)
		if len(mine) != 2 {
			t.Fatalf("the citizen sees %d accesses", len(mine))
		}
	})
}
