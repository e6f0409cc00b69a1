-- The index's online-payment share reads the orders paid in a period: by paid time.
CREATE INDEX payment_orders_paid ON payment_orders(paid_at) WHERE status = 'paid';
