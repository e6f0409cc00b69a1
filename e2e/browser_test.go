package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

// search types words into the home page's search box, as a citizen does, and returns the result
// links' texts and addresses.
func (p *tab) search(words string) (names, links []string) {
	p.t.Helper()
	p.open("/")
	p.typeIn("#q", words)
	p.clickOK(`form[role=search] .search-row button[type=submit]`)
	names = eval[[]string](p, `[...document.querySelectorAll("ul.results li > a")].map(a => a.textContent.trim())`)
	links = eval[[]string](p, `[...document.querySelectorAll("ul.results li > a")].map(a => a.getAttribute("href"))`)
	return names, links
}

// TestBrowserCitizenSearchesWithoutDiacritics: a citizen types the procedure's name without
// Vietnamese diacritics, then once with a typo, finds it and opens its page; on the fixture and
// on the demo province's real catalog ("cap giay phep xay dung").
func TestBrowserCitizenSearchesWithoutDiacritics(t *testing.T) {
	t.Parallel()
	browser := startBrowser(t)
	for _, s := range fixtureSites(t) {
		t.Run(s.Name, func(t *testing.T) {
			p := person(t, browser, s, "citizen")
			for _, words := range []string{"ly lich tu phap", "ly lich tu pahp", testdb.ProcCode} {
				names, links := p.search(words)
				if len(links) == 0 || links[0] != "/thu-tuc/"+testdb.ProcCode {
					t.Fatalf("search %q: %q %q\n%s", words, names, links, p.mainText())
				}
			}
			p.clickOK(`ul.results li > a[href="/thu-tuc/` + testdb.ProcCode + `"]`)
			if h1 := p.text("main h1"); h1 != "Cấp Phiếu lý lịch tư pháp" {
				t.Fatalf("procedure page: %q", h1)
			}
		})
	}
	t.Run("demo catalog", func(t *testing.T) {
		s := demoSite(t)
		p := person(t, browser, s, "citizen")
		for _, words := range []string{"cap giay phep xay dung", "cap giay phep xay dumg"} {
			names, links := p.search(words)
			if len(names) == 0 || !strings.HasPrefix(names[0], "Cấp giấy phép xây dựng") {
				t.Fatalf("search %q: the first result is not a building permit: %q", words, names)
			}
			if !strings.HasPrefix(links[0], "/thu-tuc/") {
				t.Fatalf("search %q: link %q", words, links[0])
			}
		}
		p.clickOK(`ul.results li > a`)
		if h1 := p.text("main h1"); !strings.HasPrefix(h1, "Cấp giấy phép xây dựng") {
			t.Fatalf("procedure page: %q", h1)
		}
		// The page says what to bring and how long it takes.
		if !strings.Contains(p.mainText(), "Thời hạn giải quyết") {
			t.Fatalf("procedure page without processing time:\n%s", p.mainText())
		}
	})
}

