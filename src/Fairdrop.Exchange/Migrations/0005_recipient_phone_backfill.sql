-- Inbound SMS find their sender by (merchant_id, phone). Recipients written before 0003 added the column, or by restock
-- before it set it, had it NULL and were found by a LIKE over the contacts of every phoneless recipient of the
-- merchant, once per inbound message; their phone is copied out of contacts here, and the lookup is by index only.
-- contacts is TEXT on both databases: cast to {{json}} (jsonb on PostgreSQL, TEXT on SQLite) for ->>.
UPDATE exchange_recipients SET phone = CAST(contacts AS {{json}}) ->> 'phone'
WHERE phone IS NULL AND CAST(contacts AS {{json}}) ->> 'phone' IS NOT NULL;

-- The lookup takes the lowest id of a phone's recipients. With (merchant_id, phone) alone SQLite chose the
-- (merchant_id, id) index for the ORDER BY and walked every recipient of the merchant (100,000: 55 ms against 0.01).
DROP INDEX ix_exchange_recipients_phone;
CREATE INDEX ix_exchange_recipients_phone ON exchange_recipients (merchant_id, phone, id);
