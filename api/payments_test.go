package api_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/payment"
)

// TestDossierPaymentsOverHTTP follows a dossier's fee orders through the API: none, one waiting,
// one paid at the counter, one paid online through the gateway; and who may not list them.
func TestDossierPaymentsOverHTTP(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		st, d := e.call("POST", "/api/v1/dossiers", "citizen", newOnline("Lê Thị Phí"))
		if st != 201 {
			t.Fatalf("create: %d %v", st, d)
		}
		code, version := d["code"].(string), d["version"]
		path := "/api/v1/dossiers/" + code + "/payments"
		act := func(who, action string, extra map[string]any) {
			t.Helper()
			body := map[string]any{"action": action, "version": version}
			for k, v := range extra {
				body[k] = v
			}
			st, d := e.call("POST", "/api/v1/dossiers/"+code+"/actions", who, body)
			if st != 200 {
				t.Fatalf("%s by %s: %d %v", action, who, st, d)
			}
			version = d["version"]
		}
		list := func(who string) []map[string]any {
			t.Helper()
			st, m := e.call("GET", path, who, nil)
			items, ok := m["items"].([]any)
			if st != 200 || !ok {
				t.Fatalf("payments as %s: %d %v", who, st, m)
			}
			out := make([]map[string]any, len(items))
			for i, it := range items {
				out[i] = it.(map[string]any)
			}
			return out
		}
		// check compares an order with what it should be; ref is only checked to be a reference.
		check := func(name string, got map[string]any, want map[string]any) {
			t.Helper()
			if ref, _ := got["ref"].(string); len(ref) != 16 {
				t.Errorf("%s: ref %v", name, got["ref"])
			}
			for k, w := range want {
				if v, ok := got[k]; !ok || v != w {
					t.Errorf("%s: %s = %#v, want %#v", name, k, got[k], w)
				}
			}
		}

		if got := list("citizen"); len(got) != 0 {
			t.Fatalf("before any fee: %v", got)
		}
		act("intake", "receive", nil)
		act("intake", "forward", nil)
		act("officer", "request_payment", map[string]any{"amount": 200000})
		got := list("officer")
		if len(got) != 1 {
			t.Fatalf("after request_payment: %v", got)
		}
		check("waiting", got[0], map[string]any{"amount": 200000.0, "status": "pending", "provider": "",
			"provider_txn": "", "created_at": "2026-03-02T09:00:00+07:00", "paid_at": nil})
		first := got[0]["ref"]

		e.st.SetClock(func() time.Time { return testdb.At(9, 30) })
		act("intake", "confirm_payment", nil)
		e.st.SetClock(func() time.Time { return testdb.At(10, 0) })
		act("officer", "request_payment", map[string]any{"amount": 50000})
		got = list("citizen")
		if len(got) != 2 || got[0]["ref"] != first || got[1]["ref"] == first {
			t.Fatalf("after a second request_payment: %v", got)
		}
		second := got[1]["ref"].(string)
		e.st.SetClock(func() time.Time { return testdb.At(10, 20) })
		cb := payment.Callback{Provider: "vnpay", Ref: second, Amount: 50000, Success: true, TxnNo: "14000077", Code: "00"}
		if out, err := e.st.PaymentCallback(ctx, cb, "127.0.0.1", url.Values{"vnp_TxnRef": {second}}); err != nil || out != payment.Confirmed {
			t.Fatalf("gateway callback: %q %v", out, err)
		}

		for _, who := range []string{"citizen", "intake", "officer"} {
			got := list(who)
			if len(got) != 2 {
				t.Fatalf("as %s: %v", who, got)
			}
			check(who+", at the counter", got[0], map[string]any{"ref": first, "amount": 200000.0, "status": "paid",
				"provider": "counter", "provider_txn": "", "created_at": "2026-03-02T09:00:00+07:00", "paid_at": "2026-03-02T09:30:00+07:00"})
			check(who+", online", got[1], map[string]any{"ref": second, "amount": 50000.0, "status": "paid",
				"provider": "vnpay", "provider_txn": "14000077", "created_at": "2026-03-02T10:00:00+07:00", "paid_at": "2026-03-02T10:20:00+07:00"})
		}

		for _, c := range []struct {
			name, path, who string
			status          int
			code            string
		}{
			{"another unit's officer", path, "other.officer", 404, "dossier_not_found"},
			{"another citizen", path, "citizen2", 404, "dossier_not_found"},
			{"no such dossier", "/api/v1/dossiers/" + testdb.Dept + "-260302-9999/payments", "intake", 404, "dossier_not_found"},
			{"no token", path, "", 401, "unauthorized"},
		} {
			st, m := e.call("GET", c.path, c.who, nil)
			if st != c.status || errCode(m) != c.code || m["items"] != nil {
				t.Errorf("%s: %d %v, want %d %s", c.name, st, m, c.status, c.code)
			}
		}
	})
}
