using System.Security.Cryptography;
using System.Text;

namespace Fairdrop.Exchange.Engagement;

/// <summary>
/// The exchange's one click-tracking path: the signed redirect (<c>/api/v1/exchange/r/{token}</c>) that
/// <see cref="TrackingLinks"/> puts in messages records a click here, once per delivery and link, before it
/// forwards the shopper. Restock's funnel counts these clicks (<see cref="Deliveries.DistributionTallies"/>).
/// </summary>
public sealed class ClickTracking
{
    private readonly TrackingTokens _tokens;
    private readonly EngagementStore _store;
    private readonly EngagementRecorder _recorder;

    internal ClickTracking(TrackingTokens tokens, EngagementStore store, EngagementRecorder recorder)
    {
        _tokens = tokens;
        _store = store;
        _recorder = recorder;
    }

    /// <summary>The link a signed click token forwards to, the click recorded; null when the token is altered or not issued here.</summary>
    public async Task<string?> FollowAsync(string token, string? userAgent, CancellationToken cancellationToken)
    {
        if (!_tokens.TryReadClick(token, out var deliveryId, out var url))
        {
            return null;
        }

        await RecordAsync(deliveryId, url, userAgent, cancellationToken);
        return url;
    }

    /// <summary>Records a click of <paramref name="url"/> in a delivery (once per delivery and link); false when the delivery is unknown or the click was recorded before.</summary>
    public async Task<bool> RecordAsync(Guid deliveryId, string url, string? userAgent, CancellationToken cancellationToken)
    {
        if (await _store.DeliveryAsync(deliveryId, cancellationToken) is not { } delivery)
        {
            return false;
        }

        var link = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..16];
        return await _recorder.RecordAsync(delivery, EngagementKinds.Clicked, Devices.FromUserAgent(userAgent), url, $"clicked:{deliveryId:N}:{link}", cancellationToken);
    }
}
