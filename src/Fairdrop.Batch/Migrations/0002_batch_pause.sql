-- A paused execution resumes at this instant (or, when NULL, once woken); see StepPause.
ALTER TABLE batch_job_executions ADD COLUMN resume_at BIGINT NULL;
CREATE INDEX ix_batch_job_executions_resume ON batch_job_executions (status, resume_at);
