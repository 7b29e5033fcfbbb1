namespace Fairdrop.Batch.Repository;

/// <summary>Which partitions a worker may claim: those of one step of one instance, or of any of the named jobs.</summary>
internal sealed record PartitionFilter(Guid? InstanceId, string? StepName, IReadOnlyCollection<string> Jobs)
{
    public static PartitionFilter ForStep(Guid instanceId, string stepName) => new(instanceId, stepName, []);

    public static PartitionFilter ForJobs(IReadOnlyCollection<string> jobs) => new(null, null, jobs);
}
