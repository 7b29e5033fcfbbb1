-- Units of a product held for one shopper until expires_at (a series' "reply YES to hold a pair"); released_at ends a
-- hold early. A hold counts against the stock only while expires_at > now and released_at IS NULL, so an expired hold
-- needs no sweep: its units return by themselves. hold_key makes a retried hold (the same reply, resent) land once.
CREATE TABLE restock_holds (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    product_id {{uuid}} NOT NULL REFERENCES restock_products (id),
    units BIGINT NOT NULL,
    hold_key TEXT NOT NULL,
    -- The shopper's external id, as the series knows them.
    holder TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    released_at BIGINT NULL,
    UNIQUE (merchant_id, hold_key)
);

-- Summing a product's active holds (placing a hold, opening a wave) reads the product's unexpired holds only.
CREATE INDEX ix_restock_holds_active ON restock_holds (product_id, expires_at);
