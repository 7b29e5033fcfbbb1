-- Each merchant's shopper-signing secret: its backend signs shopper tokens (HS256) with it. HMAC verification needs
-- the secret itself, so it is kept as is (unlike API keys, kept as hashes). The previous secret keeps verifying
-- until previous_expires_at, so tokens signed just before a rotation still work.
CREATE TABLE shopper_secrets (
    merchant_id {{uuid}} PRIMARY KEY REFERENCES merchants (id),
    current_secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    previous_secret TEXT NULL,
    previous_expires_at BIGINT NULL
);
