CREATE TABLE test_widgets (
    id {{uuid}} PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    made_at BIGINT NOT NULL,
    payload {{bytes}} NULL,
    active {{bool}} NOT NULL
);
