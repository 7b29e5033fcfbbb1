using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fairdrop.SmsPrograms.Storefront;

/// <summary>
/// The storefront opt-in's two fixed windows, as restock's public subscribe has its one: per client (address and key or
/// page), so one script cannot drown a shop, and per number, so nobody can have a stranger's phone texted over and over.
/// </summary>
internal sealed class OptInLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _clients;
    private readonly PartitionedRateLimiter<string> _numbers;

    public OptInLimiter(IOptions<SmsProgramsOptions> options)
    {
        var o = options.Value;
        _clients = Window(o.PublicOptInLimit, o.PublicOptInWindow);
        _numbers = Window(o.OptInsPerNumber, o.PerNumberWindow);
    }

    /// <summary>Null when the client may go ahead; otherwise how long it should wait.</summary>
    public TimeSpan? TryClient(string client)
    {
        using var lease = _clients.AttemptAcquire(client);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(1);
    }

    /// <summary>Whether a confirmation may be asked of this (normalised) number now.</summary>
    public bool TryNumber(string phone)
    {
        using var lease = _numbers.AttemptAcquire(phone);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _clients.Dispose();
        _numbers.Dispose();
    }

    private static PartitionedRateLimiter<string> Window(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        }));
}
