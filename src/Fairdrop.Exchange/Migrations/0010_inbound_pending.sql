-- ADR 0028: inbound messages wait here for the modules that handle them in batches (IInboundBatchHandler). `pending`
-- is the message's place in the queue (increasing on each node, so one number's texts are handled in the order they
-- came), cleared in the same transaction as the handlers' writes; NULL once handled, or for messages no batch handler
-- was registered for when they came. The partial index holds only the waiting ones.
ALTER TABLE exchange_inbound ADD COLUMN pending BIGINT NULL;

CREATE INDEX ix_exchange_inbound_pending ON exchange_inbound (pending) WHERE pending IS NOT NULL;
