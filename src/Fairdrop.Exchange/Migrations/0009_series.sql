-- Quick replies of an in-app message (a series step's buttons), as a JSON array of labels; null for plain messages.
ALTER TABLE exchange_inbox ADD COLUMN quick_replies TEXT NULL;

-- Two-way series (docs/series.md, docs/adr/0026): a definition (steps, expected replies, actions, timeouts) as JSON,
-- checked when stored. A launch sends the first step to an audience as one exchange distribution; the distribution's
-- data names the launch, so a reply to any of its deliveries finds its way back here.
CREATE TABLE exchange_series (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    sender_id {{uuid}} NOT NULL,
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ix_exchange_series_merchant ON exchange_series (merchant_id, id);

CREATE TABLE exchange_series_launches (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    series_id {{uuid}} NOT NULL,
    distribution_id {{uuid}} NULL,
    idempotency_key TEXT NOT NULL,
    start_timeout_ms BIGINT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (merchant_id, idempotency_key)
);
CREATE INDEX ix_exchange_series_launches_series ON exchange_series_launches (merchant_id, series_id, id);

-- One conversation per launch and recipient, created by its first event (a reply, or the first step's timeout): until
-- then its state is the launch's delivery. version fences concurrent events (an event applies only on the version it read).
CREATE TABLE exchange_conversations (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    series_id {{uuid}} NOT NULL,
    launch_id {{uuid}} NOT NULL,
    recipient_id {{uuid}} NOT NULL,
    channel TEXT NOT NULL,
    step TEXT NOT NULL,
    status TEXT NOT NULL,
    deadline BIGINT NULL,
    data TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (launch_id, recipient_id)
);
CREATE INDEX ix_exchange_conversations_merchant ON exchange_conversations (merchant_id, status, id);
CREATE INDEX ix_exchange_conversations_due ON exchange_conversations (status, deadline);
CREATE INDEX ix_exchange_conversations_recipient ON exchange_conversations (merchant_id, recipient_id, updated_at);

-- Everything that happened in a conversation, once: a reply is keyed by the inbound message's provider id (an SMS's
-- MessageSid, the SDK's reply key), so the same reply delivered twice performs its action once.
CREATE TABLE exchange_conversation_events (
    id {{uuid}} PRIMARY KEY,
    conversation_id {{uuid}} NOT NULL,
    event_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    step TEXT NOT NULL,
    text TEXT NULL,
    outcome TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (conversation_id, event_key)
);
CREATE INDEX ix_exchange_conversation_events_conversation ON exchange_conversation_events (conversation_id, created_at);

-- Merchant webhooks a series action calls, written with the event that asked for them and sent by the series worker
-- until the webhook accepts (webhook-id is the row id, so a receiver drops repeats).
CREATE TABLE exchange_series_webhooks (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    conversation_id {{uuid}} NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ix_exchange_series_webhooks_due ON exchange_series_webhooks (status, next_attempt_at);
