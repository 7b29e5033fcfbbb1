-- In-app channels of the browser SDK: one per app or storefront, with the origins its pages are served from. The SDK
-- names the channel and an end-user token signed by the merchant's backend; never the merchant's API key.
CREATE TABLE exchange_sdk_channels (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    name TEXT NOT NULL,
    allowed_origins TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ix_exchange_sdk_channels_merchant ON exchange_sdk_channels (merchant_id, id);

-- End users' replies through the SDK. reply_key is the client's id for the reply, so a retried send is stored once.
CREATE TABLE exchange_sdk_replies (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    channel_id {{uuid}} NOT NULL,
    user_id TEXT NOT NULL,
    reply_key TEXT NOT NULL,
    in_reply_to {{uuid}} NULL,
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (merchant_id, user_id, reply_key)
);
CREATE INDEX ix_exchange_sdk_replies_user ON exchange_sdk_replies (merchant_id, user_id, id);
