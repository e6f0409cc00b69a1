package e2e

import (
	_ "embed"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/testdb"
)

// axeSource is axe-core, the accessibility rules engine (testdata/README says which version and
// under which licence).
//
//go:embed testdata/axe.min.js
var axeSource string

// axeTags are the rules checked: WCAG 2.0 and 2.1, levels A and AA, which Vietnamese public
// services are asked to meet, and axe's best practices, which are only reported.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']`

// axeViolation is one failed axe rule on a page, with the elements that fail it.
type axeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Tags   []string  `json:"tags"`
	Nodes  []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Summary string   `json:"summary"`
}

// wcag reports whether the rule is one of WCAG's, rather than only a best practice.
func (v axeViolation) wcag() bool {
	for _, tag := range v.Tags {
		if strings.HasPrefix(tag, "wcag") {
			return true
		}
	}
	return false
}

// audit runs axe on the tab's current page, without the rules named in skip, and returns its
// violations. The page must be in Vietnamese.
func audit(t *testing.T, p *tab, skip []string) []axeViolation {
	t.Helper()
	if lang := eval[string](p, `document.documentElement.lang`); lang != "vi" {
		t.Errorf("%s: the page's language is %q, not vi", p.path(), lang)
	}
	if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void](axeSource+"\n;true")); err != nil {
		t.Fatalf("inject axe at %s: %v", p.path(), err)
	}
	rules := make([]string, len(skip))
	for i, id := range skip {
		rules[i] = jsString(id) + ": {enabled: false}"
	}
	run := `axe.run(document, {runOnly: {type: 'tag', values: ` + axeTags + `}, resultTypes: ['violations'],
			rules: {` + strings.Join(rules, ", ") + `}})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, tags: v.tags,
			nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html.slice(0, 200), summary: n.failureSummary || ''}))})))`
	vs, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe at %s: %v", p.path(), err)
	}
	return vs
}

// a11yReport collects the violations of every page checked: serious and critical breaches of
// WCAG fail the test; moderate and minor ones, and best practices, are logged.
type a11yReport struct {
	t     *testing.T
	pages int
	skip  []string // rules not checked on the next pages
}

// check audits the tab's current page at width px; name says which page it is in messages. On
// a phone (width < 1000) the page must also reflow without scrolling sideways, at that width
// and at the 320 px of WCAG 1.4.10.
func (r *a11yReport) check(p *tab, name string, width int64) {
	r.t.Helper()
	r.pages++
	// Folded sections (filters, history) are opened, so that what they hide is checked too.
	eval[bool](p, `(() => { document.querySelectorAll("details").forEach(d => d.open = true); return true })()`)
	if width < 1000 {
		for _, w := range []int64{320, width} {
			p.do(chromedp.EmulateViewport(w, 800))
			if sw := eval[int64](p, `document.documentElement.scrollWidth`); sw > w {
				r.t.Errorf("%s (%s) is %d px wide at %d px: it scrolls sideways (WCAG 1.4.10 reflow)", name, p.path(), sw, w)
			}
		}
	}
	p.do(chromedp.EmulateViewport(width, 800))
	for _, v := range audit(r.t, p, r.skip) {
		kind := "WCAG"
		if !v.wcag() {
			kind = "best practice"
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s (%s, %d px): %s [%s, %s] %s", name, p.path(), width, v.ID, kind, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%s  %s", strings.Join(n.Target, " "), n.HTML)
			if n.Summary != "" {
				fmt.Fprintf(&b, "\n\t\t%s", strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
			}
		}
		if v.wcag() && (v.Impact == "serious" || v.Impact == "critical") {
			r.t.Error(b.String())
		} else {
			r.t.Log(b.String())
		}
	}
}

// visit opens path in the tab, which must answer 200, and checks it at the desktop width
// (1280 px), and at a phone's 360 px too when phone is set (the pages citizens use, and the
// officers' inbox and dossier).
func (r *a11yReport) visit(p *tab, path, name string, phone bool) {
	r.t.Helper()
	if code := p.open(path); code != http.StatusOK {
		r.t.Fatalf("%s: %s answers %d:\n%s", name, path, code, p.mainText())
	}
	r.checkHere(p, name, phone)
}

// checkHere checks the page the tab is on, as visit does.
func (r *a11yReport) checkHere(p *tab, name string, phone bool) {
	r.t.Helper()
	r.check(p, name, 1280)
	if phone {
		r.check(p, name, 360)
	}
}

