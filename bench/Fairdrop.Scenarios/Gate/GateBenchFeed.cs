using Fairdrop.Gate.Activity;
using Fairdrop.Gate.Engine;

namespace Fairdrop.Scenarios.Gate;

/// <summary>
/// The stored requests in order from <c>start</c>, each asked into the cache ahead of its turn: its object two
/// requests ahead, its client IP and customer id one ahead. A server judges a request it has just parsed, whose
/// fields are in cache; 400,000 stored requests are not. The gate and the baseline are fed alike.
/// </summary>
internal struct GateBenchFeed(GateRequest[] requests, int start)
{
    private int _next = start % requests.Length;

    public GateRequest Next()
    {
        var request = requests[_next];
        _next = After(_next);
        CacheLine.Prefetch(requests[After(_next)], 192);
        var next = requests[_next];
        CacheLine.Prefetch(next.ClientIp);
        CacheLine.Prefetch(next.CustomerId);
        return request;
    }

    private readonly int After(int index) => index + 1 == requests.Length ? 0 : index + 1;
}
