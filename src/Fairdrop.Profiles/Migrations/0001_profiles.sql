-- A merchant's badge template; absent row: the defaults (BACK IN STOCK at the bottom, the network's shape).
CREATE TABLE profile_templates (
    merchant_id {{uuid}} PRIMARY KEY,
    badge_text TEXT NULL,
    badge_position TEXT NOT NULL,
    mask TEXT NULL,
    badge_background TEXT NULL,
    badge_foreground TEXT NULL,
    updated_at BIGINT NOT NULL
);

-- A merchant's account on a social network. credential is a secret (access token, app password, signing secret):
-- never returned by the API and never logged.
CREATE TABLE social_profiles (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    network TEXT NOT NULL,
    base_url TEXT NOT NULL,
    handle TEXT NOT NULL,
    credential TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX ix_social_profiles_merchant ON social_profiles (merchant_id, id);

CREATE TABLE profile_rotations (
    id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    profile_id {{uuid}} NOT NULL REFERENCES social_profiles (id),
    rule TEXT NOT NULL,
    subject TEXT NULL,
    hours BIGINT NULL,
    image_url TEXT NOT NULL,
    badge_text TEXT NULL,
    state TEXT NOT NULL,
    reason TEXT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    ends_at BIGINT NULL,
    -- The avatar before ours, downloaded once before the first change; previous_saved tells "none" from "not read yet".
    previous_saved {{bool}} NOT NULL,
    previous_avatar {{bytes}} NULL,
    previous_media_type TEXT NULL,
    -- The worker holding the rotation; past lease_expires_at another worker takes it over (a crashed node's rotation).
    lease_owner TEXT NULL,
    lease_expires_at BIGINT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One rotation at a time per profile, whatever races the application loses.
CREATE UNIQUE INDEX ux_profile_rotations_current ON profile_rotations (profile_id) WHERE state IN ('waiting', 'assigning', 'active', 'restoring', 'restore_failed');
CREATE INDEX ix_profile_rotations_due ON profile_rotations (next_attempt_at) WHERE state IN ('waiting', 'assigning', 'active', 'restoring');
CREATE INDEX ix_profile_rotations_merchant ON profile_rotations (merchant_id, id);

-- Every image sent to a network, ours or the restored one, with its bytes.
CREATE TABLE profile_assignments (
    id {{uuid}} PRIMARY KEY,
    rotation_id {{uuid}} NOT NULL REFERENCES profile_rotations (id),
    action TEXT NOT NULL,
    media_type TEXT NULL,
    image {{bytes}} NULL,
    image_sha256 TEXT NULL,
    assigned_at BIGINT NOT NULL
);

CREATE INDEX ix_profile_assignments_rotation ON profile_assignments (rotation_id, id);
