namespace Fairdrop.Batch.Steps;

/// <summary>Retries of transient failures, with exponential backoff (through Polly). Attempts count the retries only.</summary>
public sealed record RetryPolicy(int MaxRetries, TimeSpan Delay, IReadOnlyList<Type> Retryable)
{
    public static readonly RetryPolicy Default = new(3, TimeSpan.FromMilliseconds(100), []);

    public bool CanRetry(Exception exception) => Retryable.Any(type => type.IsInstanceOfType(exception));
}
