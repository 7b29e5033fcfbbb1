-- A merchant's mailbox (kind 'mailbox', optionally synced from IMAP) or IM account (kind 'im': in-app and SMS
-- conversations). imap_password is a secret: never returned by the API and never logged. uid_validity is the
-- folder's UIDVALIDITY at the last complete sync; a different value on the server means every UID changed.
CREATE TABLE mailbox_accounts (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NULL,
    imap_host TEXT NULL,
    imap_port BIGINT NULL,
    imap_user TEXT NULL,
    imap_password TEXT NULL,
    imap_tls {{bool}} NOT NULL DEFAULT FALSE,
    imap_folder TEXT NULL,
    uid_validity BIGINT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ix_mailbox_accounts_merchant ON mailbox_accounts (merchant_id, id);

-- Messages, in or out. at is the message's time (received or sent, UTC ms): the one column every range predicate
-- reads, hence (account_id, at, id) leads the main index. thread_key groups a conversation (the root Message-ID of
-- an email thread, the conversation id of an IM thread). imap_uid_validity/imap_uid track a synced copy.
CREATE TABLE mailbox_messages (
    id {{uuid}} PRIMARY KEY,
    account_id {{uuid}} NOT NULL REFERENCES mailbox_accounts (id),
    at BIGINT NOT NULL,
    direction TEXT NOT NULL,
    thread_key TEXT NOT NULL,
    message_id_header TEXT NULL,
    in_reply_to TEXT NULL,
    references_header TEXT NULL,
    sender TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    attachments TEXT NOT NULL,
    flags TEXT NOT NULL,
    imap_uid_validity BIGINT NULL,
    imap_uid BIGINT NULL
);
CREATE INDEX ix_mailbox_messages_time ON mailbox_messages (account_id, at, id);
CREATE INDEX ix_mailbox_messages_thread ON mailbox_messages (account_id, thread_key, at);
CREATE INDEX ix_mailbox_messages_header ON mailbox_messages (account_id, message_id_header);
CREATE UNIQUE INDEX ux_mailbox_messages_imap ON mailbox_messages (account_id, imap_uid_validity, imap_uid);

-- Permission time ranges. subject_kind: 'role', 'user', 'employee' or 'default' (the account-wide range, subject_key '').
-- kind: 'rolling' (length_ms), 'since' (start_at), 'until' (deadline_at), 'between' (start_at, deadline_at).
CREATE TABLE mailbox_ranges (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    account_id {{uuid}} NOT NULL REFERENCES mailbox_accounts (id),
    subject_kind TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    length_ms BIGINT NULL,
    start_at BIGINT NULL,
    deadline_at BIGINT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ix_mailbox_ranges_account ON mailbox_ranges (account_id, subject_kind, subject_key);

-- Every access and every refusal: who (actor), what (operation), on which account and message, and the outcome.
CREATE TABLE mailbox_audit (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    account_id {{uuid}} NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    operation TEXT NOT NULL,
    target TEXT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NULL
);
CREATE INDEX ix_mailbox_audit_merchant ON mailbox_audit (merchant_id, id);
