package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/org"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// ctrSignIn signs the site's client in as a fixture user through the sign-in form, on a fresh
// cookie jar (one browser per person).
func ctrSignIn(t *testing.T, s *site, name string) {
	t.Helper()
	s.Client = newClient()
	s.get(t, "/dang-nhap")
	resp, body := s.post(t, "/dang-nhap", url.Values{"username": {name}, "password": {"password-" + name}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d\n%s", name, resp.StatusCode, body)
	}
}

// ctrCounters gives the fixture's department two counters.
func ctrCounters(t *testing.T, s *site) {
	t.Helper()
	ctx := context.Background()
	u, err := s.F.Store.Unit(ctx, testdb.Dept)
	if err != nil {
		t.Fatal(err)
	}
	u.Counters = []string{"Quầy 1", "Quầy 2"}
	if err := s.F.Store.PutUnits(ctx, []org.Unit{u}); err != nil {
		t.Fatal(err)
	}
}

// ctrIntakeForm is a complete counter intake of the fixture procedure.
func ctrIntakeForm(decision string) url.Values {
	return url.Values{"case": {"0"}, "unit": {testdb.Dept}, "name": {"Nguyễn Văn An"}, "id-number": {"026090001234"},
		"phone": {"0912 345 678"}, "email": {"an@example.vn"}, "address": {"Số 12 Mê Linh, Vĩnh Yên"}, "type": {"1"},
		"doc-0": {"1"}, "doc-0-originals": {"1"}, "doc-0-copies": {"0"}, "sets": {"1"}, "summary": {"Cấp 02 phiếu"},
		"delivery": {"counter"}, "decision": {decision}}
}

// ctrIntake posts an intake and returns the dossier code from the slip it redirects to.
func ctrIntake(t *testing.T, s *site, form url.Values) (code, slip string) {
	t.Helper()
	s.get(t, "/can-bo/tiep-nhan/"+testdb.ProcCode)
	resp, body := s.post(t, "/can-bo/tiep-nhan/"+testdb.ProcCode, form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("intake: %d\n%s", resp.StatusCode, body)
	}
	slip = resp.Header.Get("Location")
	m := regexp.MustCompile(`^/can-bo/ho-so/([^/]+)/`).FindStringSubmatch(slip)
	if m == nil {
		t.Fatalf("intake redirected to %q", slip)
	}
	return m[1], slip
}

func TestCounterIntakeReceivesAndPrintsTheSlip(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		ctrSignIn(t, s, "intake")
		code, body := s.get(t, "/can-bo/tiep-nhan?q=ly+lich+tu+phap")
		if code != 200 || !strings.Contains(body, `href="/can-bo/tiep-nhan/`+testdb.ProcCode+`"`) {
			t.Fatalf("procedure search: %d\n%s", code, body)
		}
		code, body = s.get(t, "/can-bo/tiep-nhan/"+testdb.ProcCode)
		if code != 200 || !strings.Contains(body, `id="doc-0"`) || !strings.Contains(body, "Tờ khai") {
			t.Fatalf("intake form: %d\n%s", code, body)
		}

		// Errors come back next to their fields, with what was typed kept.
		bad := ctrIntakeForm("receive")
		bad.Set("name", "")
		bad.Set("phone", "0912-abc")
		bad.Del("doc-0")
		resp, body := s.post(t, "/can-bo/tiep-nhan/"+testdb.ProcCode, bad)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid intake: %d", resp.StatusCode)
		}
		for _, want := range []string{`id="name-error"`, `id="phone-error"`, `id="doc-0-error"`, `href="#name"`,
			`value="Số 12 Mê Linh, Vĩnh Yên"`, `value="0912-abc"`} {
			if !strings.Contains(body, want) {
				t.Errorf("invalid intake page lacks %s", want)
			}
		}

		dcode, slip := ctrIntake(t, s, ctrIntakeForm("receive"))
		if !strings.HasSuffix(slip, "/giay-tiep-nhan") {
			t.Fatalf("receive leads to %s", slip)
		}
		d, err := s.F.Store.Dossier(ctx, s.F.Users["intake"], dcode)
		if err != nil || d.Status != workflow.Received || d.Applicant.Phone != "0912345678" {
			t.Fatalf("dossier: %+v %v", d, err)
		}
		rec, ok, err := s.F.Store.IntakeOf(ctx, s.F.Users["intake"], dcode)
		if err != nil || !ok || len(rec.Documents) != 1 || !rec.Documents[0].Received || rec.Documents[0].Originals != 1 {
			t.Fatalf("the ticked checklist is not stored: %+v %v %v", rec, ok, err)
		}
		code, body = s.get(t, slip)
		if code != 200 {
			t.Fatalf("slip: %d", code)
		}
		for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", dcode,
			"Nguyễn Văn An", "Tờ khai", d.TrackingSecret, "/tra-cuu?code=" + url.QueryEscape(dcode), "Cấp Phiếu lý lịch tư pháp",
			d.DueAt.Format("02/01/2006"), "Số lượng hồ sơ: 1 bộ", `<svg class="cslip-qr"`} {
			if !strings.Contains(body, want) {
				t.Errorf("slip lacks %q", want)
			}
		}
		log, err := s.F.Store.AccessLog(ctx, dcode)
		if err != nil || len(log) != 1 || log[0].Screen != store.ScreenReceipt || log[0].Username != "intake" {
			t.Errorf("opening the slip is not in the personal-data access log: %+v %v", log, err)
		}
	})
}

