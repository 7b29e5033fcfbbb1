-- Staff of a merchant: the people who sign in to the console. Emails are unique across the installation, so signing
-- in needs no shop name. A user holds one role: a built-in name (owner, admin, operator, support, viewer) or the name
-- of one of the merchant's custom roles. security_stamp changes on "sign out everywhere" and on a password change,
-- and every session cookie carries the stamp it was issued with.
CREATE TABLE staff_users (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL REFERENCES merchants (id),
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    employee_id {{uuid}} NULL,
    password_hash TEXT NULL,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NULL,
    security_stamp TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    removed_at BIGINT NULL
);
CREATE INDEX staff_users_merchant ON staff_users (merchant_id, created_at);

-- Employee records (department, number); a staff user may be linked to one.
CREATE TABLE staff_employees (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL REFERENCES merchants (id),
    employee_number TEXT NOT NULL,
    department TEXT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (merchant_id, employee_number)
);

-- A merchant's custom roles: a name and a space-separated set of permissions.
CREATE TABLE staff_roles (
    merchant_id {{uuid}} NOT NULL REFERENCES merchants (id),
    name TEXT NOT NULL,
    permissions TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, name)
);

-- Invitations: only the SHA-256 of the token is kept; accepting one sets the user's password.
CREATE TABLE staff_invitations (
    token_hash TEXT PRIMARY KEY,
    staff_user_id {{uuid}} NOT NULL REFERENCES staff_users (id),
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT NULL
);
