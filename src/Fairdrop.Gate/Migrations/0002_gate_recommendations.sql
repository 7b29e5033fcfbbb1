-- What a merchant learns of a shopper after a drop (the recommender's labels): evidence, classified when read.
CREATE TABLE gate_labels (
    merchant_id {{uuid}} NOT NULL,
    shopper TEXT NOT NULL,
    purchases INTEGER NOT NULL,
    challenges_passed INTEGER NOT NULL,
    challenges_failed INTEGER NOT NULL,
    marked_fraud {{bool}} NOT NULL,
    drop_bot_flag {{bool}} NOT NULL,
    shadow_hits INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, shopper)
);

-- A recommended rule accepted in shadow mode: what its replay predicted, so its shadow hits can be compared, and when it was promoted.
CREATE TABLE gate_shadow_trials (
    merchant_id {{uuid}} NOT NULL,
    rule_name TEXT NOT NULL,
    rule_text TEXT NOT NULL,
    accepted_at BIGINT NOT NULL,
    predicted_matches BIGINT NOT NULL,
    predicted_requests BIGINT NOT NULL,
    predicted_window_ms BIGINT NOT NULL,
    promoted_at BIGINT NULL,
    PRIMARY KEY (merchant_id, rule_name)
);

-- Shadow hits of a trial are counted over the merchant's decisions since its acceptance.
CREATE INDEX ix_gate_decisions_merchant_at ON gate_decisions (merchant_id, at);