// TestBrowserAccessibility runs axe-core's WCAG 2.1 A and AA rules on the main pages, in
// Vietnamese, as a citizen, the officers, the kiosk and the administrator see them, forms with
// their errors too: a serious or critical violation fails the test, naming the rule, the page
// and the elements; moderate and minor ones are logged (go test -v). The pages people use on a
// phone (the portal, the online form, the inbox) are also checked 360 px wide, and must reflow
// there and at 320 px without scrolling sideways (WCAG 1.4.10).
func TestBrowserAccessibility(t *testing.T) {
	t.Parallel()
	browser := startBrowser(t)
	s := journeySites(t)[0]
	d := trackedDossier(t, s)
	r := &a11yReport{t: t}

	// The citizen: the portal, tracking, and signing in through the provider.
	c := person(t, browser, s, "citizen")
	r.visit(c, "/", "home", true)
	r.visit(c, "/?q=ly+lich+tu+phap", "search results", true)
	r.visit(c, "/thu-tuc/"+testdb.ProcCode, "procedure", true)
	r.visit(c, "/tra-cuu", "tracking form", true)
	c.open("/tra-cuu?code=" + d.Code + "&secret=AAAAAAAAAA")
	r.checkHere(c, "tracking form with an error", true)
	r.visit(c, "/tra-cuu?code="+d.Code+"&secret="+d.TrackingSecret, "tracking result", true)
	r.visit(c, "/dat-lich", "booking", true)
	r.visit(c, "/dang-nhap/cong-dan", "citizen sign-in", true)
	c.open("/khong-co-trang-nay")
	r.checkHere(c, "not found", false)
	citizenSignsIn(t, c)
	r.checkHere(c, "citizen's dossiers", true)
	code := a11ySubmitOnline(t, r, c)
	r.visit(c, "/cong-dan/ho-so", "citizen's dossiers, one submitted", true)
	r.visit(c, "/cong-dan/ho-so/"+code, "citizen's dossier", true)
	r.visit(c, "/cong-dan/ho-so/"+code+"/rut", "withdrawal", true)
	r.visit(c, "/cong-dan/truy-cap", "citizen's access log", true)

	// The officers: sign-in, inbox, a dossier, the counter.
	o := person(t, browser, s, "officer")
	r.visit(o, "/dang-nhap", "officer sign-in", true)
	o.signInOfficer("officer", "password-officer")
	r.checkHere(o, "inbox", true)
	r.visit(o, "/can-bo/ho-so/"+d.Code, "officer's dossier", true)

	intake := person(t, browser, s, "intake")
	manager := person(t, browser, s, "manager")
	intake.signInOfficer("intake", "password-intake")
	manager.signInOfficer("manager", "password-manager")
	r.visit(manager, "/can-bo/quay", "kiosk keys", false)
	r.visit(manager, "/can-bo/thong-ke", "statistics", true)
	r.visit(manager, "/can-bo/thong-ke/danh-gia", "assessment entries", true)
	manager.open("/can-bo/thong-ke?unit=" + testdb.Dept + "&from=2026-03-31&to=2026-03-01")
	r.checkHere(manager, "statistics with an error", false)
	r.visit(manager, "/can-bo/ho-so?unit="+testdb.Dept, "dossier listing", false)
	k := kioskEnrolled(t, person(t, browser, s, "kiosk"), manager, intake)
	r.checkHere(k, "kiosk waiting", true)
	done := doneDossier(t, s)
	intake.open("/can-bo/ho-so/" + done.Code)
	r.checkHere(intake, "officer's dossier to return", true)
	counterReturns(t, s, intake, done.Code)
	r.checkHere(intake, "officer's dossier returned", false)
	k.open(strings.TrimPrefix(k.location(), k.base))
	r.checkHere(k, "kiosk rating", true)
	k.clickOK(`form.kiosk-rate button[name=value][value="1"]`)
	r.checkHere(k, "kiosk reasons", true)
	k.clickOK(`form.kiosk-reasons button[name=skip]`)
	r.checkHere(k, "kiosk thanks", true)
	kioskWaitsForActivity(t, k)
	r.visit(intake, "/can-bo/tiep-nhan", "counter intake start", false)
	r.visit(intake, "/can-bo/tiep-nhan/"+testdb.ProcCode, "counter intake form", false)
	intake.click(`main form button[name=decision][value=receive]`)
	r.checkHere(intake, "counter intake form with errors", false)
	r.visit(intake, "/can-bo", "intake's inbox", true)
	r.visit(intake, "/can-bo/ho-so/"+d.Code+"/giay-tiep-nhan", "receipt slip", false)
	r.visit(intake, "/can-bo/lich-hen", "appointments", false)

	// The administrator.
	a := person(t, browser, s, "admin")
	a.open("/dang-nhap")
	a.typeIn("#username", "admin")
	a.typeIn("#password", "password-admin")
	a.clickOK(`form[action="/dang-nhap"] button[type=submit]`)
	r.visit(a, "/quan-tri", "admin home", false)
	if !strings.HasPrefix(a.path(), "/quan-tri") {
		t.Fatalf("the administrator cannot open /quan-tri: at %s", a.path())
	}
	for _, pg := range []struct{ path, name string }{
		{"/quan-tri/don-vi", "units"}, {"/quan-tri/don-vi/moi", "new unit"}, {"/quan-tri/don-vi/" + testdb.Dept, "a unit"},
		{"/quan-tri/nguoi-dung", "users"}, {"/quan-tri/nguoi-dung/moi", "new user"},
		{"/quan-tri/thu-tuc", "procedures"}, {"/quan-tri/thu-tuc/moi", "new procedure"}, {"/quan-tri/thu-tuc/nhap", "catalog import"},
		{"/quan-tri/thu-tuc/" + testdb.ProcCode, "a procedure"}, {"/quan-tri/thu-tuc/" + testdb.ProcCode + "/quy-trinh", "process template"},
		{"/quan-tri/ngay-nghi", "holidays"}, {"/quan-tri/chinh-sach", "policies"}, {"/quan-tri/chung-thu", "certificates"},
	} {
		r.visit(a, pg.path, "admin: "+pg.name, false)
	}

	t.Logf("%d page checks", r.pages)
}

