-- A delivery may carry its source's exactly-once key (restock: "restock:{round}:{subscription}"), so the module that
-- hands it in needs no row of its own per delivery (issue 18, docs/adr/0016 "Amended: one row per alert"). Unique per
-- merchant among keyed deliveries only: every other delivery leaves it null and stays out of the index.
ALTER TABLE exchange_deliveries ADD COLUMN source_key TEXT NULL;

CREATE UNIQUE INDEX ux_exchange_deliveries_source_key ON exchange_deliveries (merchant_id, source_key) WHERE source_key IS NOT NULL;
