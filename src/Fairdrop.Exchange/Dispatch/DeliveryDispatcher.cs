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
/// records the batch's outcomes: sent; retrying with exponential backoff (dead after the last attempt); on a
/// permanent failure the fallback channel, else failed. Rate-limited deliveries are handed back without an attempt.
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

    /// <summary>
    /// Claims one batch, sends it, and records every outcome in one transaction; returns how many deliveries it
    /// claimed. Stopping midway still records what was sent and hands the untried claims back.
    /// </summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claimed = await deliveries.ClaimAsync(time.GetUtcNow(), settings.ClaimLease, settings.DispatchBatchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var outcomes = new List<DeliveryOutcome>(claimed.Count);
        try
        {
            var batch = new BatchLookups(await recipients.GetManyAsync(claimed.Select(d => d.RecipientId).ToHashSet(), cancellationToken));
            foreach (var delivery in claimed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                outcomes.Add(await SendAsync(delivery, batch, cancellationToken));
            }
        }
        finally
        {
            // Outcomes are written even when stopping: a send that happened must not be claimed and sent again.
            var now = time.GetUtcNow();
            outcomes.AddRange(claimed.Skip(outcomes.Count).Select(d => DeliveryOutcome.Release(d, now)));
            var events = outcomes.Select(engagement.ForOutcome).OfType<NewEngagementEvent>().ToList();
            await deliveries.RecordAsync(outcomes, events, now, CancellationToken.None);
        }

        return claimed.Count;
    }

    private async Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, BatchLookups batch, CancellationToken cancellationToken)
    {
        var channel = ChannelNames.Parse(delivery.Channel);
        var wait = limiter.TryAcquire(channel);
        if (wait > TimeSpan.Zero)
        {
            return DeliveryOutcome.Release(delivery, time.GetUtcNow() + wait);
        }

        if (!batch.Distributions.TryGetValue(delivery.DistributionId, out var distribution))
        {
            distribution = batch.Distributions[delivery.DistributionId] = await distributions.GetAsync(delivery.MerchantId, delivery.DistributionId, cancellationToken);
        }

        if (distribution is null)
        {
            return Outcome(delivery, SendOutcome.Permanent("The distribution no longer exists."), fallBack: false);
        }

        if (!batch.Senders.TryGetValue(distribution.SenderId, out var sender))
        {
            sender = batch.Senders[distribution.SenderId] = await senders.GetAsync(delivery.MerchantId, distribution.SenderId, cancellationToken);
        }

        var recipient = batch.Recipients.TryGetValue(delivery.RecipientId, out var found) && found.MerchantId == delivery.MerchantId ? found : null;
        if (sender is null || recipient is null || !_channels.TryGetValue(channel, out var provider))
        {
            return Outcome(delivery, SendOutcome.Permanent($"Nothing can send on {delivery.Channel} to this recipient."), fallBack: true);
        }

        var message = await renderer.RenderAsync(delivery, distribution, sender, recipient, channel);
        return Outcome(delivery, await provider.SendAsync(message, cancellationToken), fallBack: true);
    }

    private DeliveryOutcome Outcome(ClaimedDelivery delivery, SendOutcome outcome, bool fallBack)
    {
        metrics.Send(delivery.Channel, outcome.Result.ToString().ToLowerInvariant());
        var now = time.GetUtcNow();
        if (outcome.Result == SendResult.Sent)
        {
            return DeliveryOutcome.Sent(delivery, outcome.ProviderId);
        }

        var error = outcome.Error ?? (outcome.Result == SendResult.Transient ? "transient" : "permanent");
        Log.SendFailed(logger, delivery.Id, delivery.Channel, error);
        if (outcome.Result == SendResult.Transient)
        {
            var attempt = delivery.Attempts + 1;
            var backoff = options.Value.RetryBase * Math.Pow(2, Math.Min(attempt - 1, 16));
            return DeliveryOutcome.Retry(delivery, now + backoff, error, dead: attempt >= options.Value.MaxAttempts);
        }

        return fallBack && delivery.FallbackChannel is { } fallback
            ? DeliveryOutcome.FallBack(delivery, fallback, now, error)
            : DeliveryOutcome.Failed(delivery, error);
    }

    /// <summary>What a batch reads once: its recipients up front, distributions and senders on first use.</summary>
    private sealed class BatchLookups(Dictionary<Guid, Recipient> recipients)
    {
        public Dictionary<Guid, Recipient> Recipients { get; } = recipients;

        public Dictionary<Guid, Distribution?> Distributions { get; } = [];

        public Dictionary<Guid, Sender?> Senders { get; } = [];
    }
}
