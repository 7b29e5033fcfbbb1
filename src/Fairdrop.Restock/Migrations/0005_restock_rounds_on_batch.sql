-- A round is a job execution of restock-round (docs/adr/0016): its cursor is the execution's checkpoint and its lease
-- the job instance's, so the round keeps neither.
ALTER TABLE restock_rounds DROP COLUMN cursor_tier;
ALTER TABLE restock_rounds DROP COLUMN cursor_created;
ALTER TABLE restock_rounds DROP COLUMN cursor_id;
ALTER TABLE restock_rounds DROP COLUMN lease_owner;
ALTER TABLE restock_rounds DROP COLUMN lease_until;
