using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Deliveries;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Engagement;

/// <summary>Turns what happened to a delivery into stored engagement events, with a dedupe key per source so repeats record once.</summary>
internal sealed class EngagementRecorder(EngagementStore store, IdGenerator ids, TimeProvider time)
{
    /// <summary>
    /// The event an outcome makes, if any: a delivery that gave up for good (failed, or dead after its last attempt)
    /// records failed. A sent delivery records nothing here: on channels without delivery receipts (email, in-app,
    /// webhook, web push) its sent status is what reads report as delivered; SMS waits for the provider's
    /// <c>delivered</c> status callback.
    /// </summary>
    public NewEngagementEvent? ForOutcome(DeliveryOutcome outcome) =>
        outcome.Kind is DeliveryOutcomeKind.Failed or DeliveryOutcomeKind.Dead
            ? new(Event(Of(outcome.Delivery), EngagementKinds.Failed, null, outcome.Error), $"failed:{outcome.Delivery.Id:N}")
            : null;

    /// <summary>Records an event on a known delivery; false when its dedupe key was seen before.</summary>
    public async Task<bool> RecordAsync(DeliveryRef delivery, string kind, string? device, string? detail, string dedupeKey, CancellationToken cancellationToken)
    {
        return await store.RecordAsync(Event(delivery, kind, device, detail), dedupeKey, cancellationToken);
    }

    /// <summary>Records an event of a recipient that answers no known delivery (e.g. STOP before any SMS was sent).</summary>
    public async Task<bool> RecordUnattachedAsync(Guid merchantId, Guid recipientId, Channel channel, string kind, string? device, string? detail, string dedupeKey, CancellationToken cancellationToken)
    {
        var e = new EngagementEvent(ids.NewId(), merchantId, null, null, recipientId, channel.Name(), kind, device, Truncate(detail), time.GetUtcNow());
        return await store.RecordAsync(e, dedupeKey, cancellationToken);
    }

    /// <summary>
    /// An event of a recipient on a channel, attached to their latest sent delivery there when there is one; the
    /// dedupe key is the prefix and that delivery, so a repeat about the same delivery records once.
    /// </summary>
    public async Task<bool> RecordForRecipientAsync(Guid merchantId, Guid recipientId, Channel channel, string kind, string? device, string? detail, string dedupePrefix, CancellationToken cancellationToken)
    {
        var last = await store.LastSentAsync(merchantId, recipientId, channel.Name(), cancellationToken);
        return last is null
            ? await RecordUnattachedAsync(merchantId, recipientId, channel, kind, device, detail, $"{dedupePrefix}:{recipientId:N}", cancellationToken)
            : await RecordAsync(last, kind, device, detail, $"{dedupePrefix}:{last.Id:N}", cancellationToken);
    }

    private EngagementEvent Event(DeliveryRef delivery, string kind, string? device, string? detail) =>
        new(ids.NewId(), delivery.MerchantId, delivery.Id, delivery.DistributionId, delivery.RecipientId, delivery.Channel, kind, device, Truncate(detail), time.GetUtcNow());

    private static DeliveryRef Of(ClaimedDelivery d) => new(d.Id, d.MerchantId, d.DistributionId, d.RecipientId, d.Channel);

    private static string? Truncate(string? detail) => detail is { Length: > 1000 } ? detail[..1000] : detail;
}
