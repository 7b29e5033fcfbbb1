CREATE TABLE merchants (
    id {{uuid}} PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL REFERENCES merchants (id),
    -- SHA-256 of the whole key: keys are 256 random bits, so a fast hash is enough and lookups are one index probe.
    hash {{bytes}} NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NULL,
    revoked_at BIGINT NULL
);

CREATE INDEX ix_api_keys_merchant ON api_keys (merchant_id, id);
