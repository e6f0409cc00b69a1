package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/calendar"
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/web"
	"github.com/motcua/motcua/workflow"
)

// filesTable cuts the uploaded-files table out of an officer's dossier page.
func filesTable(t *testing.T, body string) string {
	t.Helper()
	start := strings.Index(body, `<table class="stack files">`)
	if start < 0 {
		t.Fatalf("the page has no files table\n%s", body)
	}
	end := strings.Index(body[start:], "</table>")
	return body[start : start+end]
}

// fileRow is the table row that links to a file.
func fileRow(t *testing.T, table string, id int64) string {
	t.Helper()
	for _, row := range strings.Split(table, "<tr>") {
		if strings.Contains(row, fmt.Sprintf(`href="/tep/%d"`, id)) {
			return row
		}
	}
	t.Fatalf("no row links to file %d\n%s", id, table)
	return ""
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func TestOfficerDossierPageListsTheUploadedFiles(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		st, citizen := s.F.Store, s.F.Users["citizen"]
		dos := submitted(t, s) // to-khai.pdf, at 09:00
		dos, err := st.Act(ctx, s.F.Users["intake"], dos.Code, dossier.Request{Action: workflow.RequestSupplement,
			Version: dos.Version, Reason: "Thiếu trang 2"})
		if err != nil {
			t.Fatal(err)
		}
		s.SetNow(testdb.At(10, 15))
		// A name a browser may well send: the page must show it as text, not markup.
		if _, err := st.AnswerSupplement(ctx, citizen, dos.Code, dos.Version, "Gửi trang 2",
			[]store.NewFile{{Document: "Tờ khai", Name: "trang <2> & 3.png", Data: testPNG}}); err != nil {
			t.Fatal(err)
		}
		files, err := st.DossierFiles(ctx, citizen, dos.Code)
		if err != nil || len(files) != 2 {
			t.Fatalf("files: %+v %v", files, err)
		}
		intake := s.officerAs(t, "intake")
		body, _ := intake.officerPage(t, dos.Code)
		table := filesTable(t, body)
		if strings.Contains(table, "<2>") {
			t.Fatal("a file name is not escaped")
		}
		cases := []struct {
			file int
			want []string
		}{
			{0, []string{">to-khai.pdf</a>", "Tờ khai", ">PDF<", ">2 KB<", ">Nộp hồ sơ<", "09:00 02/03/2026",
				`title="` + sha(testPDF) + `"`, ">" + sha(testPDF)[:12] + "…<", `class="uploader">` + citizen.FullName + "<"}},
			{1, []string{">trang &lt;2&gt; &amp; 3.png</a>", "Tờ khai", ">PNG<", ">1 KB<", ">Bổ sung hồ sơ<", "10:15 02/03/2026",
				`title="` + sha(testPNG) + `"`, ">" + sha(testPNG)[:12] + "…<"}},
		}
		for _, c := range cases {
			row := fileRow(t, table, files[c.file].ID)
			for _, w := range c.want {
				if !strings.Contains(row, w) {
					t.Errorf("file %d: the row lacks %q\n%s", c.file, w, row)
				}
			}
		}

		// The links work for the officer, and opening a file is logged and named on the page.
		s.SetNow(testdb.At(10, 20))
		resp, err := intake.Client.Get(s.URL + fmt.Sprintf("/tep/%d", files[0].ID))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.Equal(got, testPDF) {
			t.Fatalf("officer download: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		log, err := st.AccessLog(ctx, dos.Code)
		if err != nil || len(log) != 2 || log[0].Screen != web.ScreenFile || log[0].Username != "intake" {
			t.Fatalf("access log after the download: %+v %v", log, err)
		}
		if body, _ := intake.officerPage(t, dos.Code); !strings.Contains(body, "Mở tệp đính kèm") {
			t.Fatal("the access log does not name the file screen")
		}

		// English.
		intake.get(t, "/ngon-ngu/en?next=/")
		body, _ = intake.officerPage(t, dos.Code)
		for _, w := range []string{">Uploaded files<", ">SHA-256<", ">The submission<", ">A supplement<", ">Opened a file<"} {
			if !strings.Contains(body, w) {
				t.Errorf("the English page lacks %q", w)
			}
		}

		// Another unit's officer sees neither the page nor the files.
		other := s.officerAs(t, "other.intake")
		if code, body := other.get(t, "/can-bo/ho-so/"+dos.Code); code != http.StatusNotFound || strings.Contains(body, "to-khai.pdf") {
			t.Fatalf("another unit's officer: %d", code)
		}
		for _, f := range files {
			if code, _ := other.get(t, fmt.Sprintf("/tep/%d", f.ID)); code != http.StatusNotFound {
				t.Fatalf("another unit's officer downloads file %d: %d", f.ID, code)
			}
		}
		if log, _ := st.AccessLog(ctx, dos.Code); len(log) != 4 {
			t.Fatalf("the refused reads were logged: %d accesses", len(log))
		}
	})
}

func TestOfficerDossierPageShowsAnIntakeOutsideTheCentre(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		st := s.F.Store
		at := time.Date(2026, 3, 1, 19, 30, 0, 0, calendar.Zone)
		intake := func(place string, placeAt *time.Time) string {
			d, err := st.Intake(ctx, s.F.Users["intake"], store.CounterIntake{
				NewDossier: store.NewDossier{ProcedureCode: testdb.ProcCode, UnitCode: testdb.Dept,
					Applicant: dossier.Applicant{Name: "Nguyễn Văn An", IDNumber: "026090001234"}},
				Decision: store.IntakeReceive, Place: place, PlaceAt: placeAt,
				Documents: []store.IntakeDocument{{Name: "Tờ khai", Required: true, Received: true, Originals: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			return d.Code
		}
		online, err := st.CreateDossier(ctx, s.F.Users["citizen"], store.NewDossier{ProcedureCode: testdb.ProcCode,
			UnitCode: testdb.Dept, Channel: catalog.Online, Applicant: dossier.Applicant{Name: "Công Dân"}})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name      string
			code      string
			want, not []string
		}{
			{"at home in the evening", intake("Nhà riêng <ông An>, thôn Đông", &at),
				[]string{"Tiếp nhận ngoài trụ sở", "Nhà riêng &lt;ông An&gt;, thôn Đông", "lúc 19:30 01/03/2026", "Hồ sơ không có tệp đính kèm."},
				[]string{"<ông An>"}},
			{"at the counter", intake("", nil), nil, []string{"Tiếp nhận ngoài trụ sở"}},
			{"online", online.Code, nil, []string{"Tiếp nhận ngoài trụ sở"}},
		}
		o := s.officerAs(t, "officer")
		for _, c := range cases {
			body, _ := o.officerPage(t, c.code)
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: the page lacks %q", c.name, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(body, w) {
					t.Errorf("%s: the page shows %q", c.name, w)
				}
			}
		}
	})
}

