CREATE TABLE drops (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    name TEXT NOT NULL,
    product_id TEXT NOT NULL,
    units BIGINT NOT NULL,
    units_sold BIGINT NOT NULL DEFAULT 0,
    max_per_customer BIGINT NOT NULL,
    window_opens_at BIGINT NOT NULL,
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    admit_interval_ms BIGINT NOT NULL,
    token_ttl_ms BIGINT NOT NULL,
    priority_cap DOUBLE PRECISION NOT NULL,
    bot_policy TEXT NOT NULL,
    bot_delay_multiplier DOUBLE PRECISION NOT NULL,
    bot_risk_threshold DOUBLE PRECISION NOT NULL,
    -- SHA-256 of the shuffle seed, published before the window opens; the seed is revealed at opening.
    seed_commitment TEXT NOT NULL,
    seed {{bytes}} NOT NULL,
    token_key {{bytes}} NOT NULL,
    status TEXT NOT NULL,
    -- Counters bumped by each entry in the same statement that locks the row: arrival order and late places.
    entry_seq BIGINT NOT NULL DEFAULT 0,
    last_place BIGINT NOT NULL DEFAULT 0,
    placed_at BIGINT NULL,
    created_at BIGINT NOT NULL,
    -- Entries after opening: 'fcfs' (placed on arrival) or 'rolling' (shuffled among their rolling window when it closes).
    late_order TEXT NOT NULL DEFAULT 'fcfs',
    rolling_window_ms BIGINT NOT NULL DEFAULT 10000
);

CREATE INDEX ix_drops_merchant ON drops (merchant_id, id);
CREATE INDEX ix_drops_due ON drops (status, opens_at);

CREATE TABLE drop_entries (
    id {{uuid}} PRIMARY KEY,
    drop_id {{uuid}} NOT NULL REFERENCES drops (id),
    shopper_id TEXT NOT NULL,
    arrival_seq BIGINT NOT NULL,
    arrived_at BIGINT NOT NULL,
    priority {{bool}} NOT NULL,
    bot {{bool}} NOT NULL,
    place BIGINT NULL,
    ready_at BIGINT NULL,
    status TEXT NOT NULL,
    token_id {{uuid}} NULL,
    token_expires_at BIGINT NULL,
    entry_key_hash {{bytes}} NOT NULL,
    UNIQUE (drop_id, shopper_id),
    UNIQUE (drop_id, arrival_seq)
);

CREATE INDEX ix_drop_entries_place ON drop_entries (drop_id, place);

CREATE TABLE drop_purchases (
    id {{uuid}} PRIMARY KEY,
    drop_id {{uuid}} NOT NULL REFERENCES drops (id),
    entry_id {{uuid}} NOT NULL UNIQUE REFERENCES drop_entries (id),
    -- One sale per token, enforced by the database whatever races the application loses.
    token_id {{uuid}} NOT NULL UNIQUE,
    shopper_id TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    priority {{bool}} NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE drop_priority_codes (
    drop_id {{uuid}} NOT NULL REFERENCES drops (id),
    code_hash {{bytes}} NOT NULL,
    used_by TEXT NULL,
    PRIMARY KEY (drop_id, code_hash)
);
