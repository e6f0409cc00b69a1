package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/user"
	"github.com/motcua/motcua/workflow"
)

// paymentBookkeeping keeps a dossier's payment orders in step with its status, in the action's
// transaction: request_payment opens an order; leaving status 6 settles the waiting one — paid
// at the counter by confirm_payment, cancelled by anything else (withdraw, stop). A payment the
// gateway confirmed has already been settled by PaymentCallback. It returns the opened order's
// reference.
func (s *Store) paymentBookkeeping(ctx context.Context, tx *txn, d *dossier.Dossier, from workflow.Status, req dossier.Request, actor dossier.Who, now time.Time) (string, error) {
	switch {
	case req.Action == workflow.RequestPayment:
		ref := newPaymentRef()
		// Gateways take order descriptions in plain ASCII.
		info := "Thanh toan phi, le phi ho so " + d.Code
		_, err := tx.ExecContext(ctx, s.q.get("payment-order-insert"), ref, d.ID, req.Amount, info, ms(now))
		return ref, err
	case from == workflow.Payment && d.Status != workflow.Payment && !actor.Roles.PaymentGateway:
		status, paidAt, provider := payment.Cancelled, any(nil), ""
		if req.Action == workflow.ConfirmPayment {
			status, paidAt, provider = payment.Paid, ms(now), "counter"
		}
		_, err := tx.ExecContext(ctx, s.q.get("payment-order-settle"), d.ID, string(status), paidAt, provider, "")
		return "", err
	}
	return "", nil
}

// newPaymentRef is an order reference: 16 hex digits, unguessable so that one order's callback
// cannot be aimed at another's.
func newPaymentRef() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

// PaymentOrders lists a dossier's payment orders, oldest first, if who may see the dossier.
func (s *Store) PaymentOrders(ctx context.Context, who user.User, code string) ([]payment.Order, error) {
	d, err := s.visibleDossier(ctx, s.read, who, code)
	if err != nil {
		return nil, err
	}
	return all[payment.Order](s.read.QueryContext(ctx, s.q.get("payment-orders-of-dossier"), d.ID))(scanOrder)
}

// PaymentOrder is the order with reference ref, whoever asks: the caller shows no more of it
// than the dossier's code.
func (s *Store) PaymentOrder(ctx context.Context, ref string) (payment.Order, error) {
	o, err := scanOrder(s.read.QueryRowContext(ctx, s.q.get("payment-order-by-ref"), ref))
	if errors.Is(err, sql.ErrNoRows) {
		return o, motcua.Errorf(motcua.ENOTFOUND, "payment_not_found", "no payment order %s", ref)
	}
	return o, err
}

// PendingPayment is the order a dossier waits for, if who may see the dossier and it waits for one.
func (s *Store) PendingPayment(ctx context.Context, who user.User, code string) (payment.Order, bool, error) {
	orders, err := s.PaymentOrders(ctx, who, code)
	if err != nil {
		return payment.Order{}, false, err
	}
	for _, o := range orders {
		if o.Status == payment.Pending {
			return o, true, nil
		}
	}
	return payment.Order{}, false, nil
}

func scanOrder(r scanner) (payment.Order, error) {
	var o payment.Order
	var status string
	var created int64
	var paid sql.NullInt64
	var dossierID int64
	err := r.Scan(&o.Ref, &o.DossierCode, &o.Amount, &o.Info, &status, &created, &paid, &o.Provider, &o.ProviderTxn, &dossierID)
	o.Status, o.CreatedAt, o.PaidAt = payment.Status(status), fromMS(created), fromNullMS(paid)
	return o, err
}

// PaymentCallback acts on a provider's callback whose signature the caller has verified, in one
// transaction: the order is paid and the dossier's payment confirmed by the gateway, or — for an
// unknown order, a wrong amount, a failed payment, an order already paid (a retry or a replay) or
// no longer payable — nothing changes. Either way the callback is logged with its outcome.
func (s *Store) PaymentCallback(ctx context.Context, cb payment.Callback, remote string, params url.Values) (payment.Outcome, error) {
	var outcome payment.Outcome
	err := s.tx(ctx, func(tx *txn) error {
		var err error
		if outcome, err = s.payOrder(ctx, tx, cb); err != nil {
			return err
		}
		return s.logCallback(ctx, tx, cb.Provider, cb.Ref, outcome, remote, params)
	})
	if err != nil {
		// The callback still goes in the log; the provider retries on our error answer.
		if lerr := s.LogPaymentCallback(ctx, cb.Provider, cb.Ref, "error", remote, params); lerr != nil {
			err = errors.Join(err, lerr)
		}
		return "", fmt.Errorf("payment callback for order %s: %w", cb.Ref, err)
	}
	return outcome, nil
}

