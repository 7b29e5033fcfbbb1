-- The send ledger (docs/adr/0014): a delivery is written here, in a committed transaction, before its channel is
-- handed it, and leaves in the transaction that records its outcome. After a crash the rows still here are exactly
-- the deliveries whose fate is unknown ("uncertain"); every other abandoned claim was never sent. A node keeps at most
-- its in-flight bound per channel here, so the table stays a few hundred rows.
CREATE TABLE exchange_in_flight (
    delivery_id {{uuid}} PRIMARY KEY,
    channel TEXT NOT NULL,
    started_at BIGINT NOT NULL
) {{without_rowid}};
