package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
)

// kioskPath is the kiosk of the department's first counter, as the pages write it.
var kioskPath = "/kiosk/" + url.PathEscape(testdb.Dept+":Quầy 1")

// kioskEnrol makes a key for Quầy 1 as the centre manager and opens it on a fresh "tablet"
// client, which the site's Client becomes.
func kioskEnrol(t *testing.T, s *site) {
	t.Helper()
	ctrSignIn(t, s, "manager")
	s.get(t, "/can-bo/quay")
	resp, body := s.post(t, "/can-bo/quay", url.Values{"unit": {testdb.Dept}, "counter": {"Quầy 1"}, "do": {"new"}})
	m := regexp.MustCompile(`(/kiosk/[^"<?]+)\?key=(kiosk_[A-Za-z0-9_-]+)`).FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("new kiosk key: %d\n%s", resp.StatusCode, body)
	}
	if m[1] != kioskPath {
		t.Fatalf("kiosk path %s, want %s", m[1], kioskPath)
	}
	s.Client = newClient()
	resp, err := s.Client.Get(s.URL + m[1] + "?key=" + m[2])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != kioskPath {
		t.Fatalf("enrol: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "motcua_kiosk" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.Path != "/kiosk/" || cookie.MaxAge < 300*24*3600 || cookie.Value != m[2] {
		t.Fatalf("kiosk cookie: %+v", cookie)
	}
}

// kioskResets checks that a kiosk screen goes to url after secs seconds: kiosk.js does it, from
// the body's data attributes, restarting the wait on every touch or key press; a meta refresh
// does it only inside <noscript>, where a browser running scripts ignores it (a bare one would
// reload the page under a citizen typing a comment, and fails WCAG 2.2.1).
func kioskResets(t *testing.T, screen, body string, secs int, url string) {
	t.Helper()
	if !strings.Contains(body, `<script src="/static/kiosk.js" defer></script>`) {
		t.Errorf("%s does not load kiosk.js", screen)
	}
	if !strings.Contains(body, fmt.Sprintf(` data-reset-after="%d" data-reset-url="%s"`, secs, url)) {
		t.Errorf("%s does not ask kiosk.js to go to %s after %d s", screen, url, secs)
	}
	noscript := fmt.Sprintf(`<noscript><meta http-equiv="refresh" content="%d; url=%s"></noscript>`, secs, url)
	if !strings.Contains(body, noscript) {
		t.Errorf("%s has no reload for browsers without script (%s)", screen, noscript)
	}
	if strings.Count(body, `http-equiv="refresh"`) != 1 {
		t.Errorf("%s has a meta refresh outside <noscript>", screen)
	}
}

func TestKioskNeedsItsDeviceKey(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctrCounters(t, s)
		if code, body := s.get(t, kioskPath); code != http.StatusForbidden || strings.Contains(body, "Rất hài lòng") {
			t.Fatalf("kiosk without a key: %d", code)
		}
		if code, _ := s.get(t, kioskPath+"?key=kiosk_guess"); code != http.StatusForbidden {
			t.Errorf("kiosk with a guessed key: %d", code)
		}
		// An officer's session is not a kiosk key, and an intake officer cannot make one.
		ctrSignIn(t, s, "intake")
		if code, _ := s.get(t, kioskPath); code != http.StatusForbidden {
			t.Errorf("kiosk with an officer's session: %d", code)
		}
		if code, _ := s.get(t, "/can-bo/quay"); code != http.StatusForbidden {
			t.Errorf("an intake officer at the kiosk keys page: %d", code)
		}
		s.get(t, "/can-bo/tiep-nhan")
		if resp, _ := s.post(t, "/can-bo/quay", url.Values{"unit": {testdb.Dept}, "counter": {"Quầy 1"}, "do": {"new"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("an intake officer makes a kiosk key: %d", resp.StatusCode)
		}
		kioskEnrol(t, s)
		tablet := s.Client
		// The key of one counter does not open another.
		other := "/kiosk/" + url.PathEscape(testdb.Dept+":Quầy 2")
		if code, _ := s.get(t, other); code != http.StatusForbidden {
			t.Errorf("Quầy 1's key opens Quầy 2: %d", code)
		}
		if code, body := s.get(t, kioskPath); code != 200 || !strings.Contains(body, "Quầy tạm nghỉ") {
			t.Fatalf("enrolled kiosk, nobody at the counter: %d", code)
		}
		// A new key revokes the old tablet.
		ctrSignIn(t, s, "admin")
		s.get(t, "/can-bo/quay")
		if resp, _ := s.post(t, "/can-bo/quay", url.Values{"unit": {testdb.Dept}, "counter": {"Quầy 1"}, "do": {"new"}}); resp.StatusCode != 200 {
			t.Fatalf("the administrator makes a key: %d", resp.StatusCode)
		}
		s.Client = tablet
		if code, _ := s.get(t, kioskPath); code != http.StatusForbidden {
			t.Errorf("the old key still works: %d", code)
		}
	})
}

