-- The storefront origins allowed to call the public waitlist endpoint from a browser, one per line; NULL allows none.
ALTER TABLE restock_settings ADD COLUMN allowed_origins TEXT NULL;
