-- A merchant's SMS program: its keywords, the texts of its opt-in, and the two exchange senders it sends through
-- (transactional: confirmation, welcome, STOP and HELP replies; marketing: alerts, which need consent).
CREATE TABLE sms_programs (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    name TEXT NOT NULL,
    keyword TEXT NOT NULL,
    aliases TEXT NOT NULL,
    numbers TEXT NOT NULL,
    frequency TEXT NOT NULL,
    confirmation_text TEXT NOT NULL,
    welcome_text TEXT NOT NULL,
    help_text TEXT NOT NULL,
    alerts_on TEXT NOT NULL,
    referral_offer TEXT NULL,
    referral_daily_cap BIGINT NOT NULL,
    transactional_sender_id {{uuid}} NOT NULL,
    marketing_sender_id {{uuid}} NOT NULL,
    -- Where rewarded referrals are posted (Standard Webhooks, through the exchange's webhook channel), and its exchange recipient.
    reward_webhook_url TEXT NULL,
    reward_recipient_id {{uuid}} NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX ix_sms_programs_merchant ON sms_programs (merchant_id, id);

-- One number in one program; status pending (asked to confirm), active (confirmed), stopped.
CREATE TABLE sms_subscribers (
    id {{uuid}} PRIMARY KEY,
    program_id {{uuid}} NOT NULL REFERENCES sms_programs (id),
    merchant_id {{uuid}} NOT NULL,
    phone TEXT NOT NULL,
    recipient_id {{uuid}} NOT NULL,
    status TEXT NOT NULL,
    source TEXT NOT NULL,
    referral_code TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    requested_at BIGINT NOT NULL,
    confirmed_at BIGINT NULL,
    stopped_at BIGINT NULL
);

CREATE UNIQUE INDEX ux_sms_subscribers_phone ON sms_subscribers (program_id, phone);
CREATE UNIQUE INDEX ux_sms_subscribers_code ON sms_subscribers (program_id, referral_code);
CREATE INDEX ix_sms_subscribers_merchant_phone ON sms_subscribers (merchant_id, phone);
-- An alert reads a program's active subscribers a page at a time in id order.
CREATE INDEX ix_sms_subscribers_active ON sms_subscribers (program_id, status, id);

-- The consent record, every step: what happened, when, with which message (inbound MessageSid or outbound delivery
-- id) and, for the web form, the text shown, the page, the address and the user agent. Only ever appended.
CREATE TABLE sms_consent_events (
    id {{uuid}} PRIMARY KEY,
    subscriber_id {{uuid}} NOT NULL REFERENCES sms_subscribers (id),
    program_id {{uuid}} NOT NULL,
    step TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    message_id TEXT NULL,
    text TEXT NULL,
    page_url TEXT NULL,
    ip TEXT NULL,
    user_agent TEXT NULL
);

CREATE INDEX ix_sms_consent_events_subscriber ON sms_consent_events (subscriber_id, id);

-- A friend who came with a referrer's code: one row per friend and program, so a reward is issued once per friend.
CREATE TABLE sms_referrals (
    id {{uuid}} PRIMARY KEY,
    program_id {{uuid}} NOT NULL,
    referrer_id {{uuid}} NOT NULL REFERENCES sms_subscribers (id),
    friend_id {{uuid}} NOT NULL REFERENCES sms_subscribers (id),
    status TEXT NOT NULL,
    reason TEXT NULL,
    reward_code TEXT NULL,
    used_at BIGINT NOT NULL,
    confirmed_at BIGINT NULL,
    rewarded_at BIGINT NULL
);

CREATE UNIQUE INDEX ux_sms_referrals_friend ON sms_referrals (program_id, friend_id);
CREATE INDEX ix_sms_referrals_referrer ON sms_referrals (referrer_id, rewarded_at);

-- The merchant's pool of discount codes given as referral rewards; issued_to set once, when given.
CREATE TABLE sms_reward_codes (
    program_id {{uuid}} NOT NULL,
    code TEXT NOT NULL,
    issued_to {{uuid}} NULL,
    issued_at BIGINT NULL,
    PRIMARY KEY (program_id, code)
);

-- Every marketing text planned, with its delivery, or dropped with its reason: the subject limit counts these.
CREATE TABLE sms_alert_sends (
    id {{uuid}} PRIMARY KEY,
    program_id {{uuid}} NOT NULL,
    subscriber_id {{uuid}} NOT NULL,
    alert_key TEXT NOT NULL,
    subject TEXT NOT NULL,
    send_at BIGINT NULL,
    delivery_id {{uuid}} NULL,
    drop_reason TEXT NULL,
    planned_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX ux_sms_alert_sends_once ON sms_alert_sends (program_id, alert_key, subscriber_id);
CREATE INDEX ix_sms_alert_sends_subject ON sms_alert_sends (program_id, subject, send_at);