func TestCounterIntakeTurnsAway(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctrSignIn(t, s, "intake")
		for _, c := range []struct {
			decision, slip, title string
			status                workflow.Status
		}{
			{"supplement", "/phieu-bo-sung", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", workflow.Supplement},
			{"refuse", "/phieu-tu-choi", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", workflow.Refused},
		} {
			t.Run(c.decision, func(t *testing.T) {
				form := ctrIntakeForm(c.decision)
				form.Del("doc-0")
				s.get(t, "/can-bo/tiep-nhan/"+testdb.ProcCode)
				resp, body := s.post(t, "/can-bo/tiep-nhan/"+testdb.ProcCode, form)
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="reason-error"`) {
					t.Fatalf("without a reason: %d", resp.StatusCode)
				}
				form.Set("reason", "Tờ khai chưa ký")
				dcode, slip := ctrIntake(t, s, form)
				if !strings.HasSuffix(slip, c.slip) {
					t.Fatalf("%s leads to %s", c.decision, slip)
				}
				d, err := s.F.Store.Dossier(context.Background(), s.F.Users["intake"], dcode)
				if err != nil || d.Status != c.status {
					t.Fatalf("status %d, want %d (%v)", d.Status, c.status, err)
				}
				code, body := s.get(t, slip)
				if code != 200 || !strings.Contains(body, c.title) || !strings.Contains(body, "Tờ khai chưa ký") {
					t.Fatalf("slip: %d\n%s", code, body)
				}
				if c.decision == "supplement" && !strings.Contains(body, "<li>Tờ khai</li>") {
					t.Error("the supplement slip does not list the missing paper")
				}
				// A refused dossier has no appointment slip.
				if c.decision == "refuse" {
					if code, _ := s.get(t, "/can-bo/ho-so/"+dcode+"/giay-tiep-nhan"); code != http.StatusConflict {
						t.Errorf("receipt of a refused dossier: %d", code)
					}
				}
			})
		}
	})
}

func TestCounterIntakeOutsideTheCentre(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctrSignIn(t, s, "intake")
		form := ctrIntakeForm("receive")
		form.Set("place", "Nhà riêng, thôn Đông, xã Đạo Trù")
		form.Set("place-at", "03/03/2026 19:30") // the site's clock is 2 March, 09:00
		s.get(t, "/can-bo/tiep-nhan/"+testdb.ProcCode)
		resp, body := s.post(t, "/can-bo/tiep-nhan/"+testdb.ProcCode, form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="place-at-error"`) || !strings.Contains(body, "<details class=\"counter-outside\" open") {
			t.Fatalf("an intake in the future: %d", resp.StatusCode)
		}
		form.Set("place-at", "bogus")
		if resp, body := s.post(t, "/can-bo/tiep-nhan/"+testdb.ProcCode, form); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="place-at-error"`) {
			t.Fatalf("an unreadable time: %d", resp.StatusCode)
		}
		form.Set("place-at", "01/03/2026 19:30")
		_, slip := ctrIntake(t, s, form)
		if _, body := s.get(t, slip); !strings.Contains(body, "Nhà riêng, thôn Đông, xã Đạo Trù, 19 giờ 30 phút, ngày 01/03/2026") {
			t.Error("the slip does not show where and when the dossier was taken in")
		}
	})
}

func TestCounterPagesCheckWhoAsks(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		if code, _ := s.get(t, "/can-bo/tiep-nhan"); code != http.StatusSeeOther {
			t.Errorf("signed out: %d", code)
		}
		ctrSignIn(t, s, "officer")
		if code, _ := s.get(t, "/can-bo/tiep-nhan"); code != http.StatusForbidden {
			t.Errorf("a processing officer at the intake page: %d", code)
		}
		ctrSignIn(t, s, "intake")
		dcode, slip := ctrIntake(t, s, ctrIntakeForm("receive"))
		ctrSignIn(t, s, "other.intake")
		if code, _ := s.get(t, slip); code != http.StatusNotFound {
			t.Errorf("another unit's intake officer reads the slip of %s: %d", dcode, code)
		}
		// Another unit's officer cannot receive for Dept, even by editing the form.
		s.get(t, "/can-bo/tiep-nhan/"+testdb.ProcCode)
		resp, body := s.post(t, "/can-bo/tiep-nhan/"+testdb.ProcCode, ctrIntakeForm("receive"))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="unit-error"`) {
			t.Errorf("intake for another unit: %d", resp.StatusCode)
		}
		if resp, _ := s.post(t, "/can-bo/tiep-nhan/"+testdb.ProcCode, url.Values{"csrf": {"forged"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("forged CSRF: %d", resp.StatusCode)
		}
	})
}

func TestCounterTakeCounter(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctrCounters(t, s)
		ctrSignIn(t, s, "intake")
		_, body := s.get(t, "/can-bo/tiep-nhan")
		if !strings.Contains(body, `value="`+testdb.Dept+`:Quầy 2"`) {
			t.Fatal("the counters are not offered")
		}
		resp, _ := s.post(t, "/can-bo/tiep-nhan/quay", url.Values{"counter": {testdb.Dept + ":Quầy 2"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("take counter: %d", resp.StatusCode)
		}
		desk, ok, _ := s.F.Store.DeskOf(context.Background(), s.F.Users["intake"].ID)
		if !ok || desk.Counter != "Quầy 2" {
			t.Fatalf("desk: %+v %v", desk, ok)
		}
		if resp, _ := s.post(t, "/can-bo/tiep-nhan/quay", url.Values{"counter": {testdb.Other + ":Quầy 1"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a counter of another unit: %d", resp.StatusCode)
		}
		if resp, _ := s.post(t, "/can-bo/tiep-nhan/quay", url.Values{"counter": {testdb.Dept + ":Quầy 9"}}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("an unknown counter: %d", resp.StatusCode)
		}
		s.post(t, "/can-bo/tiep-nhan/quay", url.Values{"leave": {"1"}})
		if _, ok, _ := s.F.Store.DeskOf(context.Background(), s.F.Users["intake"].ID); ok {
			t.Error("still at the counter after leaving it")
		}
	})
}

func TestAppointmentBookingAndHandling(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		code, body := s.get(t, "/dat-lich?q=ly+lich")
		if code != 200 || !strings.Contains(body, "/dat-lich?thu-tuc="+testdb.ProcCode) {
			t.Fatalf("booking search: %d", code)
		}
		code, body = s.get(t, "/dat-lich?thu-tuc="+testdb.ProcCode)
		// Monday 2 March 2026: the days offered start on Tuesday and skip the weekend.
		if code != 200 || !strings.Contains(body, `value="2026-03-03"`) || strings.Contains(body, `value="2026-03-02"`) || strings.Contains(body, `value="2026-03-07"`) {
			t.Fatalf("booking form: %d", code)
		}
		good := url.Values{"procedure": {testdb.ProcCode}, "unit": {testdb.Dept}, "name": {"Lê Thị Cúc"}, "phone": {"0912 345 678"},
			"address": {"Thôn Đông, xã Đạo Trù"}, "day": {"2026-03-04"}, "slot": {store.AppointmentSlots[1]}}
		for _, c := range []struct {
			name, field, value, errID string
		}{
			{"bad phone", "phone", "12345", "phone-error"},
			{"phone with letters", "phone", "09abc45678", "phone-error"},
			{"no address", "address", "", "address-error"},
			{"no name", "name", " ", "name-error"},
			{"today", "day", "2026-03-02", "day-error"},
			{"saturday", "day", "2026-03-07", "day-error"},
			{"not a date", "day", "04/03/2026", "day-error"},
			{"no slot", "slot", "", "slot-error"},
			{"unit not handling it", "unit", testdb.Commune, "unit-error"},
		} {
			t.Run(c.name, func(t *testing.T) {
				f := url.Values{}
				for k, v := range good {
					f[k] = v
				}
				f.Set(c.field, c.value)
				resp, body := s.post(t, "/dat-lich", f)
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+c.errID+`"`) {
					t.Errorf("%d, want the error %s", resp.StatusCode, c.errID)
				}
			})
		}
		resp, _ := s.post(t, "/dat-lich", good)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/dat-lich/da-dat?ma=LH-") {
			t.Fatalf("booking: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		code, body = s.get(t, resp.Header.Get("Location"))
		if code != 200 || !strings.Contains(body, "Thứ Tư, 04/03/2026") || strings.Contains(body, "0912") {
			t.Fatalf("confirmation: %d (it must show the day and no personal data)", code)
		}

		ctrSignIn(t, s, "other.intake")
		if _, body := s.get(t, "/can-bo/lich-hen"); strings.Contains(body, "Lê Thị Cúc") {
			t.Error("another unit sees the appointment")
		}
		ctrSignIn(t, s, "intake")
		_, body = s.get(t, "/can-bo/lich-hen")
		m := regexp.MustCompile(`href="(/can-bo/tiep-nhan/[^"?]+\?lich-hen=(\d+))"`).FindStringSubmatch(body)
		if !strings.Contains(body, "Lê Thị Cúc") || m == nil {
			t.Fatalf("the unit's list lacks the appointment or its intake link:\n%s", body)
		}
		_, body = s.get(t, strings.ReplaceAll(m[1], "&amp;", "&"))
		if !strings.Contains(body, `value="Lê Thị Cúc"`) || !strings.Contains(body, `name="appointment" value="`+m[2]+`"`) {
			t.Fatal("the intake form is not prefilled from the appointment")
		}
		form := ctrIntakeForm("receive")
		form.Set("appointment", m[2])
		form.Set("place", "Thôn Đông, xã Đạo Trù")
		dcode, _ := ctrIntake(t, s, form)
		list, _ := s.F.Store.Appointments(ctx, s.F.Users["intake"], store.AppointmentFilter{})
		if len(list) != 1 || list[0].Status != store.AppointmentDone || list[0].DossierCode != dcode {
			t.Fatalf("the appointment after the intake at home: %+v", list)
		}

		// A second booking is cancelled from the list.
		officer := s.Client
		s.Client = newClient()
		s.get(t, "/dat-lich?thu-tuc="+testdb.ProcCode)
		good.Del("csrf") // s.post filled in the first browser's token
		if resp, body := s.post(t, "/dat-lich", good); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("second booking: %d\n%s", resp.StatusCode, body)
		}
		s.Client = officer
		list, _ = s.F.Store.Appointments(ctx, s.F.Users["intake"], store.AppointmentFilter{Status: store.AppointmentBooked})
		if len(list) != 1 {
			t.Fatalf("open appointments: %d", len(list))
		}
		id := list[0].ID
		path := "/can-bo/lich-hen/" + strconv.FormatInt(id, 10)
		if resp, _ := s.post(t, path, url.Values{"status": {"cancelled"}}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/can-bo/lich-hen?kq=ok" {
			t.Fatalf("cancel: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := s.post(t, path, url.Values{"status": {"done"}}); resp.Header.Get("Location") != "/can-bo/lich-hen?kq=loi" {
			t.Errorf("a cancelled appointment marked done: %s", resp.Header.Get("Location"))
		}
	})
}

func TestCounterIntakeNamesTheCompetentUnit(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		// A commune desk receives a dossier the department decides.
		if _, err := s.F.Store.AddUser(context.Background(), user.User{Username: "commune.intake", FullName: "Cán bộ xã",
			Roles: []user.RoleAt{{Role: workflow.IntakeOfficer, Unit: testdb.Commune}}}, "password-commune.intake"); err != nil {
			t.Fatal(err)
		}
		ctrSignIn(t, s, "commune.intake")
		_, body := s.get(t, "/can-bo/tiep-nhan/"+testdb.ProcCode)
		if !strings.Contains(body, `<select id="competent"`) {
			t.Fatal("the form does not ask for the competent unit")
		}
		form := ctrIntakeForm("receive")
		form.Set("unit", testdb.Commune)
		resp, body := s.post(t, "/can-bo/tiep-nhan/"+testdb.ProcCode, form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="competent-error"`) {
			t.Fatalf("without the competent unit: %d", resp.StatusCode)
		}
		form.Set("competent", testdb.Dept)
		form.Del("csrf")
		dcode, _ := ctrIntake(t, s, form)
		d, err := s.F.Store.DossierByCode(context.Background(), dcode)
		if err != nil || d.UnitCode != testdb.Commune || d.CompetentUnit != testdb.Dept {
			t.Fatalf("units: %+v %v", d, err)
		}
	})
}
