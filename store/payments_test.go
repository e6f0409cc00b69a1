package store_test

import (
	"context"
	"net/url"
	"sync"
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testdb"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/workflow"
)

// awaitingPayment makes a received dossier whose fee of amount đồng has been requested, and
// returns it with its order.
func awaitingPayment(t *testing.T, f testdb.Fixture, amount int64) (dossier.Dossier, payment.Order) {
	t.Helper()
	ctx := context.Background()
	in := f.Users["intake"]
	d, err := f.Store.CreateDossier(ctx, in, counterDossier("Trần Thị Phí"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Status == workflow.Submitted {
		if d, err = f.Store.Act(ctx, in, d.Code, dossier.Request{Action: workflow.Receive, Version: d.Version}); err != nil {
			t.Fatal(err)
		}
	}
	d, err = f.Store.Act(ctx, in, d.Code, dossier.Request{Action: workflow.RequestPayment, Version: d.Version, Amount: amount})
	if err != nil {
		t.Fatal(err)
	}
	o, ok, err := f.Store.PendingPayment(ctx, in, d.Code)
	if err != nil || !ok {
		t.Fatalf("no pending order after request_payment: %v", err)
	}
	if o.Amount != amount || o.DossierCode != d.Code || o.Status != payment.Pending || len(o.Ref) != 16 {
		t.Fatalf("order %+v", o)
	}
	if ref, _ := d.History[len(d.History)-1].Payload["payment_ref"].(string); ref != o.Ref {
		t.Fatalf("request_payment event names order %q, want %q", ref, o.Ref)
	}
	return d, o
}

func TestPaymentCallbackOutcomes(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st, in := f.Store, f.Users["intake"]
		d, o := awaitingPayment(t, f, 150000)
		cb := payment.Callback{Provider: "vnpay", Ref: o.Ref, Amount: o.Amount, Success: true, TxnNo: "14000001", Code: "00"}
		params := url.Values{"vnp_TxnRef": {o.Ref}}

		steps := []struct {
			name string
			cb   payment.Callback
			want payment.Outcome
		}{
			{"unknown order", func() payment.Callback { c := cb; c.Ref = "0000000000000000"; return c }(), payment.UnknownOrder},
			{"wrong amount", func() payment.Callback { c := cb; c.Amount = 1500; return c }(), payment.WrongAmount},
			{"payment failed", func() payment.Callback { c := cb; c.Success, c.Code = false, "24"; return c }(), payment.Failed},
			{"paid", cb, payment.Confirmed},
			{"replayed", cb, payment.Duplicate},
			{"another transaction for the same order", func() payment.Callback { c := cb; c.TxnNo = "14000002"; return c }(), payment.Duplicate},
		}
		for _, step := range steps {
			got, err := st.PaymentCallback(ctx, step.cb, "127.0.0.1", params)
			if err != nil || got != step.want {
				t.Fatalf("%s: outcome %q, %v; want %q", step.name, got, err, step.want)
			}
			after, err := st.Dossier(ctx, in, d.Code)
			if err != nil {
				t.Fatal(err)
			}
			paid := step.want == payment.Confirmed || step.want == payment.Duplicate
			if wantStatus := map[bool]workflow.Status{false: workflow.Payment, true: workflow.Received}[paid]; after.Status != wantStatus {
				t.Fatalf("%s: status %d, want %d", step.name, after.Status, wantStatus)
			}
			if paid && after.Version != d.Version+1 {
				t.Fatalf("%s: version %d, want exactly one change (%d)", step.name, after.Version, d.Version+1)
			}
		}
		after, _ := st.Dossier(ctx, in, d.Code)
		ev := after.History[len(after.History)-1]
		if ev.Action != workflow.ConfirmPayment || ev.Actor != "vnpay" || ev.ActorID != 0 || ev.Payload["provider_txn"] != "14000001" || ev.Payload["payment_ref"] != o.Ref {
			t.Fatalf("confirming event %+v", ev)
		}
		orders, err := st.PaymentOrders(ctx, in, d.Code)
		if err != nil || len(orders) != 1 || orders[0].Status != payment.Paid || orders[0].Provider != "vnpay" || orders[0].ProviderTxn != "14000001" || orders[0].PaidAt == nil {
			t.Fatalf("orders %+v %v", orders, err)
		}
		log, err := st.PaymentCallbacks(ctx, o.Ref)
		if err != nil {
			t.Fatal(err)
		}
		var outcomes []payment.Outcome
		for _, c := range log {
			outcomes = append(outcomes, c.Outcome)
		}
		want := []payment.Outcome{payment.WrongAmount, payment.Failed, payment.Confirmed, payment.Duplicate, payment.Duplicate}
		if len(outcomes) != len(want) {
			t.Fatalf("callback log %v, want %v", outcomes, want)
		}
		for i := range want {
			if outcomes[i] != want[i] {
				t.Fatalf("callback log %v, want %v", outcomes, want)
			}
		}
	})
}

