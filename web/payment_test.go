package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/workflow"
)

// gatewayDecides plays the payer at the sandbox gateway: opens the pay page the site sent them
// to and presses pay or cancel; it returns where the gateway sends them back.
func gatewayDecides(t *testing.T, s *site, payURL string, pay bool) *url.URL {
	t.Helper()
	resp, err := s.Client.Get(payURL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="q" value="([^"]*)"`).FindStringSubmatch(string(b))
	if resp.StatusCode != http.StatusOK || m == nil || !strings.Contains(string(b), "200.000 đ") {
		t.Fatalf("gateway page: %d\n%s", resp.StatusCode, b)
	}
	decision := map[bool]string{true: "pay", false: "cancel"}[pay]
	u, _ := url.Parse(payURL)
	resp, err = s.Client.PostForm(u.Scheme+"://"+u.Host+"/paymentv2/decide", url.Values{"q": {html.UnescapeString(m[1])}, "decision": {decision}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back, err := resp.Location()
	if resp.StatusCode != http.StatusSeeOther || err != nil || !strings.HasPrefix(back.String(), s.URL+"/thanh-toan/ket-qua?") {
		t.Fatalf("gateway decision: %d %v %v", resp.StatusCode, back, err)
	}
	return back
}

// ipn sends a notice to the site's IPN address as the gateway would and returns its RspCode.
func ipn(t *testing.T, s *site, q url.Values) string {
	t.Helper()
	resp, err := http.Get(s.URL + "/thanh-toan/ipn?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ RspCode, Message string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("IPN answer: %d %v", resp.StatusCode, err)
	}
	return body.RspCode
}

func TestOnlinePaymentThroughTheGateway(t *testing.T) {
	eachCitizenSite(t, func(t *testing.T, s *site, p *idp) {
		ctx := context.Background()
		st, in := s.F.Store, s.F.Users["intake"]
		dos := submitted(t, s)
		dos, err := st.Act(ctx, in, dos.Code, dossier.Request{Action: workflow.Receive, Version: dos.Version})
		if err != nil {
			t.Fatal(err)
		}
		dos, err = st.Act(ctx, in, dos.Code, dossier.Request{Action: workflow.RequestPayment, Version: dos.Version, Amount: 200000})
		if err != nil {
			t.Fatal(err)
		}
		signIn(t, s, "an", "mat-khau-an", "/cong-dan/ho-so")
		page := "/cong-dan/ho-so/" + dos.Code
		code, body := s.get(t, page)
		if code != 200 || !strings.Contains(body, "200.000 đ") || !strings.Contains(body, `action="`+page+`/thanh-toan"`) {
			t.Fatalf("dossier page offers no payment: %d\n%s", code, body)
		}
		if n := strings.Count(body, "/static/citizen.js"); n != 1 {
			t.Fatalf("the page loads citizen.js %d times", n)
		}
		pay := func() string {
			resp, _ := s.post(t, page+"/thanh-toan", url.Values{})
			loc := location(t, resp, http.StatusSeeOther)
			if !strings.Contains(loc, "/paymentv2/vpcpay.html?") {
				t.Fatalf("pay button sent the browser to %q", loc)
			}
			return loc
		}

		// Cancelled at the gateway: nothing is paid, the page says so, the dossier still waits.
		back := gatewayDecides(t, s, pay(), false)
		code, body = s.get(t, strings.TrimPrefix(back.String(), s.URL))
		if code != 200 || !strings.Contains(body, "chưa thành công") {
			t.Fatalf("return after cancel: %d\n%s", code, body)
		}
		if d, _ := st.Dossier(ctx, in, dos.Code); d.Status != workflow.Payment {
			t.Fatalf("status %d after a cancelled payment", d.Status)
		}

		// Paid: the gateway's IPN confirms it before the payer is even back.
		back = gatewayDecides(t, s, pay(), true)
		d, err := st.Dossier(ctx, in, dos.Code)
		if err != nil || d.Status != workflow.Received || d.Version != dos.Version+1 {
			t.Fatalf("after the IPN: status %d v%d (%v), want %d v%d", d.Status, d.Version, err, workflow.Received, dos.Version+1)
		}
		ev := d.History[len(d.History)-1]
		if ev.Action != workflow.ConfirmPayment || ev.Actor != "vnpay" {
			t.Fatalf("last event %+v", ev)
		}
		code, body = s.get(t, strings.TrimPrefix(back.String(), s.URL))
		if code != 200 || !strings.Contains(body, "Thanh toán thành công") || !strings.Contains(body, `href="`+page+`"`) {
			t.Fatalf("return after payment: %d\n%s", code, body)
		}

		// Replayed, tampered, unsigned, forged with the right key but a wrong amount or order.
		notice := back.Query()
		tampered := url.Values{}
		for k, v := range notice {
			tampered[k] = v
		}
		tampered.Set("vnp_Amount", "100")
		unsigned := url.Values{}
		for k, v := range notice {
			unsigned[k] = v
		}
		unsigned.Del("vnp_SecureHash")
		secret := s.Pay.HashSecret
		signed := func(change func(url.Values)) url.Values {
			q := url.Values{}
			for k, v := range notice {
				q[k] = v
			}
			change(q)
			q.Set("vnp_SecureHash", payment.SignVNPay(secret, q))
			return q
		}
		for _, c := range []struct {
			name string
			q    url.Values
			want string
		}{
			{"replayed", notice, "02"},
			{"tampered", tampered, "97"},
			{"unsigned", unsigned, "97"},
			{"wrong amount", signed(func(q url.Values) { q.Set("vnp_Amount", "100") }), "04"},
			{"unknown order", signed(func(q url.Values) { q.Set("vnp_TxnRef", "ffffffffffffffff") }), "01"},
		} {
			if got := ipn(t, s, c.q); got != c.want {
				t.Errorf("%s IPN: RspCode %s, want %s", c.name, got, c.want)
			}
		}
		after, _ := st.Dossier(ctx, in, dos.Code)
		if after.Version != d.Version || after.Status != workflow.Received {
			t.Fatalf("callbacks after the payment changed the dossier: v%d status %d", after.Version, after.Status)
		}
		code, body = s.get(t, "/thanh-toan/ket-qua?"+tampered.Encode())
		if code != http.StatusBadRequest || !strings.Contains(body, "Không xác nhận được") {
			t.Fatalf("tampered return: %d\n%s", code, body)
		}
		log, err := st.PaymentCallbacks(ctx, notice.Get("vnp_TxnRef"))
		if err != nil {
			t.Fatal(err)
		}
		n := map[payment.Outcome]int{}
		for _, c := range log {
			n[c.Outcome]++
		}
		// IPN and return of the cancelled try; IPN, return and replay of the paid one; two
		// bad signatures by IPN and one by the return page; one wrong amount.
		if n[payment.Failed] != 2 || n[payment.Confirmed] != 1 || n[payment.Duplicate] != 2 || n[payment.BadSignature] != 3 || n[payment.WrongAmount] != 1 {
			t.Fatalf("callback log by outcome %v", n)
		}
	})
}
