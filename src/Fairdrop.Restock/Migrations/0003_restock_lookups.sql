-- A tracked click names its round and the shopper's recipient external id; this finds the shopper's subscription to
-- the round's product directly. Without it the click read every alert of the round (1,000,000 in a large drop).
CREATE INDEX ix_restock_subscriptions_recipient ON restock_subscriptions (product_id, recipient_external_id);
