using System.Collections.Concurrent;
using Fairdrop.Core.Shoppers;

namespace Fairdrop.SmsPrograms.Tests.Support;

/// <summary>Publishable keys and origin allow-lists as restock would keep them, for a harness without restock.</summary>
internal sealed class FakeStorefrontKeys : IStorefrontKeys
{
    private readonly ConcurrentDictionary<string, Guid> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, string[]> _origins = new();

    public void Add(string key, Guid merchantId, params string[] origins)
    {
        _keys[key] = merchantId;
        _origins[merchantId] = origins;
    }

    public Task<Guid?> MerchantOfKeyAsync(string? publishableKey, CancellationToken cancellationToken) =>
        Task.FromResult(publishableKey is not null && _keys.TryGetValue(publishableKey, out var merchant) ? merchant : (Guid?)null);

    public Task<bool> IsOriginAllowedAsync(Guid merchantId, string origin, CancellationToken cancellationToken) =>
        Task.FromResult(_origins.TryGetValue(merchantId, out var origins) && origins.Contains(origin, StringComparer.OrdinalIgnoreCase));
}