// TestPaymentOrdersFollowTheDossier checks the orders' bookkeeping: confirmed at the counter,
// cancelled when the dossier is withdrawn — and a late callback for a cancelled order changes
// nothing.
func TestPaymentOrdersFollowTheDossier(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		st, in := f.Store, f.Users["intake"]

		d, o := awaitingPayment(t, f, 50000)
		if _, err := st.Act(ctx, in, d.Code, dossier.Request{Action: workflow.ConfirmPayment, Version: d.Version}); err != nil {
			t.Fatal(err)
		}
		orders, _ := st.PaymentOrders(ctx, in, d.Code)
		if len(orders) != 1 || orders[0].Status != payment.Paid || orders[0].Provider != "counter" {
			t.Fatalf("after the counter's confirmation: %+v", orders)
		}
		got, err := st.PaymentCallback(ctx, payment.Callback{Provider: "vnpay", Ref: o.Ref, Amount: 50000, Success: true, TxnNo: "1"}, "127.0.0.1", nil)
		if err != nil || got != payment.Duplicate {
			t.Fatalf("callback after counter payment: %q %v", got, err)
		}

		d, o = awaitingPayment(t, f, 70000)
		d, err = st.Act(ctx, in, d.Code, dossier.Request{Action: workflow.Withdraw, Version: d.Version, Reason: "Công dân xin rút"})
		if err != nil {
			t.Fatal(err)
		}
		orders, _ = st.PaymentOrders(ctx, in, d.Code)
		if len(orders) != 1 || orders[0].Status != payment.Cancelled {
			t.Fatalf("after withdrawal: %+v", orders)
		}
		got, err = st.PaymentCallback(ctx, payment.Callback{Provider: "vnpay", Ref: o.Ref, Amount: 70000, Success: true, TxnNo: "2"}, "127.0.0.1", nil)
		if err != nil || got != payment.NotPayable {
			t.Fatalf("callback after withdrawal: %q %v", got, err)
		}
		if after, _ := st.Dossier(ctx, in, d.Code); after.Status != workflow.Withdrawn || after.Version != d.Version {
			t.Fatalf("withdrawn dossier changed: %d v%d", after.Status, after.Version)
		}

		// A second request after a payment opens a second order.
		d, _ = awaitingPayment(t, f, 10000)
		d, err = st.Act(ctx, in, d.Code, dossier.Request{Action: workflow.ConfirmPayment, Version: d.Version})
		if err != nil {
			t.Fatal(err)
		}
		if _, err = st.Act(ctx, in, d.Code, dossier.Request{Action: workflow.RequestPayment, Version: d.Version, Amount: 20000}); err != nil {
			t.Fatal(err)
		}
		orders, _ = st.PaymentOrders(ctx, in, d.Code)
		if len(orders) != 2 || orders[0].Status != payment.Paid || orders[1].Status != payment.Pending || orders[1].Amount != 20000 {
			t.Fatalf("two requests: %+v", orders)
		}
		// Another unit's officer sees no orders of a dossier they cannot see.
		if _, err := st.PaymentOrders(ctx, f.Users["other.intake"], d.Code); err == nil {
			t.Fatal("another unit's officer listed the orders")
		}
	})
}

// TestPaymentCallbacksRace sends the same paid notice eight times at once (the gateway's IPN and
// the payer's return, retried): exactly one confirms, the dossier changes once.
func TestPaymentCallbacksRace(t *testing.T) {
	each(t, func(t *testing.T, f testdb.Fixture) {
		ctx := context.Background()
		d, o := awaitingPayment(t, f, 30000)
		cb := payment.Callback{Provider: "vnpay", Ref: o.Ref, Amount: 30000, Success: true, TxnNo: "9"}
		var wg sync.WaitGroup
		outcomes := make(chan payment.Outcome, 8)
		for range 8 {
			wg.Go(func() {
				got, err := f.Store.PaymentCallback(ctx, cb, "127.0.0.1", nil)
				if err != nil {
					t.Error(err)
				}
				outcomes <- got
			})
		}
		wg.Wait()
		close(outcomes)
		n := map[payment.Outcome]int{}
		for o := range outcomes {
			n[o]++
		}
		if n[payment.Confirmed] != 1 || n[payment.Duplicate] != 7 {
			t.Fatalf("outcomes %v, want one confirmed and seven duplicates", n)
		}
		after, err := f.Store.Dossier(ctx, f.Users["intake"], d.Code)
		if err != nil || after.Version != d.Version+1 || after.Status != workflow.Received {
			t.Fatalf("dossier after the race: v%d status %d, %v", after.Version, after.Status, err)
		}
	})
}
