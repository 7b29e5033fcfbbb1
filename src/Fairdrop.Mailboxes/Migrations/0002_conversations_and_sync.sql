-- The account that receives a merchant's conversations from the exchange (docs/mailboxes.md, ADR 0027): at most one
-- per merchant, an IM account, created on first use unless the merchant marks one.
ALTER TABLE mailbox_accounts ADD COLUMN conversations {{bool}} NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX ux_mailbox_accounts_conversations ON mailbox_accounts (merchant_id) WHERE conversations;

-- A fed message's stable identity (inbound:<inbound message id>, delivery:<delivery id>), so a message offered twice is
-- stored once; the channel it came or went on (in_app, sms) and the exchange's recipient, so a reply reaches the shopper.
ALTER TABLE mailbox_messages ADD COLUMN external_id TEXT NULL;
ALTER TABLE mailbox_messages ADD COLUMN channel TEXT NULL;
ALTER TABLE mailbox_messages ADD COLUMN shopper_id {{uuid}} NULL;
CREATE UNIQUE INDEX ux_mailbox_messages_external ON mailbox_messages (account_id, external_id);

-- One IMAP sync of an account at a time across every node: a sync holds its account's row until lease_until (UTC ms);
-- a node that died mid-sync leaves a lease that simply runs out.
CREATE TABLE mailbox_sync_leases (
    account_id {{uuid}} PRIMARY KEY,
    holder TEXT NOT NULL,
    lease_until BIGINT NOT NULL
);
