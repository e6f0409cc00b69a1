// Package sandbox is a payment gateway for the demo and the tests: it speaks the VNPAY merchant
// protocol (package payment's VNPay) on a loopback address, shows the payer a page to pay or
// cancel, then notifies the merchant's IPN address server to server and sends the payer back to
// the merchant's return address, each message signed like the real gateway's.
package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/payment"
)

// PayPath is the gateway's payment page, as the merchant's configuration names it.
const PayPath = "/paymentv2/vpcpay.html"

// Gateway is the sandbox. IPNURL is the merchant's IPN address (the real gateway has it from the
// merchant's registration, not from each request).
type Gateway struct {
	TmnCode    string
	HashSecret []byte
	IPNURL     string
	Log        *slog.Logger

	mu     sync.Mutex
	txnNo  int64
	client *http.Client
}

// Notice is one IPN the gateway sent and what the merchant answered.
type Notice struct {
	Params  url.Values
	RspCode string
	Err     error
}

// ServeHTTP serves the payment page and the payer's decision.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == PayPath && r.Method == http.MethodGet:
		g.page(w, r)
	case r.URL.Path == "/paymentv2/decide" && r.Method == http.MethodPost:
		g.decide(w, r)
	default:
		http.NotFound(w, r)
	}
}

var pageTmpl = template.Must(template.New("pay").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thanh toán thử nghiệm</title>
<style>body{font:18px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
.amount{font-size:2rem;font-weight:700}button{font-size:1.1rem;padding:.75rem 1.5rem;margin:.5rem .5rem 0 0;border-radius:.4rem;border:1px solid #0b4f8a}
.pay{background:#0b4f8a;color:#fff}.cancel{background:#fff;color:#0b4f8a}.note{color:#4a4a4a;font-size:.9rem}</style></head>
<body><main><h1>Cổng thanh toán thử nghiệm</h1>
<p class="note">Sandbox payment gateway — no money moves. Cổng thử nghiệm: không có tiền thật.</p>
<p>{{.Info}}</p><p>Mã giao dịch: <strong>{{.Ref}}</strong></p><p class="amount">{{.Amount}} đ</p>
<form method="post" action="/paymentv2/decide"><input type="hidden" name="q" value="{{.Query}}">
<button class="pay" name="decision" value="pay">Thanh toán</button>
<button class="cancel" name="decision" value="cancel">Hủy giao dịch</button></form></main></body></html>`))

func (g *Gateway) page(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !payment.VerifyVNPay(g.HashSecret, q) || q.Get("vnp_TmnCode") != g.TmnCode {
		http.Error(w, "Sai chữ ký / invalid signature", http.StatusBadRequest)
		return
	}
	hundredths, _ := strconv.ParseInt(q.Get("vnp_Amount"), 10, 64)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pageTmpl.Execute(w, map[string]any{"Info": q.Get("vnp_OrderInfo"), "Ref": q.Get("vnp_TxnRef"),
		"Amount": groupThousands(hundredths / 100), "Query": q.Encode()})
}

func (g *Gateway) decide(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	q, err := url.ParseQuery(r.PostFormValue("q"))
	if err != nil || !payment.VerifyVNPay(g.HashSecret, q) {
		http.Error(w, "Sai chữ ký / invalid signature", http.StatusBadRequest)
		return
	}
	res := g.Result(q, r.PostFormValue("decision") == "pay", time.Now())
	g.Notify(r.Context(), res)
	back, err := url.Parse(q.Get("vnp_ReturnUrl"))
	if err != nil || (back.Scheme != "http" && back.Scheme != "https") {
		http.Error(w, "vnp_ReturnUrl không hợp lệ", http.StatusBadRequest)
		return
	}
	back.RawQuery = res.Encode()
	http.Redirect(w, r, back.String(), http.StatusSeeOther)
}

// Result is the signed answer the gateway gives about the order in req: paid, or cancelled by
// the payer (response code 24).
func (g *Gateway) Result(req url.Values, paid bool, now time.Time) url.Values {
	g.mu.Lock()
	g.txnNo++
	no := 14000000 + g.txnNo
	g.mu.Unlock()
	code, status := "00", "00"
	if !paid {
		code, status = "24", "02"
	}
	res := url.Values{
		"vnp_TmnCode":           {g.TmnCode},
		"vnp_Amount":            {req.Get("vnp_Amount")},
		"vnp_BankCode":          {"NCB"},
		"vnp_BankTranNo":        {"VNP" + strconv.FormatInt(no, 10)},
		"vnp_CardType":          {"ATM"},
		"vnp_OrderInfo":         {req.Get("vnp_OrderInfo")},
		"vnp_PayDate":           {now.In(time.FixedZone("ICT", 7*3600)).Format("20060102150405")},
		"vnp_ResponseCode":      {code},
		"vnp_TransactionNo":     {strconv.FormatInt(no, 10)},
		"vnp_TransactionStatus": {status},
		"vnp_TxnRef":            {req.Get("vnp_TxnRef")},
	}
	res.Set("vnp_SecureHash", payment.SignVNPay(g.HashSecret, res))
	return res
}

// Notify sends the IPN for res to the merchant, retrying (like the real gateway, which retries
// for a day) a few times with backoff while the merchant fails or answers 99.
func (g *Gateway) Notify(ctx context.Context, res url.Values) Notice {
	n := Notice{Params: res}
	for attempt, wait := 0, 100*time.Millisecond; attempt < 4; attempt, wait = attempt+1, wait*3 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				n.Err = ctx.Err()
				return n
			case <-time.After(wait):
			}
		}
		n.RspCode, n.Err = g.send(ctx, res)
		if n.Err == nil && n.RspCode != "99" {
			break
		}
	}
	if n.Err != nil && g.Log != nil {
		g.Log.Warn("sandbox IPN not delivered", "ref", res.Get("vnp_TxnRef"), "err", n.Err)
	}
	return n
}

func (g *Gateway) send(ctx context.Context, res url.Values) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.IPNURL+"?"+res.Encode(), nil)
	if err != nil {
		return "", err
	}
	g.mu.Lock()
	if g.client == nil {
		g.client = &http.Client{Timeout: 10 * time.Second}
	}
	c := g.client
	g.mu.Unlock()
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var body struct{ RspCode, Message string }
	if err := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 4096)).Decode(&body); err != nil {
		return "", fmt.Errorf("IPN answer (HTTP %d): %w", resp.StatusCode, err)
	}
	return body.RspCode, nil
}

// Start serves the gateway on a free loopback port until ctx ends; it returns the payment
// page's address for the merchant's configuration.
func (g *Gateway) Start(ctx context.Context) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: g, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) && g.Log != nil {
			g.Log.Error("sandbox gateway", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	return "http://" + ln.Addr().String() + PayPath, nil
}

func groupThousands(v int64) string {
	s := strconv.FormatInt(v, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
