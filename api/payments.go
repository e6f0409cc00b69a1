package api

import (
	"net/http"

	"github.com/motcua/motcua/payment"
	"github.com/motcua/motcua/user"
)

// paymentJSON is a fee order as the API shows it. Times are RFC 3339 with +07:00.
type paymentJSON struct {
	Ref         string  `json:"ref"`
	Amount      int64   `json:"amount"`
	Status      string  `json:"status"`
	Provider    string  `json:"provider"`
	ProviderTxn string  `json:"provider_txn"`
	CreatedAt   string  `json:"created_at"`
	PaidAt      *string `json:"paid_at"`
}

// dossierPayments lists a dossier's fee orders, oldest first, to whoever may see the dossier.
// An order holds no personal data, so reading it is not an access to log.
func (s *Server) dossierPayments(w http.ResponseWriter, r *http.Request, u user.User) {
	orders, err := s.store.PaymentOrders(r.Context(), u, r.PathValue("code"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": paymentsJSON(orders)})
}

func paymentsJSON(orders []payment.Order) []paymentJSON {
	out := make([]paymentJSON, len(orders))
	for i, o := range orders {
		out[i] = paymentJSON{Ref: o.Ref, Amount: o.Amount, Status: string(o.Status), Provider: o.Provider,
			ProviderTxn: o.ProviderTxn, CreatedAt: rfc(o.CreatedAt), PaidAt: rfcPtr(o.PaidAt)}
	}
	return out
}
