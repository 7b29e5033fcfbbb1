-- Web push subscriptions live in their own table (not in the recipient's contacts JSON): one row per browser
-- endpoint, so a 404/410 from the push service removes exactly one device, and the API can add and remove
-- devices without rewriting the recipient. An endpoint is unique per merchant; subscribing again updates it.
CREATE TABLE exchange_webpush_subscriptions (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL REFERENCES merchants (id),
    recipient_id {{uuid}} NOT NULL REFERENCES exchange_recipients (id),
    endpoint TEXT NOT NULL,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    device TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (merchant_id, endpoint)
);

CREATE INDEX ix_exchange_webpush_subscriptions_recipient ON exchange_webpush_subscriptions (recipient_id, updated_at);

-- How many subscriptions the recipient has, kept by the subscription store in the same transaction as its writes,
-- so matching (which pages through recipients) knows who is reachable by web push without a join per row.
ALTER TABLE exchange_recipients ADD COLUMN web_push_devices BIGINT NOT NULL DEFAULT 0;

-- The installation's VAPID key pair (RFC 8292) when none is configured: generated once, first writer wins (id = 1).
CREATE TABLE exchange_webpush_vapid (
    id INTEGER PRIMARY KEY,
    public_key TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
