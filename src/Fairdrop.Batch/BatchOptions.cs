using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Batch;

/// <summary>Batch settings, bound from <c>Fairdrop:Batch</c>.</summary>
public sealed class BatchOptions : IValidatableObject
{
    public const string Section = "Fairdrop:Batch";

    /// <summary>How long a lease on a job instance or a partition lasts without a heartbeat.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running node renews its leases; well under <see cref="LeaseDuration"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often idle workers look for partitions and abandoned executions.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether <c>serve</c> runs the scheduler and the worker that takes over abandoned work.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>This node's name in lease owners; the machine name by default.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LeaseDuration <= TimeSpan.Zero)
        {
            yield return new ValidationResult("LeaseDuration must be positive.", [nameof(LeaseDuration)]);
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval * 2 > LeaseDuration)
        {
            yield return new ValidationResult("HeartbeatInterval must be positive and at most half of LeaseDuration.", [nameof(HeartbeatInterval)]);
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("PollInterval must be positive.", [nameof(PollInterval)]);
        }

        if (string.IsNullOrWhiteSpace(NodeName))
        {
            yield return new ValidationResult("NodeName must not be empty.", [nameof(NodeName)]);
        }
    }
}
