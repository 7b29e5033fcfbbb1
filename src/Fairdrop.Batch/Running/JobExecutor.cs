using Fairdrop.Batch.Model;
using Fairdrop.Batch.Repository;
using Fairdrop.Batch.Steps;
using Fairdrop.Batch.Telemetry;

namespace Fairdrop.Batch.Running;

/// <summary>Runs a prepared execution's steps in order under the instance lease, renewed by a heartbeat.</summary>
internal sealed class JobExecutor(BatchRuntime runtime)
{
    public async Task<JobExecution> ExecuteAsync(PreparedExecution prepared, CancellationToken cancellationToken)
    {
        var (executionId, instanceId, owner, job, parameters, takenOver) = prepared;
        using var activity = BatchMetrics.Activities.StartActivity("batch.job");
        activity?.SetTag("batch.job", job.Name);
        activity?.SetTag("batch.execution", executionId);
        Log.ExecutionStarted(runtime.Logger, job.Name, executionId, takenOver);
        var status = BatchStatus.Completed;
        string? message = null;
        DateTimeOffset? resumeAt = null;
        await using (var heartbeat = new LeaseHeartbeat(runtime, token => runtime.Repository.Instances.RenewAsync(instanceId, owner, runtime.LeaseUntil(), token), cancellationToken))
        {
            for (var index = 0; index < job.Steps.Count; index++)
            {
                var step = job.Steps[index];
                var row = await runtime.Repository.StartStepAsync(executionId, step.Name, index, cancellationToken);
                if (row.Status == BatchStatusText.Completed)
                {
                    continue;
                }

                var context = new StepContext(executionId, job.Name, step.Name, parameters, null, runtime.Services);
                var run = new StepRun(context, instanceId, row.Id, owner, new StepCheckpoint(row, instanceId, owner, runtime.LeaseUntil), runtime);
                try
                {
                    if (await step.RunAsync(run, heartbeat.Token) is { } pause)
                    {
                        // The step waits with its checkpoint; a later run of this same execution resumes it.
                        (status, message, resumeAt) = (BatchStatus.Paused, pause.Reason, pause.Until);
                        await runtime.Repository.EndStepAsync(row.Id, BatchStatus.Paused, pause.Reason, null, cancellationToken);
                        break;
                    }

                    await runtime.Repository.EndStepAsync(row.Id, BatchStatus.Completed, null, null, cancellationToken);
                }
                catch (Exception exception) when (exception is LeaseLostException || (exception is OperationCanceledException && heartbeat.Lost))
                {
                    // Another node took the execution over; it finishes the job, this node writes nothing more.
                    Log.LeaseLost(runtime.Logger, $"execution {executionId}");
                    return (await runtime.Repository.GetAsync(executionId, CancellationToken.None))!;
                }
                catch (Exception exception)
                {
                    Log.StepFailed(runtime.Logger, exception, job.Name, executionId, step.Name);
                    status = BatchStatus.Failed;
                    message = exception is OperationCanceledException ? $"Stopped in step '{step.Name}': cancelled." : $"Step '{step.Name}' failed: {exception.GetType().Name}: {exception.Message}";
                    await runtime.Repository.EndStepAsync(row.Id, BatchStatus.Failed, message, null, CancellationToken.None);
                    break;
                }
            }
        }

        // The end is recorded even when cancelled, so the execution shows as failed and restartable.
        await runtime.Repository.FinishAsync(executionId, instanceId, owner, status, message, resumeAt, CancellationToken.None);
        var text = status.ToText();
        runtime.Metrics.Ended(job.Name, text);
        Log.ExecutionEnded(runtime.Logger, job.Name, executionId, text);
        return (await runtime.Repository.GetAsync(executionId, CancellationToken.None))!;
    }
}
