using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Conversations;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scriban.Syntax;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>
/// Claims due deliveries (marking them <c>sending</c> first), renders and sends each through its channel, then
/// records the batch's outcomes: sent; retrying with exponential backoff (dead after the last attempt); on a
/// permanent failure the fallback channel, else failed. Rate-limited deliveries are handed back without an attempt.
/// </summary>
internal sealed partial class DeliveryDispatcher(
    DeliveryStore deliveries,
    DeliveryOutcomeStore outcomeStore,
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
    DispatchHandoff handoff,
    SendLedger ledger,
    SendJournal journal,
    ConversationCopies conversations,
    ILogger<DeliveryDispatcher> logger)
{
    // The last registration of a kind wins, as everywhere in DI: the pickup folder, or a test's channel, replaces SMTP by being added after it.
    private readonly Dictionary<Channel, IChannel> _channels = channels.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>
    /// Claims one batch, sends it (up to <see cref="ExchangeOptions.DispatchConcurrency"/> at a time), and records every
    /// outcome in one transaction; returns how many deliveries it claimed.
    /// </summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await journal.RecoverAsync(cancellationToken);
        var claimedAt = time.GetUtcNow();
        var handed = handoff.Take(settings.DispatchBatchSize);
        var leaseUntil = handed.Count > 0 ? handed.Min(h => h.LeaseUntil) : claimedAt + settings.ClaimLease;
        var claimed = Handed(handed)
            ?? journal.Reclaimed(await deliveries.ClaimAsync(claimedAt, settings.ClaimLease, settings.DispatchBatchSize, cancellationToken));
        if (claimed.Count == 0)
        {
            return 0;
        }

        return ledger.Enabled ? await DispatchLedgeredAsync(claimed, leaseUntil, cancellationToken) : await DispatchUnboundedAsync(claimed, cancellationToken);
    }

    /// <summary>With no in-flight bound: the batch's outcomes are recorded together at its end (docs/adr/0004).</summary>
    private async Task<int> DispatchUnboundedAsync(IReadOnlyList<ClaimedDelivery> claimed, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var outcomes = new DeliveryOutcome?[claimed.Count];
        try
        {
            var batch = await LoadAsync(claimed, cancellationToken);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.DispatchConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, claimed.Count), parallel, async (i, token) => outcomes[i] = await SendAsync(new Attempt(claimed[i], DateTimeOffset.MaxValue), batch, token));
        }
        finally
        {
            // Outcomes are written even when stopping or failing: a send that happened must not be claimed and sent
            // again. Untried claims go back when stopping; after an unexpected error they wait out their lease.
            var now = time.GetUtcNow();
            var stopping = cancellationToken.IsCancellationRequested;
            var recorded = outcomes.Select((o, i) => o ?? (stopping ? DeliveryOutcome.Release(claimed[i], now) : null)).OfType<DeliveryOutcome>().ToList();
            var events = recorded.Select(engagement.ForOutcome).OfType<NewEngagementEvent>().ToList();
            await outcomeStore.RecordAsync(recorded, events, now, CancellationToken.None);
        }

        return claimed.Count;
    }

    /// <summary>Counts a dispatch loop in the handoff (docs/exchange.md, "Handed deliveries") while it runs.</summary>
    public IDisposable AttachLoop() => handoff.Attach();

    /// <summary>Completes when deliveries are handed over: a loop waiting out its poll interval goes on at once.</summary>
    public Task Handed() => handoff.Handed();

    /// <summary>Deliveries their producer wrote claimed and handed over, as this loop's batch; null when there are none.</summary>
    private static List<ClaimedDelivery>? Handed(List<HandedDelivery> handed)
    {
        return handed.Count == 0
            ? null
            : handed.ConvertAll(h => new ClaimedDelivery(h.Id, h.MerchantId, h.DistributionId, h.RecipientId, h.Channel, FallbackChannel: null, Attempts: 0));
    }

    private async Task<DeliveryOutcome> SendAsync(Attempt attempt, BatchLookups batch, CancellationToken cancellationToken)
    {
        var delivery = attempt.Delivery;
        var channel = ChannelNames.Parse(delivery.Channel);
        if (delivery.Uncertain && options.Value.RecoveryOf(channel) == RecoveryPolicy.Hold)
        {
            // A crash left its send unrecorded and this channel has no idempotency a resend could rely on.
            metrics.Send(delivery.Channel, "held");
            Log.DeliveryHeld(logger, delivery.Id, delivery.Channel);
            return DeliveryOutcome.Hold(delivery);
        }

        var wait = limiter.TryAcquire(channel);
        if (wait > TimeSpan.Zero)
        {
            return DeliveryOutcome.Release(delivery, time.GetUtcNow() + wait);
        }

        var distribution = batch.Distributions[delivery.DistributionId];
        if (distribution is null)
        {
            return Outcome(delivery, SendOutcome.Permanent("The distribution no longer exists."), fallBack: false);
        }

        var sender = batch.Senders[distribution.SenderId];
        var recipient = batch.Recipients.TryGetValue(delivery.RecipientId, out var found) && found.MerchantId == delivery.MerchantId ? found : null;
        if (sender is null || recipient is null || !_channels.TryGetValue(channel, out var provider))
        {
            return Outcome(delivery, SendOutcome.Permanent($"Nothing can send on {delivery.Channel} to this recipient."), fallBack: true);
        }

        if (Declined(distribution, sender, recipient, channel) is { } reason)
        {
            // Matching checked consent and opt-outs when the delivery was scheduled, which may be hours ago (quiet
            // hours, rate limits, retries); a recipient who has since unsubscribed must not get the message.
            if (delivery.FallbackChannel is { } fallback && ChannelNames.TryParse(fallback, out var other) && Declined(distribution, sender, recipient, other) is null)
            {
                metrics.Send(delivery.Channel, "declined");
                return DeliveryOutcome.FallBack(delivery, fallback, time.GetUtcNow(), reason.Code());
            }

            metrics.Send(delivery.Channel, "dropped");
            return DeliveryOutcome.Dropped(delivery, reason.Code());
        }

        OutboundMessage message;
        try
        {
            message = await renderer.RenderAsync(delivery, distribution, sender, recipient, channel);
        }
        catch (ScriptRuntimeException exception)
        {
            // A template that parses but fails on this data (a division by zero, say) fails this delivery, not the
            // batch: thrown, it left the batch's other claims to wait out their lease and fail the same way again.
            return Outcome(delivery, SendOutcome.Permanent($"template: {exception.OriginalMessage}"), fallBack: true);
        }
        catch (Exception exception) when (exception is InvalidCastException or FormatException or ArgumentException or InvalidOperationException)
        {
            // Scriban's builtins throw these too when handed the wrong kind of value (date.to_string given a string).
            return Outcome(delivery, SendOutcome.Permanent($"template: {exception.Message}"), fallBack: true);
        }

        var sent = await HandToChannelAsync(attempt, provider, channel, message, cancellationToken);
        if (sent.Result == SendResult.Sent && conversations.Wants(distribution, channel))
        {
            await conversations.RecordAsync(message, channel, cancellationToken);
        }

        return Outcome(delivery, sent, fallBack: true);
    }

    /// <summary>Why the recipient no longer takes this message on <paramref name="channel"/>, as matching would decide now; null when they do.</summary>
    private static DropReason? Declined(Distribution distribution, Sender sender, Recipient recipient, Channel channel)
    {
        if (distribution.Topic is { } topic && recipient.Rules.OptedOutTopics is { } optedOut && optedOut.Contains(topic, StringComparer.Ordinal))
        {
            return DropReason.OptedOut;
        }

        return sender.Rules.ConsentRequired is { } required && required.Contains(channel) && !recipient.Consents.ContainsKey(channel)
            ? DropReason.NoConsent
            : null;
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

    /// <summary>Reads what the batch's sends need once, before they run side by side: recipients, distributions, senders.</summary>
    private async Task<BatchLookups> LoadAsync(IReadOnlyList<ClaimedDelivery> claimed, CancellationToken cancellationToken)
    {
        var batch = new BatchLookups(await recipients.GetManyAsync(claimed.Select(d => d.RecipientId).ToHashSet(), cancellationToken));
        foreach (var delivery in claimed.DistinctBy(d => d.DistributionId))
        {
            var distribution = await distributions.GetAsync(delivery.MerchantId, delivery.DistributionId, cancellationToken);
            batch.Distributions[delivery.DistributionId] = distribution;
            if (distribution is not null && !batch.Senders.ContainsKey(distribution.SenderId))
            {
                batch.Senders[distribution.SenderId] = await senders.GetAsync(delivery.MerchantId, distribution.SenderId, cancellationToken);
            }
        }

        return batch;
    }

    private sealed class BatchLookups(Dictionary<Guid, Recipient> recipients)
    {
        public Dictionary<Guid, Recipient> Recipients { get; } = recipients;

        public Dictionary<Guid, Distribution?> Distributions { get; } = [];

        public Dictionary<Guid, Sender?> Senders { get; } = [];
    }
}
