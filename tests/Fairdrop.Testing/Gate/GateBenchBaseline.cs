using System.Threading.RateLimiting;

namespace Fairdrop.Testing.Gate;

/// <summary>
/// The yardstick both gate benchmarks judge against: what an app would write with ASP.NET Core's rate limiting for
/// the bench rules' first rule. Every request asks; only the limited ones (add-to-cart) count, one a second per
/// shopper, in a sliding window.
/// </summary>
public static class GateBenchBaseline
{
    public static PartitionedRateLimiter<TRequest> Create<TRequest>(Func<TRequest, bool> isLimited, Func<TRequest, string> shopperOf) =>
        PartitionedRateLimiter.Create<TRequest, string>(request => !isLimited(request)
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetSlidingWindowLimiter(shopperOf(request), _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = 1,
                Window = TimeSpan.FromSeconds(1),
                SegmentsPerWindow = 10,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
}
