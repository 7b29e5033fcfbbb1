-- Arrival numbers without a hot row (issue 29): on PostgreSQL each entry takes its number from one of 16 counter rows
-- of its drop, picked at random, and only a shared lock on the drop's row, so entries into one drop no longer queue on
-- that row. Sealing still takes the row exclusively, so it waits for entries in flight. SQLite has one writer at a
-- time anyway and keeps the drop's own counter.
CREATE TABLE drop_arrival_counters (
    drop_id {{uuid}} NOT NULL REFERENCES drops (id),
    shard BIGINT NOT NULL,
    next BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (drop_id, shard)
);

-- Drops made before the counters continue above their last arrival number: every shard starts at the drop's count,
-- so its next number, (count × 16) + shard + 1, is above any number handed out so far.
INSERT INTO drop_arrival_counters (drop_id, shard, next)
SELECT d.id, s.shard, d.entry_seq FROM drops d CROSS JOIN (
    SELECT 0 AS shard UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5
    UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9 UNION ALL SELECT 10 UNION ALL SELECT 11
    UNION ALL SELECT 12 UNION ALL SELECT 13 UNION ALL SELECT 14 UNION ALL SELECT 15) s;
