CREATE TABLE exchange_senders (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL REFERENCES merchants (id),
    name TEXT NOT NULL,
    brand TEXT NULL,
    from_address TEXT NOT NULL,
    reply_to TEXT NULL,
    rules TEXT NOT NULL,
    webhook_secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX ix_exchange_senders_merchant ON exchange_senders (merchant_id, id);

CREATE TABLE exchange_recipients (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL REFERENCES merchants (id),
    external_id TEXT NOT NULL,
    attributes TEXT NOT NULL,
    contacts TEXT NOT NULL,
    consents TEXT NOT NULL,
    rules TEXT NOT NULL,
    in_app_user_id TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (merchant_id, external_id)
);

CREATE INDEX ix_exchange_recipients_merchant ON exchange_recipients (merchant_id, id);
CREATE INDEX ix_exchange_recipients_in_app ON exchange_recipients (merchant_id, in_app_user_id);

CREATE TABLE exchange_distributions (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL REFERENCES merchants (id),
    sender_id {{uuid}} NOT NULL REFERENCES exchange_senders (id),
    source TEXT NOT NULL,
    topic TEXT NULL,
    content TEXT NOT NULL,
    audience TEXT NOT NULL,
    deadline BIGINT NULL,
    idempotency_key TEXT NOT NULL,
    status TEXT NOT NULL,
    -- Keyset position of the last recipient matched; matching resumes after it, in the transaction that wrote its deliveries.
    match_cursor TEXT NULL,
    lease_until BIGINT NULL,
    created_at BIGINT NOT NULL,
    matched_at BIGINT NULL,
    UNIQUE (merchant_id, idempotency_key)
);

CREATE INDEX ix_exchange_distributions_merchant ON exchange_distributions (merchant_id, id);
CREATE INDEX ix_exchange_distributions_status ON exchange_distributions (status, lease_until);

CREATE TABLE exchange_deliveries (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    distribution_id {{uuid}} NOT NULL REFERENCES exchange_distributions (id),
    recipient_id {{uuid}} NOT NULL,
    topic TEXT NULL,
    channel TEXT NULL,
    fallback_channel TEXT NULL,
    status TEXT NOT NULL,
    reason TEXT NULL,
    send_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    claimed_until BIGINT NULL,
    sent_at BIGINT NULL,
    last_error TEXT NULL,
    provider_id TEXT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (distribution_id, recipient_id)
);

CREATE INDEX ix_exchange_deliveries_due ON exchange_deliveries (status, next_attempt_at);
CREATE INDEX ix_exchange_deliveries_merchant ON exchange_deliveries (merchant_id, id);
CREATE INDEX ix_exchange_deliveries_recipient ON exchange_deliveries (merchant_id, recipient_id, send_at);

CREATE TABLE exchange_inbox (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    user_id TEXT NOT NULL,
    delivery_id {{uuid}} NOT NULL UNIQUE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT NULL
);

CREATE INDEX ix_exchange_inbox_user ON exchange_inbox (merchant_id, user_id, id);
