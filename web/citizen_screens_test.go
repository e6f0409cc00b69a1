//go:build screenshots

package web_test

// Screenshots of every citizen step at 360 px, in a real Chromium driven through the whole flow
// (sign-in at the test provider, submission with two files and the JavaScript progress bar,
// supplement, withdrawal, rating, access log). Not part of the ordinary run:
//
//	MOTCUA_SHOTS=/tmp/shots go test -tags screenshots -run TestCitizenScreens ./web/

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/workflow"
)

func TestCitizenScreens(t *testing.T) {
	dir := os.Getenv("MOTCUA_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := t.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 200, 120))
	for x := 0; x < 200; x++ {
		for y := 0; y < 120; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y * 2), 120, 255})
		}
	}
	var pngBuf bytes.Buffer
	_ = png.Encode(&pngBuf, img)
	write := func(name string, b []byte) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pdfPath := write("to-khai.pdf", testPDF)
	pngPath := write("trang-2.png", pngBuf.Bytes())
	badPath := write("don-de-nghi.docx", []byte("PK\x03\x04 not a pdf"))

	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath("chromium"), chromedp.NoSandbox, chromedp.WindowSize(360, 800),
			chromedp.Flag("disable-gpu", true), chromedp.Flag("lang", "vi"))...)
		defer cancel()
		ctx, cancel := chromedp.NewContext(alloc)
		defer cancel()
		ctx, cancel = context.WithTimeout(ctx, 120*time.Second)
		defer cancel()
		n := 0
		shot := func(name string) chromedp.Action[chromedp.Void] {
			return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				b, err := chromedp.FullScreenshot(100)(ctx, tg)
				if err != nil {
					return err
				}
				n++
				return os.WriteFile(filepath.Join(dir, filepath.Base(name)+".png"), b, 0o644)
			})
		}
		run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			if err := chromedp.Do(ctx, actions...); err != nil {
				url, _ := chromedp.Run(ctx, chromedp.Location())
				t.Fatalf("%s (at %s): %v", what, url, err)
			}
		}
		proc := "/nop-ho-so/" + testdb.ProcCode
		run("start", chromedp.EmulateViewport(360, 800), chromedp.Navigate(s.URL+proc), shot("01-start-anonymous"))
		run("sign in", chromedp.Click(chromedp.CSS(`a.button.start`)), chromedp.WaitVisible(chromedp.CSS(`h1`)), shot("02-signin"),
			chromedp.Click(chromedp.CSS(`a.button.start`)), chromedp.WaitVisible(chromedp.CSS(`#username`)),
			chromedp.SendKeys(chromedp.CSS(`#username`), "an"), chromedp.SendKeys(chromedp.CSS(`#password`), "mat-khau-an"), chromedp.Click(chromedp.CSS(`#login`)),
			chromedp.WaitVisible(chromedp.CSS(`form[action="`+proc+`"] button`)), shot("03-start-signedin"))
		run("applicant", chromedp.Click(chromedp.CSS(`form[action="`+proc+`"] button`)), chromedp.WaitVisible(chromedp.CSS(`#phone`)), shot("04-applicant"),
			chromedp.Clear(chromedp.CSS(`#name`)), chromedp.SendKeys(chromedp.CSS(`#phone`), "12ab"), chromedp.Click(chromedp.CSS(`form button.button`)),
			chromedp.WaitVisible(chromedp.CSS(`.error-summary`)), shot("05-applicant-errors"))
		run("applicant ok", chromedp.SendKeys(chromedp.CSS(`#name`), "Nguyễn Văn An"), chromedp.Clear(chromedp.CSS(`#phone`)), chromedp.SendKeys(chromedp.CSS(`#phone`), "0912 345 678"),
			chromedp.SendKeys(chromedp.CSS(`#address`), "Số 1, đường Hùng Vương, phường Liên Bảo, Vĩnh Yên"),
			chromedp.SendKeys(chromedp.CSS(`#summary`), "Cấp 01 Phiếu lý lịch tư pháp số 1 để xin việc"),
			chromedp.Click(chromedp.CSS(`form button.button`)), chromedp.WaitVisible(chromedp.CSS(`#unit`)), shot("06-unit"))
		run("unit", chromedp.Click(chromedp.CSS(`#unit`)), chromedp.Click(chromedp.CSS(`form button.button`)), chromedp.WaitVisible(chromedp.CSS(`#doc-0`)), shot("07-documents"))
		run("wrong file", chromedp.SetUploadFiles(chromedp.CSS(`#doc-0`), []string{badPath}), chromedp.Click(chromedp.CSS(`button[value=upload]`)),
			chromedp.WaitVisible(chromedp.CSS(`.error-summary`)), shot("08-documents-wrong-type"))
		run("two files", chromedp.SetUploadFiles(chromedp.CSS(`#doc-0`), []string{pdfPath, pngPath}), chromedp.Click(chromedp.CSS(`button[value=upload]`)),
			chromedp.WaitVisible(chromedp.CSS(`ul.files`)), shot("09-documents-uploaded"))
		run("check", chromedp.Click(chromedp.CSS(`button[value=continue]`)), chromedp.WaitVisible(chromedp.CSS(`#submit`)), shot("10-check"))
		run("submit", chromedp.Click(chromedp.CSS(`#submit`)), chromedp.WaitVisible(chromedp.CSS(`.confirmation`)), shot("11-confirmation"))
		run("my dossiers", chromedp.Navigate(s.URL+"/cong-dan/ho-so"), chromedp.WaitVisible(chromedp.CSS(`ul.cards`)), shot("12-my-dossiers"))

		// The intake officer asks for more; the citizen answers, then withdraws.
		ctx2 := context.Background()
		page, err := s.F.Store.ListDossiers(ctx2, s.F.Users["citizen"], store.ListFilter{})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("dossiers: %v", err)
		}
		d := page.Items[0]
		if d, err = s.F.Store.Act(ctx2, s.F.Users["intake"], d.Code, dossier.Request{Action: workflow.RequestSupplement,
			Version: d.Version, Reason: "Ảnh trang 2 bị mờ, đề nghị chụp lại rõ hơn."}); err != nil {
			t.Fatal(err)
		}
		if err := s.F.Store.LogAccess(ctx2, s.F.Users["intake"], d.Code, store.ScreenDossier); err != nil {
			t.Fatal(err)
		}
		dp := s.URL + "/cong-dan/ho-so/" + d.Code
		run("supplement", chromedp.Navigate(dp), chromedp.WaitVisible(chromedp.CSS(`#files`)), shot("13-dossier-supplement"),
			chromedp.SetUploadFiles(chromedp.CSS(`#files`), []string{pngPath}), chromedp.SendKeys(chromedp.CSS(`#note`), "Gửi lại ảnh trang 2"),
			chromedp.Click(chromedp.CSS(`form[action$="/bo-sung"] button`)), chromedp.WaitVisible(chromedp.CSS(`.notice.success`)), shot("14-supplement-sent"))
		run("withdraw", chromedp.Navigate(dp+"/rut"), chromedp.WaitVisible(chromedp.CSS(`#reason`)), chromedp.Click(chromedp.CSS(`button.warning`)),
			chromedp.WaitVisible(chromedp.CSS(`.error-summary`)), shot("15-withdraw-error"))

		// Another dossier goes all the way and is rated online.
		d2 := submitted(t, s)
		for _, step := range []struct {
			who    string
			action workflow.Action
		}{{"intake", workflow.Receive}, {"intake", workflow.Forward}, {"officer", workflow.Forward},
			{"leader", workflow.Forward}, {"clerk", workflow.Forward}, {"intake", workflow.ReturnResult}} {
			if d2, err = s.F.Store.Act(ctx2, s.F.Users[step.who], d2.Code, dossier.Request{Action: step.action, Version: d2.Version, How: "counter"}); err != nil {
				t.Fatal(err)
			}
		}
		run("rate", chromedp.Navigate(s.URL+"/cong-dan/ho-so/"+d2.Code), chromedp.WaitVisible(chromedp.CSS(`#value-3`)), shot("16-rate"),
			chromedp.Click(chromedp.CSS(`#value-3`)), chromedp.Click(chromedp.CSS(`form[action$="/danh-gia"] button`)), chromedp.WaitVisible(chromedp.CSS(`.notice.success`)), shot("17-rated"))
		run("access", chromedp.Navigate(s.URL+"/cong-dan/truy-cap"), chromedp.WaitVisible(chromedp.CSS(`h1`)), shot("18-access-log"))
		run("english", chromedp.Navigate(s.URL+"/ngon-ngu/en?next=/cong-dan/ho-so"), chromedp.WaitVisible(chromedp.CSS(`ul.cards`)), shot("19-my-dossiers-en"))
		t.Logf("%d screenshots in %s", n, dir)
	})
}
