package e2e

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/testdb"
)

// The steps of a dossier's whole journey through the pages, one helper each, in the order of
// the issue: a citizen submits online with two files, the intake officer receives it, the
// officers forward it through every step, the clerk stamps, the counter returns it, the citizen
// sees "Đã trả kết quả" and rates it on the kiosk. TestBrowserFullJourney (full_journey_test.go)
// strings them together.

// later moves the site's clock on, so that each step happens after the one before.
func later(s *site) { s.SetNow(s.Now().Add(7 * time.Minute)) }

// journeyFiles writes the two files the citizen uploads: a PDF form and a PNG photo.
func journeyFiles(t *testing.T) (pdf, photo string) {
	t.Helper()
	dir := t.TempDir()
	pdf = filepath.Join(dir, "to-khai.pdf")
	body := "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
		"trailer << /Root 1 0 R >>\n%%EOF\n"
	if err := os.WriteFile(pdf, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{R: uint8(6 * x), G: 120, B: uint8(8 * y), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	photo = filepath.Join(dir, "anh-cccd.png")
	if err := os.WriteFile(photo, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return pdf, photo
}

// citizenSignsIn signs the citizen in through the site's sign-in page and the provider's login
// form (OpenID Connect), starting from "my dossiers", and checks they come back there.
func citizenSignsIn(t *testing.T, p *tab) {
	t.Helper()
	p.open("/cong-dan/ho-so")
	if !strings.HasPrefix(p.path(), "/dang-nhap/cong-dan") {
		t.Fatalf("my dossiers without signing in went to %s", p.path())
	}
	p.clickOK(`main a.button.start, main form[action^="/dang-nhap/cong-dan"] button[type=submit]`)
	if p.count(`form[action="/login/username"]`) != 1 {
		t.Fatalf("the sign-in button did not lead to the provider's login page: %s\n%s", p.location(), p.mainText())
	}
	p.typeIn("#username", idpCitizen)
	p.typeIn("#password", idpCitizenPassword)
	p.clickOK("#login")
	if got := p.path(); got != "/cong-dan/ho-so" {
		t.Fatalf("after signing in the citizen is at %s:\n%s", got, p.mainText())
	}
}

// citizenSubmitsOnline applies online for the fixture procedure from its page: the e-form one
// question per page, both files uploaded for the form, the check page, submit. It returns the
// new dossier's code and tracking code.
func citizenSubmitsOnline(t *testing.T, p *tab, files ...string) (code, secret string) {
	t.Helper()
	p.open("/thu-tuc/" + testdb.ProcCode)
	p.clickOK(`main a[href="/nop-ho-so/` + testdb.ProcCode + `"]`)
	p.clickOK(`form[action="/nop-ho-so/` + testdb.ProcCode + `"] button[type=submit]`)
	step := regexp.MustCompile(`^/ho-so-nhap/\d+/([a-z-]+)`)
	for range 8 {
		m := step.FindStringSubmatch(p.path())
		if m == nil {
			break
		}
		if p.count(".error-summary") > 0 {
			t.Fatalf("step %s refused the answers:\n%s", m[1], p.mainText())
		}
		switch m[1] {
		case "truong-hop":
			p.do(chromedp.Click(chromedp.CSS("#case"), chromedp.NodeVisible))
			p.clickOK(`main form button[type=submit]`)
		case "nguoi-nop":
			p.typeIn("#phone", "0912 345 678")
			p.typeIn("#address", "Số 1 đường Hùng Vương, phường Liên Bảo, Vĩnh Yên")
			p.typeIn("#summary", "Cấp 01 Phiếu lý lịch tư pháp số 1")
			p.clickOK(`main form button[type=submit]`)
		case "don-vi":
			p.do(chromedp.Click(chromedp.CSS(`input[name=unit][value="`+testdb.Dept+`"]`), chromedp.NodeVisible))
			p.clickOK(`main form button[type=submit]`)
		case "giay-to":
			p.upload(`main form input[type=file]`, files...)
			p.clickOK(`main form button[name=action][value=continue]`)
		case "kiem-tra":
			check := p.mainText()
			for _, f := range files {
				if !strings.Contains(check, filepath.Base(f)) {
					t.Fatalf("the check page does not list %s:\n%s", filepath.Base(f), check)
				}
			}
			p.clickOK("#submit")
		default:
			t.Fatalf("unknown step %s", m[1])
		}
	}
	if !regexp.MustCompile(`^/cong-dan/ho-so/[^/]+/da-nop$`).MatchString(p.path()) {
		t.Fatalf("after submitting the citizen is at %s:\n%s", p.path(), p.mainText())
	}
	code = p.text(".confirmation .code")
	track := eval[string](p, `(document.querySelector('main a[href^="/tra-cuu?code="]')||{}).getAttribute ? document.querySelector('main a[href^="/tra-cuu?code="]').getAttribute("href") : ""`)
	m := regexp.MustCompile(`secret=([A-Z0-9]+)`).FindStringSubmatch(track)
	if code == "" || m == nil {
		t.Fatalf("the confirmation lacks the code or the tracking link:\n%s", p.mainText())
	}
	return code, m[1]
}

// fromInbox opens the dossier from the officer's inbox, as they would, proving it is there.
func fromInbox(t *testing.T, o *tab, code string) {
	t.Helper()
	o.open("/can-bo")
	link := `main a[href="/can-bo/ho-so/` + code + `"]`
	if o.count(link) == 0 {
		t.Fatalf("%s's inbox does not list %s:\n%s", o.who, code, o.mainText())
	}
	o.clickOK(link)
}

// act takes an action on the open dossier page through its form; fill, if any, fills the form
// (given the form's selector) before it is sent.
func act(t *testing.T, o *tab, action string, fill func(form string)) {
	t.Helper()
	form := `details.action:has(input[name=action][value="` + action + `"])`
	if o.count(form) == 0 {
		offered := eval[[]string](o, `[...document.querySelectorAll("details.action input[name=action]")].map(i => i.value)`)
		t.Fatalf("%s is not offered %q at %s (offered: %q)", o.who, action, o.path(), offered)
	}
	if !eval[bool](o, `document.querySelector(`+jsString(form)+`).open`) {
		o.do(chromedp.Click(chromedp.CSS(form+" > summary"), chromedp.NodeVisible))
	}
	if fill != nil {
		fill(form)
	}
	o.clickOK(form + " button[type=submit]")
	if o.count(".error-summary, #conflict") > 0 {
		t.Fatalf("%s's %q was refused:\n%s", o.who, action, o.mainText())
	}
}

// statusOnPage is the status tag of the open officer dossier page.
func statusOnPage(o *tab) string { return o.text("main .tag.status") }

// intakeReceives: the intake officer finds the online dossier in the inbox, receives it, then
// sends it on to processing.
func intakeReceives(t *testing.T, s *site, o *tab, code string) {
	t.Helper()
	later(s)
	fromInbox(t, o, code)
	act(t, o, "receive", nil)
	if st := statusOnPage(o); st != "Được tiếp nhận" && st != "Đang xử lý" {
		t.Fatalf("after receiving: %q", st)
	}
	if eval[int](o, `document.querySelectorAll('details.action input[name=action][value="forward"]').length`) > 0 {
		later(s)
		act(t, o, "forward", nil)
	}
}

// officerForwards: an officer at the dossier's current step opens it from their inbox and
// forwards it to the next step.
func officerForwards(t *testing.T, s *site, o *tab, code string) {
	t.Helper()
	later(s)
	fromInbox(t, o, code)
	act(t, o, "forward", func(form string) {
		if o.count(form+" textarea[name=note]") > 0 {
			o.typeIn(form+" textarea[name=note]", "Đủ điều kiện, trình bước sau")
		}
	})
}

// clerkStamps: the clerk stamps and issues the result — the last forward, which makes the
// dossier done and sends it back to the counter.
func clerkStamps(t *testing.T, s *site, o *tab, code string) {
	t.Helper()
	officerForwards(t, s, o, code)
	if st := statusOnPage(o); st != "Đã xử lý xong" {
		t.Fatalf("after the clerk: %q", st)
	}
}

// counterReturns: the intake officer hands the result over at the counter.
func counterReturns(t *testing.T, s *site, o *tab, code string) {
	t.Helper()
	later(s)
	fromInbox(t, o, code)
	act(t, o, "return_result", func(form string) {
		if o.count(form+` input[name=how][value=counter]`) > 0 {
			o.do(chromedp.Click(chromedp.CSS(form+` input[name=how][value=counter]`), chromedp.NodeVisible))
		}
	})
	if st := statusOnPage(o); st != "Đã trả kết quả" {
		t.Fatalf("after returning: %q", st)
	}
}

// citizenSeesReturned: the signed-in citizen sees "Đã trả kết quả" on their dossier, and the
// tracking page says so too.
func citizenSeesReturned(t *testing.T, p *tab, code, secret string) {
	t.Helper()
	p.open("/cong-dan/ho-so")
	p.clickOK(`main a[href="/cong-dan/ho-so/` + code + `"]`)
	if main := p.mainText(); !strings.Contains(main, "Đã trả kết quả") {
		t.Fatalf("the citizen's dossier page:\n%s", main)
	}
	p.open("/tra-cuu?code=" + code + "&secret=" + secret)
	if st := p.text(".portal-status-name"); st != "Đã trả kết quả" {
		t.Fatalf("tracking: %q", st)
	}
}

// kioskEnrolled: the centre manager makes the counter's kiosk key; the tablet opens the address
// shown once; the intake officer takes the counter. It returns the kiosk's tab.
func kioskEnrolled(t *testing.T, kiosk, manager, intake *tab) *tab {
	t.Helper()
	manager.open("/can-bo/quay")
	manager.clickOK(`form[action="/can-bo/quay"]:has(input[name=counter][value="` + journeyCounter + `"]) button[name=do][value=new]`)
	url := manager.text("code.counter-url")
	if !strings.Contains(url, "/kiosk/") || !strings.Contains(url, "key=") {
		t.Fatalf("the kiosk key page shows no address:\n%s", manager.mainText())
	}
	if i := strings.Index(url, "/kiosk/"); i > 0 {
		url = url[i:]
	}
	k := kiosk
	k.open(url)
	if strings.Contains(k.location(), "key=") {
		t.Fatalf("the kiosk kept its key in the address: %s", k.location())
	}
	intake.open("/can-bo/tiep-nhan")
	intake.setValue("#counter", testdb.Dept+":"+journeyCounter)
	intake.clickOK(`form[action="/can-bo/tiep-nhan/quay"] button[type=submit]`)
	k.open(strings.TrimPrefix(k.location(), k.base))
	if main := k.mainText(); !strings.Contains(main, "intake") {
		t.Fatalf("the kiosk does not show the officer at the counter:\n%s", main)
	}
	return k
}

// citizenRatesOnKiosk: the kiosk shows the dossier just returned; the citizen taps "very
// satisfied" and the kiosk thanks them.
func citizenRatesOnKiosk(t *testing.T, k *tab, code string) {
	t.Helper()
	k.open(strings.TrimPrefix(k.location(), k.base))
	if main := eval[string](k, `document.body.innerText`); !strings.Contains(main, code) {
		t.Fatalf("the kiosk does not show the dossier just returned (%s):\n%s", code, main)
	}
	noSideScroll(t, k)
	k.screenshot("kiosk-360")
	start := strings.TrimPrefix(k.location(), k.base)
	k.clickOK(`form.kiosk-rate button[name=value][value="3"]`)
	if main := eval[string](k, `document.body.innerText`); !strings.Contains(main, "Cảm ơn") {
		t.Fatalf("after the tap:\n%s", main)
	}
	// The thanks screen goes back to the start by itself (kiosk.js, after a few seconds without a
	// touch), and the start no longer offers this dossier: one rating per dossier, and no link
	// away from the kiosk.
	if reset := eval[string](k, `document.body.dataset.resetUrl || ""`); !strings.Contains(reset, start) {
		t.Fatalf("the thanks screen does not go back to %s: %q", start, reset)
	}
	k.open(start)
	if k.count("form.kiosk-rate") != 0 || k.count("a[href]") != 0 {
		t.Fatalf("the kiosk after the rating:\n%s", eval[string](k, `document.body.innerHTML`))
	}
}
