using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Exchange.Engagement;

/// <summary>What recipients did with their messages: opens and clicks recorded from signed links, events listed, the learner's history.</summary>
public sealed class EngagementService
{
    /// <summary>The longest history one request may read.</summary>
    public const int MaxHistoryDays = 365;

    private readonly EngagementStore _store;
    private readonly EngagementRecorder _recorder;
    private readonly TrackingTokens _tokens;
    private readonly ClickTracking _clicks;
    private readonly TimeProvider _time;
    private readonly ILogger<EngagementService> _logger;

    internal EngagementService(
        EngagementStore store, EngagementRecorder recorder, TrackingTokens tokens, ClickTracking clicks, TimeProvider time, ILogger<EngagementService> logger)
    {
        _logger = logger;
        _store = store;
        _recorder = recorder;
        _tokens = tokens;
        _clicks = clicks;
        _time = time;
    }

    /// <summary>Records an email open from the pixel's signed token (once per delivery); false when the token is altered or not issued here.</summary>
    public async Task<bool> RecordOpenAsync(string token, string? userAgent, CancellationToken cancellationToken)
    {
        if (!_tokens.TryReadOpen(token, out var deliveryId))
        {
            Log.TrackingTokenRejected(_logger, "open pixel");
            return false;
        }

        if (await _store.DeliveryAsync(deliveryId, cancellationToken) is { } delivery)
        {
            await _recorder.RecordAsync(delivery, EngagementKinds.Opened, Devices.FromUserAgent(userAgent), null, $"opened:{deliveryId:N}", cancellationToken);
        }

        return true;
    }

    /// <summary>The destination of a signed click token, the click recorded; null when the token is altered or not issued here.</summary>
    public async Task<string?> FollowClickAsync(string token, string? userAgent, CancellationToken cancellationToken)
    {
        if (await _clicks.FollowAsync(token, userAgent, cancellationToken) is { } url)
        {
            return url;
        }

        Log.TrackingTokenRejected(_logger, "click link");
        return null;
    }

    /// <summary>Events by id, of a delivery or a recipient, after the cursor; the caller has checked the limit.</summary>
    public Task<IReadOnlyList<EngagementEvent>> ListAsync(Guid merchantId, Guid? deliveryId, Guid? recipientId, Guid? after, int limit, CancellationToken cancellationToken) =>
        _store.ListAsync(merchantId, deliveryId, recipientId, after, limit, cancellationToken);

    /// <summary>Per recipient, channel, UTC hour of day and kind: event counts over the last <paramref name="days"/> days.</summary>
    public async Task<Result<IReadOnlyList<EngagementHistoryRow>>> HistoryAsync(Guid merchantId, Guid? recipientId, string? channel, int days, CancellationToken cancellationToken)
    {
        if (days is < 1 or > MaxHistoryDays)
        {
            return Error.Validation("days", $"days must be between 1 and {MaxHistoryDays}.");
        }

        if (channel is not null && !ChannelNames.TryParse(channel, out _))
        {
            return Error.Validation("channel", ChannelNames.Expected);
        }

        return Result<IReadOnlyList<EngagementHistoryRow>>.Success(
            await _store.HistoryAsync(merchantId, recipientId, channel, _time.GetUtcNow().AddDays(-days), cancellationToken));
    }
}
