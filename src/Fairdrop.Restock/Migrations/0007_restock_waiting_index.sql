-- Each product's waiting shoppers, counted by the funnel (API, console overview and restock page) from this index
-- alone: without it every count visited each subscription row to read its status, about 2 s at 1,000,000
-- subscriptions per request (fairdrop-bench console).
CREATE INDEX ix_restock_subscriptions_active ON restock_subscriptions (product_id) WHERE status = 'active';