func (s *Store) payOrder(ctx context.Context, tx *txn, cb payment.Callback) (payment.Outcome, error) {
	o, err := scanOrder(tx.QueryRowContext(ctx, s.q.get("payment-order-by-ref"), cb.Ref))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return payment.UnknownOrder, nil
	case err != nil:
		return "", err
	case cb.Amount != o.Amount:
		return payment.WrongAmount, nil
	case o.Status == payment.Paid:
		return payment.Duplicate, nil
	case o.Status != payment.Pending:
		return payment.NotPayable, nil
	case !cb.Success:
		return payment.Failed, nil
	}
	now := s.now()
	res, err := tx.ExecContext(ctx, s.q.get("payment-order-pay"), cb.Ref, ms(now), cb.Provider, cb.TxnNo)
	if err != nil {
		return "", err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return payment.Duplicate, nil // another callback for the same order got there first
	}
	d, err := scanDossier(tx.QueryRowContext(ctx, s.q.get("dossier-by-code"), o.DossierCode))
	if err != nil {
		return "", err
	}
	gw := dossier.Who{Name: cb.Provider, Roles: workflow.Actor{PaymentGateway: true}}
	extra := map[string]any{"payment_ref": cb.Ref, "provider": cb.Provider, "provider_txn": cb.TxnNo, "amount": cb.Amount}
	err = s.apply(ctx, tx, &d, gw, dossier.Request{Action: workflow.ConfirmPayment, Version: d.Version}, now, extra)
	if motcua.ErrorCode(err) == motcua.ECONFLICT {
		// The dossier left status 6 without settling the order: should not happen, but then the
		// money is on record and an officer sees it; the dossier is not touched.
		return payment.NotPayable, nil
	}
	if err != nil {
		return "", err
	}
	return payment.Confirmed, nil
}

// LogPaymentCallback records a callback that went no further than its signature (or failed).
func (s *Store) LogPaymentCallback(ctx context.Context, provider, ref string, outcome payment.Outcome, remote string, params url.Values) error {
	return s.tx(ctx, func(tx *txn) error {
		return s.logCallback(ctx, tx, provider, ref, outcome, remote, params)
	})
}

func (s *Store) logCallback(ctx context.Context, tx *txn, provider, ref string, outcome payment.Outcome, remote string, params url.Values) error {
	b, err := json.Marshal(params)
	if err != nil {
		return err
	}
	// A hostile caller decides what it sends: keep the log's rows bounded.
	if len(ref) > 64 {
		ref = ref[:64]
	}
	if len(b) > 8<<10 {
		b = b[:8<<10]
	}
	_, err = tx.ExecContext(ctx, s.q.get("payment-callback-insert"), ms(s.now()), provider, ref, string(outcome), remote, string(b))
	return err
}

// PaymentCallbackRecord is one logged callback.
type PaymentCallbackRecord struct {
	At       time.Time
	Provider string
	Ref      string
	Outcome  payment.Outcome
	Remote   string
	Params   string
}

// PaymentCallbacks lists the callbacks logged for an order reference, oldest first.
func (s *Store) PaymentCallbacks(ctx context.Context, ref string) ([]PaymentCallbackRecord, error) {
	return all[PaymentCallbackRecord](s.read.QueryContext(ctx, s.q.get("payment-callbacks"), ref))(scanCallback)
}

// DossierPaymentCallbacks lists the callbacks logged for any of a dossier's orders, oldest first,
// if who may see the dossier.
func (s *Store) DossierPaymentCallbacks(ctx context.Context, who user.User, code string) ([]PaymentCallbackRecord, error) {
	d, err := s.visibleDossier(ctx, s.read, who, code)
	if err != nil {
		return nil, err
	}
	return all[PaymentCallbackRecord](s.read.QueryContext(ctx, s.q.get("payment-callbacks-of-dossier"), d.ID))(scanCallback)
}

func scanCallback(r scanner) (PaymentCallbackRecord, error) {
	var c PaymentCallbackRecord
	var at int64
	var outcome string
	err := r.Scan(&at, &c.Provider, &c.Ref, &outcome, &c.Remote, &c.Params)
	c.At, c.Outcome = fromMS(at), payment.Outcome(outcome)
	return c, err
}