// trackedDossier is a dossier received at the counter and sent on to processing.
func trackedDossier(t *testing.T, s *site) dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	d, err := s.Store.CreateDossier(ctx, s.F.Users["intake"], store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
		Channel: catalog.InPerson, Summary: "Xin cấp phiếu lý lịch tư pháp",
		Applicant: dossier.Applicant{Name: "Trần Văn Tra", IDNumber: "001190054321", Phone: "0987 654 321", Address: "Số 1 phố Hàng Bạc", Type: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = s.Store.Act(ctx, s.F.Users["intake"], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
		t.Fatal(err)
	}
	return d
}

// doneDossier is a dossier taken through every step of the fixture's process: it waits at the
// counter for its result to be returned.
func doneDossier(t *testing.T, s *site) dossier.Dossier {
	t.Helper()
	d := trackedDossier(t, s)
	for _, who := range []string{"officer", "leader", "clerk"} {
		var err error
		if d, err = s.Store.Act(context.Background(), s.F.Users[who], d.Code, dossier.Request{Action: workflow.Forward, Version: d.Version}); err != nil {
			t.Fatalf("%s forwards: %v", who, err)
		}
	}
	return d
}

// fieldError is the message shown next to a field (the layout's pattern: a .field-error inside
// the field's .field.has-error), or "".
func fieldError(p *tab, id string) string {
	return eval[string](p, `(() => { const f = document.getElementById(`+jsString(id)+`); const d = f && f.closest(".field.has-error");
		const e = d && d.querySelector(".field-error"); return e ? e.textContent.trim() : ""; })()`)
}

// summary is the error summary's messages and the fields they link to.
func summary(p *tab) (messages, targets []string) {
	messages = eval[[]string](p, `[...document.querySelectorAll(".error-summary li a")].map(a => a.textContent.trim())`)
	targets = eval[[]string](p, `[...document.querySelectorAll(".error-summary li a")].map(a => a.getAttribute("href"))`)
	return messages, targets
}

// TestBrowserFormErrorNextToTheField: tracking a dossier with a wrong tracking code, or with none,
// shows the message next to the field and in the error summary, which links to the field and
// takes the focus; the citizen's input is kept. The right code shows the dossier. The officers'
// sign-in form does the same.
func TestBrowserFormErrorNextToTheField(t *testing.T) {
	t.Parallel()
	browser := startBrowser(t)
	for _, s := range fixtureSites(t) {
		t.Run(s.Name, func(t *testing.T) {
			d := trackedDossier(t, s)
			p := person(t, browser, s, "citizen")
			p.open("/tra-cuu")
			for _, c := range []struct {
				name, secret, field, message string
			}{
				{"no tracking code", "", "secret", "Nhập mã tra cứu hoặc số điện thoại người nộp hồ sơ"},
				{"wrong tracking code", "AAAAAAAAAA", "code", "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu hoặc số điện thoại này"},
			} {
				p.typeIn("#code", d.Code)
				p.typeIn("#secret", c.secret)
				if code := p.click(`form[action="/tra-cuu"] button[type=submit]`); code == http.StatusOK {
					t.Fatalf("%s: status 200", c.name)
				}
				expectFieldError(t, p, c.name, c.field, c.message)
				if v := eval[string](p, `document.getElementById("code").value`); v != d.Code {
					t.Fatalf("%s: the code typed was not kept: %q", c.name, v)
				}
			}
			p.typeIn("#secret", strings.ToLower(d.TrackingSecret))
			p.clickOK(`form[action="/tra-cuu"] button[type=submit]`)
			if h1 := p.text("main h1"); !strings.Contains(h1, d.Code) || p.count(".error-summary") != 0 {
				t.Fatalf("the right tracking code: %q\n%s", h1, p.mainText())
			}
			if main := p.mainText(); strings.Contains(main, "Trần Văn Tra") || !strings.Contains(main, "Đang xử lý") {
				t.Fatalf("the tracking page:\n%s", main)
			}

			// The officers' sign-in form: no password, then a wrong one.
			o := person(t, browser, s, "officer")
			o.open("/dang-nhap")
			o.typeIn("#username", "intake")
			if code := o.click(`form[action="/dang-nhap"] button[type=submit]`); code != http.StatusUnprocessableEntity {
				t.Fatalf("sign-in without a password: %d", code)
			}
			expectFieldError(t, o, "no password", "password", "Nhập mật khẩu.")
			o.typeIn("#password", "not-the-password")
			if code := o.click(`form[action="/dang-nhap"] button[type=submit]`); code != http.StatusUnauthorized {
				t.Fatalf("sign-in with a wrong password: %d", code)
			}
			expectFieldError(t, o, "wrong password", "username", "Tên đăng nhập hoặc mật khẩu không đúng.")
			if v := eval[string](o, `document.getElementById("username").value`); v != "intake" {
				t.Fatalf("the username typed was not kept: %q", v)
			}
		})
	}
}

// expectFieldError checks the page after a refused form: the message next to the field, the
// field described by it, the error summary with that one message linking to the field, and the
// focus on the summary (app.js), so that a screen reader reads it first.
func expectFieldError(t *testing.T, p *tab, name, field, message string) {
	t.Helper()
	if got := fieldError(p, field); !strings.HasPrefix(got, message) {
		t.Fatalf("%s: next to #%s: %q\n%s", name, field, got, p.mainText())
	}
	if desc := eval[string](p, `document.getElementById(`+jsString(field)+`).getAttribute("aria-describedby") || ""`); !strings.Contains(desc, field+"-error") {
		t.Fatalf("%s: #%s is not described by its error: %q", name, field, desc)
	}
	messages, targets := summary(p)
	if len(messages) != 1 || !strings.HasPrefix(messages[0], message) || targets[0] != "#"+field {
		t.Fatalf("%s: error summary %q → %q", name, messages, targets)
	}
	if focused := eval[string](p, `document.activeElement ? document.activeElement.className : ""`); !strings.Contains(focused, "error-summary") {
		t.Fatalf("%s: the focus is on %q, not the error summary", name, focused)
	}
}

// TestBrowserScreenshotsAt360 saves the home page and two officers' inboxes as they look on a
// 360 px wide phone (docs/screenshots/home-360.png; inbox-360.png for a processing officer,
// whose dossiers run against a deadline; inbox-intake-360.png for the counter), the officers
// signing in through the form, and checks that nothing makes those pages scroll sideways.
func TestBrowserScreenshotsAt360(t *testing.T) {
	t.Parallel()
	browser := startBrowser(t)
	s := fixtureSites(t)[0]
	// Dossiers received on different days: with two working days to process, one is overdue
	// and two are due soon at the processing officer's step; two more wait at the counter for
	// their result to be handed back.
	for _, day := range []int{-7, -1, 0} {
		s.SetNow(testdb.At(9, 0).AddDate(0, 0, day))
		trackedDossier(t, s)
	}
	for _, day := range []int{-3, -2} {
		s.SetNow(testdb.At(10, 0).AddDate(0, 0, day))
		doneDossier(t, s)
	}
	s.SetNow(testdb.At(15, 0))
	p := person(t, browser, s, "citizen")
	p.open("/")
	noSideScroll(t, p)
	p.screenshot("home-360")

	for _, c := range []struct{ who, file string }{{"officer", "inbox-360"}, {"intake", "inbox-intake-360"}} {
		o := person(t, browser, s, c.who)
		o.signInOfficer(c.who, "password-"+c.who)
		noSideScroll(t, o)
		if n := o.count("table.inbox tbody tr"); n == 0 {
			t.Fatalf("%s's inbox is empty:\n%s", c.who, o.mainText())
		}
		o.screenshot(c.file)
	}
}

// noSideScroll fails when the page is wider than the 360 px screen.
func noSideScroll(t *testing.T, p *tab) {
	t.Helper()
	if w := eval[int](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("%s is %d px wide at 360 px: it scrolls sideways", p.path(), w)
	}
}
