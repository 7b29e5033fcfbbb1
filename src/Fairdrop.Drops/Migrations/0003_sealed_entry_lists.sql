-- Drops verifiable against the operator (docs/drops.md): each scope's entry list is sealed under a Merkle root, and
-- its order key also takes that root and, in the beacon mode, a drand round drawn after sealing.
-- Drops already placed keep the first algorithm (version 1); drops not placed yet take the sealed one (version 2),
-- in the commitment mode, which their published seed commitment still serves.
ALTER TABLE drops ADD COLUMN order_version BIGINT NOT NULL DEFAULT 2;
UPDATE drops SET order_version = 1 WHERE placed_at IS NOT NULL;
-- 'beacon' or 'commitment'; a beacon drop records the drand chain it draws from.
ALTER TABLE drops ADD COLUMN randomness TEXT NOT NULL DEFAULT 'commitment';
ALTER TABLE drops ADD COLUMN beacon_chain TEXT NULL;
ALTER TABLE drops ADD COLUMN beacon_genesis BIGINT NULL;
ALTER TABLE drops ADD COLUMN beacon_period BIGINT NULL;
-- The P-256 key (PKCS #8) that signs entry receipts; its public half is published. Null for drops made before receipts.
ALTER TABLE drops ADD COLUMN receipt_key {{bytes}} NULL;

-- Where an entry came from ('storefront' or 'merchant') and the evidence behind its priority and bot flags.
ALTER TABLE drop_entries ADD COLUMN source TEXT NULL;
ALTER TABLE drop_entries ADD COLUMN priority_evidence TEXT NULL;
ALTER TABLE drop_entries ADD COLUMN bot_evidence TEXT NULL;

-- One row per sealed scope: the pre-queue (scope -1) at opening, each rolling window (0, 1…) when it closes.
CREATE TABLE drop_seals (
    drop_id {{uuid}} NOT NULL REFERENCES drops (id),
    scope BIGINT NOT NULL,
    root {{bytes}} NOT NULL,
    entries BIGINT NOT NULL,
    sealed_at BIGINT NOT NULL,
    beacon_round BIGINT NULL,
    randomness {{bytes}} NULL,
    signature {{bytes}} NULL,
    placed_at BIGINT NULL,
    PRIMARY KEY (drop_id, scope)
);
