using System.Threading.RateLimiting;

namespace Fairdrop.MerchantConsole.Auth;

/// <summary>At most ten sign-in attempts a minute from one address, on top of the per-account lockout, so guessing is slow either way.</summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public bool TryEnter(string? address)
    {
        using var lease = _limiter.AttemptAcquire(address ?? "unknown");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
