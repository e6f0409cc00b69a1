// Package payment holds what motcua knows of online fee payment (DOMAIN.md: level 4, toàn
// trình): payment orders and the signed messages Vietnamese gateways exchange with a merchant.
// It does no I/O: the store keeps orders, the web package redirects and receives callbacks.
package payment

import (
	"errors"
	"net/url"
	"time"
)

// Order is one request for a fee on one dossier: made by request_payment, paid online through a
// provider or confirmed at the counter, or cancelled when the dossier leaves status 6 otherwise.
type Order struct {
	Ref         string // the merchant's transaction reference sent to the provider; unique
	DossierCode string
	Amount      int64 // đồng
	Info        string
	Status      Status
	CreatedAt   time.Time
	PaidAt      *time.Time
	Provider    string // "vnpay", or "counter" when an intake officer confirmed it
	ProviderTxn string // the provider's own transaction number
}

// Status is where an order stands.
type Status string

const (
	Pending   Status = "pending"
	Paid      Status = "paid"
	Cancelled Status = "cancelled"
)

// Callback is a provider's signed word on an order: what the store needs once the signature
// has been checked.
type Callback struct {
	Provider string
	Ref      string
	Amount   int64
	Success  bool   // the payment went through
	TxnNo    string // the provider's transaction number
	PaidAt   time.Time
	Code     string // the provider's response code, kept for the log
}

// Provider is a payment gateway seen from the merchant's side.
type Provider interface {
	// Name is the provider's short name as orders and logs record it.
	Name() string
	// PayURL is where the payer's browser goes to pay o; returnURL is where the provider sends
	// it back, clientIP the payer's address.
	PayURL(o Order, returnURL, clientIP string, now time.Time) (string, error)
	// Callback checks the signature of a callback (the server-to-server notice or the browser's
	// return) and reads it; ErrSignature when it is missing or wrong.
	Callback(q url.Values) (Callback, error)
}

// ErrSignature is a callback whose signature is missing or does not match its parameters.
var ErrSignature = errors.New("payment: callback signature missing or invalid")

// Outcome is what became of one callback, as the callback log and the provider's answer say.
type Outcome string

const (
	Confirmed    Outcome = "confirmed"     // the order was paid and the dossier's payment confirmed
	Duplicate    Outcome = "duplicate"     // the order was already paid: a retry or a replay
	BadSignature Outcome = "bad_signature" // unsigned or tampered: nothing changed
	UnknownOrder Outcome = "unknown_order"
	WrongAmount  Outcome = "wrong_amount"
	Failed       Outcome = "failed"      // the provider reports the payment did not go through
	NotPayable   Outcome = "not_payable" // the order was cancelled, or the dossier no longer waits for it
)
