-- Online fee payment: orders and the callbacks providers sent.

-- name: payment-order-columns
o.ref, d.code, o.amount, o.info, o.status, o.created_at, o.paid_at, o.provider, o.provider_txn

-- name: payment-order-insert
INSERT INTO payment_orders (ref, dossier_id, amount, info, status, created_at)
VALUES ($1, $2, $3, $4, 'pending', $5)

-- name: payment-order-settle
-- Closes the dossier's waiting order: paid (online or at the counter) or cancelled.
UPDATE payment_orders SET status = $2, paid_at = $3, provider = $4, provider_txn = $5
WHERE dossier_id = $1 AND status = 'pending'

-- name: payment-order-pay
-- Only one callback wins an order: the one whose update finds it still pending.
UPDATE payment_orders SET status = 'paid', paid_at = $2, provider = $3, provider_txn = $4
WHERE ref = $1 AND status = 'pending'

-- name: payment-order-by-ref
SELECT {{payment-order-columns}}, o.dossier_id FROM payment_orders o JOIN dossiers d ON d.id = o.dossier_id
WHERE o.ref = $1

-- name: payment-orders-of-dossier
SELECT {{payment-order-columns}}, o.dossier_id FROM payment_orders o JOIN dossiers d ON d.id = o.dossier_id
WHERE o.dossier_id = $1 ORDER BY o.id

-- name: payment-callback-insert
INSERT INTO payment_callbacks (received_at, provider, order_ref, outcome, remote, params)
VALUES ($1, $2, $3, $4, $5, $6)

-- name: payment-callbacks
SELECT received_at, provider, order_ref, outcome, remote, params FROM payment_callbacks
WHERE order_ref = $1 ORDER BY id

-- name: payment-callbacks-of-dossier
-- Every callback logged for any of a dossier's orders, in one query (the officer's dossier page).
SELECT c.received_at, c.provider, c.order_ref, c.outcome, c.remote, c.params
FROM payment_callbacks c JOIN payment_orders o ON o.ref = c.order_ref
WHERE o.dossier_id = $1 ORDER BY c.id
