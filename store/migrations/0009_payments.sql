-- Online fee payment: one order per request_payment, and every callback a provider sent, whatever
-- became of it (an unsigned, tampered or replayed callback changes nothing but is kept here).

CREATE TABLE payment_orders (
    id           {{IDENTITY}},
    ref          TEXT NOT NULL UNIQUE,
    dossier_id   BIGINT NOT NULL REFERENCES dossiers(id),
    amount       BIGINT NOT NULL,
    info         TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    paid_at      BIGINT,
    provider     TEXT NOT NULL DEFAULT '',
    provider_txn TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payment_orders_dossier ON payment_orders(dossier_id, id);
-- At most one order of a dossier waits at a time.
CREATE UNIQUE INDEX payment_orders_pending ON payment_orders(dossier_id) WHERE status = 'pending';

CREATE TABLE payment_callbacks (
    id          {{IDENTITY}},
    received_at BIGINT NOT NULL,
    provider    TEXT NOT NULL,
    order_ref   TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL,
    remote      TEXT NOT NULL DEFAULT '',
    params      TEXT NOT NULL
);
CREATE INDEX payment_callbacks_ref ON payment_callbacks(order_ref, id);
