using Fairdrop.Batch.Model;
using Fairdrop.Batch.Repository;
using Fairdrop.Batch.Steps;
using Fairdrop.Batch.Telemetry;

namespace Fairdrop.Batch.Running;

/// <summary>
/// Runs partitioned steps: the manager creates the partitions and works on them with its threads until every
/// partition is done, while workers of other processes claim partitions too; a dead worker's partitions are
/// claimed again once their lease expires, and resume from their own checkpoint.
/// </summary>
internal sealed class PartitionRunner(BatchRuntime runtime)
{
    public async Task RunManagerAsync(PartitionedStep step, StepRun run, CancellationToken cancellationToken)
    {
        var context = run.Context;
        await runtime.PartitionStore.EnsureAsync(run.InstanceId, context.ExecutionId, context.JobName, step.Name, step.Split(context.Parameters), cancellationToken);
        var filter = PartitionFilter.ForStep(run.InstanceId, step.Name);
        while (true)
        {
            await Task.WhenAll(Enumerable.Range(0, step.Threads).Select(_ => DrainAsync(filter, cancellationToken)));
            var partitions = await runtime.PartitionStore.ListAsync(run.InstanceId, step.Name, cancellationToken);
            if (partitions.FirstOrDefault(p => p.Status == BatchStatusText.Failed) is { } failed)
            {
                throw new PartitionFailedException(failed.PartitionKey, failed.ExitMessage);
            }

            if (partitions.All(p => p.Status == BatchStatusText.Completed))
            {
                var total = partitions.Aggregate(default(StepCounts), (sum, p) => sum + p.Counts);
                await runtime.Repository.EndStepAsync(run.StepExecutionId, BatchStatus.Started, null, total, cancellationToken);
                return;
            }

            // Other nodes hold the rest; wait for them to finish or for their leases to expire.
            await Task.Delay(runtime.Options.PollInterval, runtime.Time, cancellationToken);
        }
    }

    /// <summary>Claims and runs partitions until none is claimable.</summary>
    public async Task<int> DrainAsync(PartitionFilter filter, CancellationToken cancellationToken)
    {
        var done = 0;
        while (await TryRunOneAsync(filter, cancellationToken))
        {
            done++;
        }

        return done;
    }

    public async Task<bool> TryRunOneAsync(PartitionFilter filter, CancellationToken cancellationToken)
    {
        var owner = runtime.NewOwner();
        var partition = await runtime.PartitionStore.ClaimAsync(filter, owner, runtime.Now(), runtime.LeaseUntil(), cancellationToken);
        if (partition is null)
        {
            return false;
        }

        var step = runtime.Jobs.Find(partition.JobName)?.Steps.OfType<PartitionedStep>().FirstOrDefault(s => s.Name == partition.StepName);
        if (step is null)
        {
            await runtime.PartitionStore.EndAsync(partition.Id, owner, BatchStatus.Failed, $"This node has no partitioned step {partition.JobName}/{partition.StepName}.", cancellationToken);
            return true;
        }

        await RunAsync(step, partition, owner, cancellationToken);
        return true;
    }

    private async Task RunAsync(PartitionedStep step, PartitionRow partition, string owner, CancellationToken cancellationToken)
    {
        var execution = await runtime.Repository.GetAsync(partition.ExecutionId, cancellationToken)
            ?? throw new InvalidOperationException($"Partition {partition.Id} points at a missing execution.");
        var context = new StepContext(partition.ExecutionId, partition.JobName, partition.StepName, execution.Parameters,
            new PartitionSpec(partition.PartitionKey, JobParameters.FromJson(partition.Parameters)), runtime.Services);
        var target = new PartitionCheckpoint(partition, owner, runtime.LeaseUntil);
        await using var heartbeat = new LeaseHeartbeat(runtime, token => runtime.PartitionStore.RenewAsync(partition.Id, owner, runtime.LeaseUntil(), token), cancellationToken);
        using var activity = BatchMetrics.Activities.StartActivity("batch.partition");
        activity?.SetTag("batch.partition", partition.PartitionKey);
        try
        {
            if (await step.Worker.RunAsync(new StepRun(context, partition.InstanceId, Guid.Empty, owner, target, runtime), heartbeat.Token) is { } pause)
            {
                throw new InvalidOperationException($"A partition cannot pause ({pause.Reason}); only a step of its own can.");
            }

            await runtime.PartitionStore.EndAsync(partition.Id, owner, BatchStatus.Completed, null, cancellationToken);
        }
        catch (Exception exception) when (exception is LeaseLostException || (exception is OperationCanceledException && heartbeat.Lost))
        {
            Log.LeaseLost(runtime.Logger, $"partition {partition.PartitionKey}");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.PartitionFailed(runtime.Logger, exception, partition.StepName, partition.PartitionKey);
            await runtime.PartitionStore.EndAsync(partition.Id, owner, BatchStatus.Failed, $"{exception.GetType().Name}: {exception.Message}", CancellationToken.None);
        }
    }
}