// kioskWaitsForActivity checks WCAG 2.2.1 on the kiosk, whose screens go back to the start on
// their own (kiosk.js): only after a pause in the citizen's activity, so that nobody is cut off
// while choosing or typing a comment. The thank-you screen waits 4 s, short enough to watch in
// real time: tapped or typed on every second for 6 s it stays, then left alone it goes. The
// reasons screen (60 s) runs the same script.
func kioskWaitsForActivity(t *testing.T, k *tab) {
	t.Helper()
	start := "/kiosk/" + url.PathEscape(testdb.Dept+":"+journeyCounter)
	thanks := start + "/cam-on"
	if code := k.open(thanks); code != http.StatusOK {
		t.Fatalf("the kiosk's thank-you screen answers %d", code)
	}
	for i := range 6 {
		k.do(chromedp.Sleep(time.Second))
		if i%2 == 0 {
			k.do(chromedp.MouseClickXY(8, 300))
		} else {
			k.do(chromedp.KeyEvent("a"))
		}
	}
	if at := k.path(); at != thanks {
		t.Fatalf("the kiosk left the thank-you screen while in use, for %s", at)
	}
	for range 40 {
		if k.path() == start {
			return
		}
		k.do(chromedp.Sleep(250 * time.Millisecond))
	}
	t.Fatalf("the kiosk stays at %s, 10 s after the last touch", k.path())
}

// a11ySubmitOnline applies online for the fixture procedure as citizenSubmitsOnline does, one
// question per page, checking each page before answering it; it returns the dossier's code.
func a11ySubmitOnline(t *testing.T, r *a11yReport, p *tab) string {
	t.Helper()
	pdf, photo := journeyFiles(t)
	p.open("/thu-tuc/" + testdb.ProcCode)
	p.clickOK(`main a[href="/nop-ho-so/` + testdb.ProcCode + `"]`)
	r.checkHere(p, "online submission start", true)
	p.clickOK(`form[action="/nop-ho-so/` + testdb.ProcCode + `"] button[type=submit]`)
	step := regexp.MustCompile(`^/ho-so-nhap/\d+/([a-z-]+)`)
	for range 8 {
		m := step.FindStringSubmatch(p.path())
		if m == nil {
			break
		}
		r.checkHere(p, "online submission: "+m[1], true)
		switch m[1] {
		case "truong-hop":
			p.do(chromedp.Click(chromedp.CSS("#case"), chromedp.NodeVisible))
			p.clickOK(`main form button[type=submit]`)
		case "nguoi-nop":
			// First without the phone, to check the page with its errors.
			p.typeIn("#phone", "")
			p.click(`main form button[type=submit]`)
			r.checkHere(p, "online submission: nguoi-nop with errors", true)
			p.typeIn("#phone", "0912 345 678")
			p.typeIn("#address", "Số 1 đường Hùng Vương, phường Liên Bảo, Vĩnh Yên")
			p.typeIn("#summary", "Cấp 01 Phiếu lý lịch tư pháp số 1")
			p.clickOK(`main form button[type=submit]`)
		case "don-vi":
			p.do(chromedp.Click(chromedp.CSS(`input[name=unit][value="`+testdb.Dept+`"]`), chromedp.NodeVisible))
			p.clickOK(`main form button[type=submit]`)
		case "giay-to":
			p.upload(`main form input[type=file]`, pdf, photo)
			p.clickOK(`main form button[name=action][value=continue]`)
		case "kiem-tra":
			p.clickOK("#submit")
		default:
			t.Fatalf("unknown step %s", m[1])
		}
	}
	if !regexp.MustCompile(`^/cong-dan/ho-so/[^/]+/da-nop$`).MatchString(p.path()) {
		t.Fatalf("after submitting the citizen is at %s:\n%s", p.path(), p.mainText())
	}
	r.checkHere(p, "online submission: submitted", true)
	return p.text(".confirmation .code")
}
