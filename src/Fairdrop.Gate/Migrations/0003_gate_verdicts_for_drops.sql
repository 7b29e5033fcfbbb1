-- Drops ask whether the gate blocked or challenged a shopper lately (IGateVerdicts): by merchant, customer and time.
CREATE INDEX ix_gate_decisions_customer ON gate_decisions (merchant_id, customer_id, at);
