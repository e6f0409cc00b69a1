package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/deliver"
	"github.com/motcua/motcua/notice"
	"github.com/motcua/motcua/store"
)

// refusing is a channel that refuses every message for good.
type refusing struct{}

func (refusing) Send(context.Context, notice.Message) error {
	return deliver.Permanent(errors.New("550 5.1.1 no such mailbox"))
}

// accepting takes every message.
type accepting struct{ got []notice.Message }

func (a *accepting) Send(_ context.Context, m notice.Message) error {
	a.got = append(a.got, m)
	return nil
}

func TestOfficerSeesAFailedNoticeAndSendsItAgain(t *testing.T) {
	eachSite(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		st := s.F.Store
		d := officerCounterDossier(t, s, "Nguyễn Văn An") // a phone number, no email
		w := &deliver.Worker{Store: st, Senders: map[notice.Channel]deliver.Sender{notice.SMS: refusing{}}, PublicURL: "http://127.0.0.1:8080"}
		if _, failed, err := w.Pass(ctx); failed != 1 || err != nil {
			t.Fatalf("pass: %d %v", failed, err)
		}
		o := s.officerAs(t, "intake")
		body, _ := o.officerPage(t, d.Code)
		ns, err := st.Notices(ctx, s.F.Users["intake"], d.Code)
		if err != nil || len(ns) != 1 {
			t.Fatalf("notices: %v %+v", err, ns)
		}
		retry := "/can-bo/ho-so/" + d.Code + "/thong-bao/" + strconv.FormatInt(ns[0].ID, 10) + "/gui-lai"
		for _, want := range []string{`id="notices-h"`, "Tiếp nhận hồ sơ, hẹn trả kết quả", "Tin nhắn SMS", "0912345678",
			"Gửi không thành công", "no such mailbox", `action="` + retry + `"`, "Gửi lại"} {
			if !strings.Contains(body, want) {
				t.Fatalf("the dossier page lacks %q", want)
			}
		}
		// Without the CSRF token nothing happens.
		resp, _ := o.Client.PostForm(o.URL+retry, url.Values{})
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("retry without CSRF: %d", resp.StatusCode)
		}
		resp, page := o.post(t, retry, url.Values{})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/can-bo/ho-so/"+d.Code+"#notices-h" {
			t.Fatalf("retry: %d %q\n%s", resp.StatusCode, resp.Header.Get("Location"), page)
		}
		if n, _ := st.Notices(ctx, s.F.Users["intake"], d.Code); n[0].Status != store.NoticePending {
			t.Fatalf("after retry: %+v", n[0])
		}
		ok := &accepting{}
		w.Senders[notice.SMS] = ok
		if sent, _, err := w.Pass(ctx); sent != 1 || err != nil || len(ok.got) != 1 {
			t.Fatalf("pass after retry: %d %v", sent, err)
		}
		body, _ = o.officerPage(t, d.Code)
		if !strings.Contains(body, "Đã gửi") || strings.Contains(body, `action="`+retry+`"`) {
			t.Fatal("the page does not show the notice sent, or still offers to send it again")
		}
		// A sent notice is not sent again, even when asked directly.
		if resp, _ := o.post(t, retry, url.Values{}); resp.StatusCode != http.StatusConflict {
			t.Fatalf("retry of a sent notice: %d", resp.StatusCode)
		}
		// An officer of another unit does not see the dossier, nor its notices.
		other := s.officerAs(t, "other.intake")
		other.get(t, "/can-bo")
		if resp, _ := other.post(t, retry, url.Values{}); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("retry by another unit: %d", resp.StatusCode)
		}
	})
}