// Every screen the access log records has a name on the citizen's access page, in both languages.
func TestCitizenAccessPageNamesEveryScreen(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		d := submitted(t, s)
		cases := []struct{ screen, vi, en string }{
			{store.ScreenDossier, "Trang hồ sơ", "Dossier page"},
			{store.ScreenReceipt, "In giấy tiếp nhận", "Printed receipt"},
			{web.ScreenFile, "Mở tệp đính kèm", "Opened a file"},
			{store.ScreenAPI, "Đọc qua API (phần mềm kết nối)", "Read through the API (connected software)"},
		}
		for _, c := range cases {
			if err := s.F.Store.LogAccess(ctx, s.F.Users["intake"], d.Code, c.screen); err != nil {
				t.Fatal(err)
			}
		}
		signIn(t, s, "an", "mat-khau-an", "/cong-dan/truy-cap")
		for _, lang := range []string{"vi", "en"} {
			s.get(t, "/ngon-ngu/"+lang+"?next=/")
			code, body := s.get(t, "/cong-dan/truy-cap")
			if code != http.StatusOK {
				t.Fatalf("%s: access page %d", lang, code)
			}
			for _, c := range cases {
				want := c.vi
				if lang == "en" {
					want = c.en
				}
				if !strings.Contains(body, ">"+want+"<") {
					t.Errorf("%s: screen %s is not named %q", lang, c.screen, want)
				}
			}
			if strings.Contains(body, ">Khác<") || strings.Contains(body, ">Other<") {
				t.Errorf("%s: a screen is shown as other", lang)
			}
		}
	})
}
