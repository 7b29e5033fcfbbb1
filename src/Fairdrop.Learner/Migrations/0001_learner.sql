-- Issue 21: the delivery learner (docs/adr/0022). Module-owned tables; nothing here is written by another module.

-- Per recipient, the bounded evidence (RecipientState: counts per channel, per daypart and for at most 12 joint arms),
-- a fixed 213 bytes. segment is the recipient's segment attribute at its last decision, for the nightly refit.
CREATE TABLE learner_recipients (
    merchant_id {{uuid}} NOT NULL,
    recipient_id {{uuid}} NOT NULL,
    segment TEXT NULL,
    state {{bytes}} NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (merchant_id, recipient_id)
) {{without_rowid}};

-- Per merchant, the empirical-Bayes priors fitted by the refit job (population and segments), as JSON.
CREATE TABLE learner_priors (
    merchant_id {{uuid}} PRIMARY KEY,
    priors TEXT NOT NULL,
    recipients BIGINT NOT NULL,
    fitted_at BIGINT NOT NULL
);

-- Every learned decision, keyed by the delivery it placed: the choice, every alternative's score, the propensity, and,
-- once settled, whether it was engaged with within the offer's useful life (1) or not (0). One decision is one trial.
CREATE TABLE learner_decisions (
    delivery_id {{uuid}} PRIMARY KEY,
    merchant_id {{uuid}} NOT NULL,
    distribution_id {{uuid}} NOT NULL,
    recipient_id {{uuid}} NOT NULL,
    segment TEXT NULL,
    channel TEXT NULL,
    bucket INTEGER NOT NULL,
    send_at BIGINT NOT NULL,
    settle_by BIGINT NOT NULL,
    reason TEXT NULL,
    propensity DOUBLE PRECISION NOT NULL,
    alternatives TEXT NOT NULL,
    outcome INTEGER NULL,
    decided_at BIGINT NOT NULL
);

CREATE INDEX ix_learner_decisions_recipient ON learner_decisions (merchant_id, recipient_id, delivery_id);
CREATE INDEX ix_learner_decisions_open ON learner_decisions (merchant_id, outcome, settle_by);

-- Per merchant, the last engagement event the incremental update has read.
CREATE TABLE learner_cursors (
    merchant_id {{uuid}} PRIMARY KEY,
    after_event {{uuid}} NULL,
    updated_at BIGINT NOT NULL
);
