-- A job instance is a job name with its identifying parameters; it holds the lease that lets one node run it.
CREATE TABLE batch_job_instances (
    id {{uuid}} PRIMARY KEY,
    job_name TEXT NOT NULL,
    job_key TEXT NOT NULL,
    parameters TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    lease_owner TEXT NULL,
    lease_expires_at BIGINT NULL,
    UNIQUE (job_name, job_key)
);

CREATE TABLE batch_job_executions (
    id {{uuid}} PRIMARY KEY,
    instance_id {{uuid}} NOT NULL REFERENCES batch_job_instances (id),
    seq BIGINT NOT NULL,
    job_name TEXT NOT NULL,
    parameters TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT NULL,
    ended_at BIGINT NULL,
    exit_message TEXT NULL,
    restart_of {{uuid}} NULL,
    takeovers BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ux_batch_job_executions_instance_seq ON batch_job_executions (instance_id, seq);
CREATE INDEX ix_batch_job_executions_status ON batch_job_executions (status);

CREATE TABLE batch_step_executions (
    id {{uuid}} PRIMARY KEY,
    execution_id {{uuid}} NOT NULL REFERENCES batch_job_executions (id),
    step_name TEXT NOT NULL,
    step_index BIGINT NOT NULL,
    status TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    ended_at BIGINT NULL,
    read_count BIGINT NOT NULL DEFAULT 0,
    write_count BIGINT NOT NULL DEFAULT 0,
    skip_count BIGINT NOT NULL DEFAULT 0,
    retry_count BIGINT NOT NULL DEFAULT 0,
    commit_count BIGINT NOT NULL DEFAULT 0,
    exit_message TEXT NULL,
    checkpoint TEXT NULL,
    UNIQUE (execution_id, step_name)
);

-- Partitions belong to the job instance and step, so a restarted execution finds those already done.
CREATE TABLE batch_partitions (
    id {{uuid}} PRIMARY KEY,
    instance_id {{uuid}} NOT NULL REFERENCES batch_job_instances (id),
    execution_id {{uuid}} NOT NULL REFERENCES batch_job_executions (id),
    job_name TEXT NOT NULL,
    step_name TEXT NOT NULL,
    partition_key TEXT NOT NULL,
    seq BIGINT NOT NULL,
    parameters TEXT NOT NULL,
    status TEXT NOT NULL,
    owner TEXT NULL,
    lease_expires_at BIGINT NULL,
    claims BIGINT NOT NULL DEFAULT 0,
    read_count BIGINT NOT NULL DEFAULT 0,
    write_count BIGINT NOT NULL DEFAULT 0,
    skip_count BIGINT NOT NULL DEFAULT 0,
    retry_count BIGINT NOT NULL DEFAULT 0,
    commit_count BIGINT NOT NULL DEFAULT 0,
    exit_message TEXT NULL,
    checkpoint TEXT NULL,
    UNIQUE (instance_id, step_name, partition_key)
);
CREATE INDEX ix_batch_partitions_status ON batch_partitions (status, seq);

CREATE TABLE batch_skipped_items (
    id {{uuid}} PRIMARY KEY,
    execution_id {{uuid}} NOT NULL REFERENCES batch_job_executions (id),
    step_name TEXT NOT NULL,
    partition_key TEXT NULL,
    item TEXT NOT NULL,
    phase TEXT NOT NULL,
    reason TEXT NOT NULL,
    skipped_at BIGINT NOT NULL
);
CREATE INDEX ix_batch_skipped_items_execution ON batch_skipped_items (execution_id);
