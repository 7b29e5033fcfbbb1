using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fairdrop.Restock.Waitlist;

/// <summary>
/// The public waitlist endpoint's own limit: a fixed window of <see cref="RestockOptions.PublicSubscribeLimit"/>
/// subscriptions per client address and publishable key, so one script cannot fill a waitlist or drown another shop's.
/// </summary>
public sealed class SubscribeRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SubscribeRateLimiter(IOptions<RestockOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.PublicSubscribeLimit,
            Window = settings.PublicSubscribeWindow,
            QueueLimit = 0,
        }));
    }

    /// <summary>Null when the call may go ahead; otherwise how long the client should wait.</summary>
    public TimeSpan? TryAcquire(string? clientAddress, string? publishableKey)
    {
        using var lease = _limiter.AttemptAcquire($"{clientAddress}|{publishableKey}");
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
