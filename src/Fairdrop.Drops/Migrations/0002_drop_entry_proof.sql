-- Storefront entries must prove their shopper with a token signed by the merchant's backend; a drop may opt in
-- to unverified entries, which are rate limited and placed as suspected bots. Existing drops stay closed to them.
ALTER TABLE drops ADD COLUMN allow_unverified {{bool}} NOT NULL DEFAULT FALSE;

-- Whether the entry proved its shopper (a shopper token, or the merchant's own key). Entries made before this
-- migration were anonymous, so they read as unverified; their places are untouched (placement reads only bot).
ALTER TABLE drop_entries ADD COLUMN verified {{bool}} NOT NULL DEFAULT FALSE;
