-- Issue 5 (SMS, engagement, inbound). 0002 belongs to web push; versions only need to be unique and ordered.
-- Columns added to existing tables are nullable: the restock outbox inserts rows with explicit column lists.
ALTER TABLE exchange_deliveries ADD COLUMN segments INTEGER NULL;
ALTER TABLE exchange_deliveries ADD COLUMN encoding TEXT NULL;

-- The E.164 phone of the recipient, copied out of contacts so inbound SMS find their sender by index.
ALTER TABLE exchange_recipients ADD COLUMN phone TEXT NULL;
CREATE INDEX ix_exchange_recipients_phone ON exchange_recipients (merchant_id, phone);

-- One row per SMS delivery handed to the provider: the provider's message id once known, and when the first
-- attempt started, so a retry after an uncertain outcome (timeout, 5xx) looks for the message before resending.
CREATE TABLE exchange_sms_sends (
    delivery_id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    to_number TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    first_attempt_at BIGINT NOT NULL,
    -- pending (being posted), uncertain (timed out or 5xx: the provider may hold it), refused (429, auth), sent.
    state TEXT NOT NULL,
    sid TEXT NULL
);

CREATE INDEX ix_exchange_sms_sends_sid ON exchange_sms_sends (sid);

-- Engagement events: what each recipient did with each delivery. dedupe_key makes repeatable sources idempotent.
CREATE TABLE exchange_engagement (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    delivery_id {{uuid}} NULL,
    distribution_id {{uuid}} NULL,
    recipient_id {{uuid}} NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    device TEXT NULL,
    detail TEXT NULL,
    dedupe_key TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    UNIQUE (merchant_id, dedupe_key)
);

CREATE INDEX ix_exchange_engagement_distribution ON exchange_engagement (merchant_id, distribution_id, kind);
CREATE INDEX ix_exchange_engagement_recipient ON exchange_engagement (merchant_id, recipient_id, channel, occurred_at);
CREATE INDEX ix_exchange_engagement_delivery ON exchange_engagement (delivery_id);

-- Inbound messages (SMS, in-app replies), attached to a recipient and the delivery they answer when known.
CREATE TABLE exchange_inbound (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    recipient_id {{uuid}} NULL,
    delivery_id {{uuid}} NULL,
    channel TEXT NOT NULL,
    from_address TEXT NOT NULL,
    to_address TEXT NULL,
    body TEXT NOT NULL,
    provider_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    UNIQUE (merchant_id, channel, provider_id)
);

CREATE INDEX ix_exchange_inbound_merchant ON exchange_inbound (merchant_id, id);
