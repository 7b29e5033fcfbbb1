CREATE TABLE restock_settings (
    merchant_id {{uuid}} PRIMARY KEY REFERENCES merchants (id),
    publishable_key TEXT NOT NULL UNIQUE,
    shopify_secret TEXT NULL,
    sender_id {{uuid}} NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE restock_products (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL REFERENCES merchants (id),
    external_id TEXT NOT NULL,
    inventory_item_id TEXT NULL,
    sku TEXT NULL,
    title TEXT NOT NULL,
    url TEXT NULL,
    image_url TEXT NULL,
    available BIGINT NOT NULL,
    -- none | awaiting_restock | restocked | alerting
    status TEXT NOT NULL,
    alerts_per_unit DOUBLE PRECISION NULL,
    min_inventory BIGINT NULL,
    interval_seconds BIGINT NULL,
    order_policy TEXT NULL,
    -- When the stock figure was true; older inventory messages are ignored.
    inventory_at BIGINT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (merchant_id, external_id)
);

CREATE INDEX ix_restock_products_status ON restock_products (status, id);
CREATE INDEX ix_restock_products_item ON restock_products (merchant_id, inventory_item_id);

CREATE TABLE restock_subscriptions (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    product_id {{uuid}} NOT NULL REFERENCES restock_products (id),
    channel TEXT NOT NULL,
    contact TEXT NOT NULL,
    recipient_id {{uuid}} NOT NULL,
    recipient_external_id TEXT NOT NULL,
    consent_text TEXT NOT NULL,
    tier BIGINT NOT NULL,
    time_zone TEXT NOT NULL,
    quiet_start BIGINT NULL,
    quiet_end BIGINT NULL,
    -- active | unsubscribed
    status TEXT NOT NULL,
    unsubscribe_token TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    UNIQUE (product_id, contact, channel)
);

CREATE INDEX ix_restock_subscriptions_oldest ON restock_subscriptions (product_id, created_at, id);
CREATE INDEX ix_restock_subscriptions_tier ON restock_subscriptions (product_id, tier, created_at, id);
CREATE INDEX ix_restock_subscriptions_merchant ON restock_subscriptions (merchant_id, id);

CREATE TABLE restock_inventory_events (
    merchant_id {{uuid}} NOT NULL,
    event_id TEXT NOT NULL,
    product_id {{uuid}} NOT NULL,
    available BIGINT NOT NULL,
    applied {{bool}} NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, event_id)
);

CREATE TABLE restock_rounds (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    product_id {{uuid}} NOT NULL REFERENCES restock_products (id),
    -- in_progress | paused | completed | cancelled
    status TEXT NOT NULL,
    alerts_per_unit DOUBLE PRECISION NOT NULL,
    min_inventory BIGINT NOT NULL,
    interval_seconds BIGINT NOT NULL,
    order_policy TEXT NOT NULL,
    -- The round's audience: active subscriptions created up to this instant.
    audience_until BIGINT NOT NULL,
    -- Keyset position of the last subscription alerted, in the round's order.
    cursor_tier BIGINT NULL,
    cursor_created BIGINT NULL,
    cursor_id {{uuid}} NULL,
    waves BIGINT NOT NULL,
    alerted BIGINT NOT NULL,
    -- The wave being written: its distribution and how many alerts it still owes.
    wave_distribution_id {{uuid}} NULL,
    wave_remaining BIGINT NULL,
    wave_started_at BIGINT NULL,
    wave_done BIGINT NULL,
    next_wave_at BIGINT NOT NULL,
    lease_owner TEXT NULL,
    lease_until BIGINT NULL,
    opened_at BIGINT NOT NULL,
    closed_at BIGINT NULL
);

CREATE INDEX ix_restock_rounds_due ON restock_rounds (status, next_wave_at);
CREATE INDEX ix_restock_rounds_product ON restock_rounds (product_id, opened_at);
CREATE UNIQUE INDEX ux_restock_rounds_open ON restock_rounds (product_id) WHERE status IN ('in_progress', 'paused');

CREATE TABLE restock_alerts (
    round_id {{uuid}} NOT NULL,
    subscription_id {{uuid}} NOT NULL,
    wave BIGINT NOT NULL,
    -- The round's alert count when the chunk that wrote this alert began; the chunk's deliveries are selected by it.
    chunk BIGINT NOT NULL,
    distribution_id {{uuid}} NOT NULL,
    delivery_id {{uuid}} NOT NULL,
    send_at BIGINT NOT NULL,
    clicked_at BIGINT NULL,
    PRIMARY KEY (round_id, subscription_id)
);

CREATE INDEX ix_restock_alerts_chunk ON restock_alerts (round_id, chunk);

CREATE TABLE restock_purchases (
    merchant_id {{uuid}} NOT NULL,
    order_id TEXT NOT NULL,
    product_id {{uuid}} NOT NULL,
    quantity BIGINT NOT NULL,
    revenue DOUBLE PRECISION NOT NULL,
    round_id {{uuid}} NULL,
    subscription_id {{uuid}} NULL,
    purchased_at BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, order_id, product_id)
);
