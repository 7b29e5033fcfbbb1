-- restock_alerts is written 10,000 rows a chunk inside SQLite's one write lock. It was three B-trees (the rowid table,
-- its primary key, and an index on (round_id, chunk) used only when a chunk met alert rows that already existed); it is
-- now one on SQLite, the rows stored in their primary key, and that rare path reads the round's part of the key.
CREATE TABLE restock_alerts_by_key (
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
) {{without_rowid}};

INSERT INTO restock_alerts_by_key (round_id, subscription_id, wave, chunk, distribution_id, delivery_id, send_at, clicked_at)
SELECT round_id, subscription_id, wave, chunk, distribution_id, delivery_id, send_at, clicked_at FROM restock_alerts;

DROP TABLE restock_alerts;

ALTER TABLE restock_alerts_by_key RENAME TO restock_alerts;
