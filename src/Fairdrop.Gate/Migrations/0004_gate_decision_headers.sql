-- Which browser headers a request carried (names only, never values): recommended rules can test one's absence and
-- replays answer header() for them. NULL for decisions recorded before, which replays read as unknown.
ALTER TABLE gate_decisions ADD COLUMN headers TEXT NULL;
