-- The dispatcher's claim reads due rows in next_attempt_at order. A claimed row's next_attempt_at is its claim's
-- expiry, so scheduled, retrying and abandoned (sending past expiry) rows are one range of one partial index,
-- scanned in order without sorting; sent, failed and dropped rows leave the index.
UPDATE exchange_deliveries SET next_attempt_at = claimed_until WHERE status = 'sending' AND claimed_until IS NOT NULL;

DROP INDEX ix_exchange_deliveries_due;

CREATE INDEX ix_exchange_deliveries_due ON exchange_deliveries (next_attempt_at) WHERE status IN ('scheduled', 'retrying', 'sending');

-- delivered on channels without receipts is now read from the sent deliveries themselves (docs/adr/0004); the stored
-- copies would count twice.
DELETE FROM exchange_engagement WHERE kind = 'delivered' AND channel <> 'sms';