func TestKioskRatesTheDossierJustHandled(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		ctrCounters(t, s)
		kioskEnrol(t, s)
		tablet := s.Client

		ctrSignIn(t, s, "intake")
		s.get(t, "/can-bo/tiep-nhan")
		s.post(t, "/can-bo/tiep-nhan/quay", url.Values{"counter": {testdb.Dept + ":Quầy 1"}})
		officer := s.Client

		s.Client = tablet
		code, body := s.get(t, kioskPath)
		if code != 200 || !strings.Contains(body, "Mời ông/bà đánh giá sau khi được phục vụ") || !strings.Contains(body, ">intake<") {
			t.Fatalf("kiosk with the officer seated, nothing handled: %d\n%s", code, body)
		}

		s.Client = officer
		dcode, _ := ctrIntake(t, s, ctrIntakeForm("receive"))

		s.Client = tablet
		code, body = s.get(t, kioskPath)
		if code != 200 || !strings.Contains(body, dcode) || !strings.Contains(body, `name="value" value="3"`) {
			t.Fatalf("kiosk after the intake: %d\n%s", code, body)
		}
		// Full screen, no way out, resets itself.
		if strings.Contains(body, "<a ") || strings.Contains(body, "Nguyễn Văn An") {
			t.Error("the kiosk shows a link or the applicant's name")
		}
		kioskResets(t, "the rating screen", body, 30, kioskPath)
		// The script reads the attributes the page writes, and waits for a pause in the citizen's
		// activity.
		if code, js := s.get(t, "/static/kiosk.js"); code != 200 || !strings.Contains(js, `"data-reset-url"`) ||
			!strings.Contains(js, `"data-reset-after"`) || !strings.Contains(js, `"pointerdown", "touchstart", "keydown", "input"`) {
			t.Errorf("kiosk.js: %d, does not reset the kiosk on inactivity", code)
		}
		resp, _ := s.post(t, kioskPath+"/danh-gia", url.Values{"code": {dcode}, "value": {"3"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != kioskPath+"/cam-on" {
			t.Fatalf("rate: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, body = s.get(t, kioskPath+"/cam-on")
		if !strings.Contains(body, "Cảm ơn ông/bà") {
			t.Error("no thank-you screen")
		}
		kioskResets(t, "the thank-you screen", body, 4, kioskPath)
		// Reset: the rated dossier is not offered again.
		if _, body = s.get(t, kioskPath); strings.Contains(body, dcode) {
			t.Error("the kiosk offers the rated dossier again")
		}
		// A second tap (the back button, a double tap) is refused.
		resp, _ = s.post(t, kioskPath+"/danh-gia", url.Values{"code": {dcode}, "value": {"1"}})
		if resp.Header.Get("Location") != kioskPath+"/cam-on?da-danh-gia=1" {
			t.Errorf("second rating: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		rs, err := s.F.Store.Ratings(ctx, s.F.Users["intake"], dcode)
		if err != nil || len(rs) != 1 || rs[0].Value != store.VerySatisfied || rs[0].Channel != store.RatingKiosk || rs[0].OfficerID != s.F.Users["intake"].ID {
			t.Fatalf("ratings: %+v %v", rs, err)
		}
		// A dossier that is not the one just handled cannot be rated from this kiosk.
		s.Client = officer
		other, _ := ctrIntake(t, s, ctrIntakeForm("receive"))
		third, _ := ctrIntake(t, s, ctrIntakeForm("receive"))
		s.Client = tablet
		s.get(t, kioskPath)
		if resp, _ := s.post(t, kioskPath+"/danh-gia", url.Values{"code": {other}, "value": {"3"}}); resp.Header.Get("Location") != kioskPath {
			t.Errorf("rating an older dossier: %s", resp.Header.Get("Location"))
		}
		if rs, _ := s.F.Store.Ratings(ctx, s.F.Users["intake"], other); len(rs) != 0 {
			t.Errorf("an older dossier was rated: %+v", rs)
		}

		// Not satisfied: the rating counts at once, the reason comes on a second screen.
		resp, _ = s.post(t, kioskPath+"/danh-gia", url.Values{"code": {third}, "value": {"1"}})
		loc := resp.Header.Get("Location")
		if !strings.HasPrefix(loc, kioskPath+"/ly-do?") {
			t.Fatalf("not satisfied leads to %s", loc)
		}
		code, body = s.get(t, loc)
		if code != 200 || !strings.Contains(body, `value="waiting"`) || strings.Contains(body, "<a ") || !strings.Contains(body, `name="code" value="`+third+`"`) {
			t.Fatalf("reason screen: %d\n%s", code, body)
		}
		kioskResets(t, "the reason screen", body, 60, kioskPath)
		resp, _ = s.post(t, kioskPath+"/ly-do", url.Values{"code": {third}, "reason": {"waiting"}, "comment": {"Chờ 40 phút"}})
		if resp.Header.Get("Location") != kioskPath+"/cam-on" {
			t.Errorf("after the reason: %s", resp.Header.Get("Location"))
		}
		rs, _ = s.F.Store.Ratings(ctx, s.F.Users["intake"], third)
		if len(rs) != 1 || rs[0].Value != store.NotSatisfied || rs[0].Reason != "waiting" || rs[0].Comment != "Chờ 40 phút" {
			t.Fatalf("not-satisfied rating: %+v", rs)
		}
	})
}
