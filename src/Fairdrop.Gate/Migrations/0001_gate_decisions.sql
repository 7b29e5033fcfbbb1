CREATE TABLE gate_decisions (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    at BIGINT NOT NULL,
    decision TEXT NOT NULL,
    rule TEXT NULL,
    matched_rules TEXT NOT NULL,
    shadow_rules TEXT NOT NULL,
    rule_version TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    action TEXT NOT NULL,
    ip TEXT NULL,
    customer_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    product_id TEXT NOT NULL
);

-- Ids are UUID v7, so (merchant, id) pages newest-first by time without a separate sort.
CREATE INDEX ix_gate_decisions_merchant ON gate_decisions (merchant_id, id);
