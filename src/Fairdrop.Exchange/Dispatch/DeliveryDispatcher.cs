using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>
/// Claims due deliveries (marking them <c>sending</c> first), renders and sends each through its channel, then
/// records the outcome: sent; retrying with exponential backoff (dead after the last attempt); on a permanent
/// failure the fallback channel, else failed. Rate-limited deliveries are handed back without an attempt.
/// </summary>
internal sealed class DeliveryDispatcher(
    DeliveryStore deliveries,
    DistributionStore distributions,
    SenderStore senders,
    RecipientStore recipients,
    IEnumerable<IChannel> channels,
    MessageRenderer renderer,
    ChannelRateLimiter limiter,
    TimeProvider time,
    IOptions<ExchangeOptions> options,
    ExchangeMetrics metrics,
    EngagementRecorder engagement,
    ILogger<DeliveryDispatcher> logger)
{
    private readonly Dictionary<Channel, IChannel> _channels = channels.ToDictionary(c => c.Kind);

    /// <summary>Claims one batch and sends it; returns how many deliveries it claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claimed = await deliveries.ClaimAsync(time.GetUtcNow(), settings.ClaimLease, settings.DispatchBatchSize, cancellationToken);
        var distributionCache = new Dictionary<Guid, Distribution?>();
        var senderCache = new Dictionary<Guid, Sender?>();
        // One read for the whole batch's recipients instead of one per delivery.
        var batchRecipients = await recipients.GetManyAsync(claimed.Select(d => d.RecipientId).ToHashSet(), cancellationToken);
        foreach (var delivery in claimed)
        {
            await SendAsync(delivery, distributionCache, senderCache, batchRecipients, cancellationToken);
        }

        return claimed.Count;
    }

    private async Task SendAsync(
        ClaimedDelivery delivery, Dictionary<Guid, Distribution?> distributionCache, Dictionary<Guid, Sender?> senderCache, Dictionary<Guid, Recipient> batchRecipients, CancellationToken cancellationToken)
    {
        var channel = ChannelNames.Parse(delivery.Channel);
        var wait = limiter.TryAcquire(channel);
        if (wait > TimeSpan.Zero)
        {
            await deliveries.ReleaseAsync(delivery.Id, time.GetUtcNow() + wait, cancellationToken);
            return;
        }

        if (!distributionCache.TryGetValue(delivery.DistributionId, out var distribution))
        {
            distribution = distributionCache[delivery.DistributionId] = await distributions.GetAsync(delivery.MerchantId, delivery.DistributionId, cancellationToken);
        }

        if (distribution is null)
        {
            await deliveries.MarkFailedAsync(delivery.Id, "The distribution no longer exists.", cancellationToken);
            return;
        }

        if (!senderCache.TryGetValue(distribution.SenderId, out var sender))
        {
            sender = senderCache[distribution.SenderId] = await senders.GetAsync(delivery.MerchantId, distribution.SenderId, cancellationToken);
        }

        var recipient = batchRecipients.TryGetValue(delivery.RecipientId, out var found) && found.MerchantId == delivery.MerchantId ? found : null;
        if (sender is null || recipient is null || !_channels.TryGetValue(channel, out var provider))
        {
            await OnOutcomeAsync(delivery, SendOutcome.Permanent($"Nothing can send on {delivery.Channel} to this recipient."), cancellationToken);
            return;
        }

        var message = await renderer.RenderAsync(delivery, distribution, sender, recipient, channel);
        var outcome = await provider.SendAsync(message, cancellationToken);
        await OnOutcomeAsync(delivery, outcome, cancellationToken);
    }

    private async Task OnOutcomeAsync(ClaimedDelivery delivery, SendOutcome outcome, CancellationToken cancellationToken)
    {
        metrics.Send(delivery.Channel, outcome.Result.ToString().ToLowerInvariant());
        var now = time.GetUtcNow();
        switch (outcome.Result)
        {
            case SendResult.Sent:
                await deliveries.MarkSentAsync(delivery.Id, now, outcome.ProviderId, cancellationToken);
                await engagement.OnSentAsync(delivery, cancellationToken);
                return;
            case SendResult.Transient:
                Log.SendFailed(logger, delivery.Id, delivery.Channel, outcome.Error ?? "transient");
                var attempt = delivery.Attempts + 1;
                var dead = attempt >= options.Value.MaxAttempts;
                var backoff = options.Value.RetryBase * Math.Pow(2, Math.Min(attempt - 1, 16));
                await deliveries.MarkRetryAsync(delivery.Id, now + backoff, outcome.Error ?? "transient", dead, cancellationToken);
                await (dead ? engagement.OnFailedAsync(delivery, outcome.Error ?? "transient", cancellationToken) : Task.CompletedTask);
                return;
            default:
                Log.SendFailed(logger, delivery.Id, delivery.Channel, outcome.Error ?? "permanent");
                if (delivery.FallbackChannel is { } fallback)
                {
                    await deliveries.FallBackAsync(delivery.Id, fallback, now, outcome.Error ?? "permanent", cancellationToken);
                }
                else
                {
                    await deliveries.MarkFailedAsync(delivery.Id, outcome.Error ?? "permanent", cancellationToken);
                    await engagement.OnFailedAsync(delivery, outcome.Error ?? "permanent", cancellationToken);
                }

                return;
        }
    }
}
