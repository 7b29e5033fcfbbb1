namespace Fairdrop.Exchange.Deliveries;

/// <summary>What became of one claimed delivery; the dispatcher records a whole batch of these in one transaction.</summary>
internal sealed record DeliveryOutcome(ClaimedDelivery Delivery, DeliveryOutcomeKind Kind, string? ProviderId = null, string? Error = null, DateTimeOffset? At = null, string? Channel = null)
{
    /// <summary>The reason recorded on a delivery that was sent again, or held, after a crash left it uncertain.</summary>
    public const string RecoveredAfterCrash = "recovered_after_crash";

    public static DeliveryOutcome Sent(ClaimedDelivery delivery, string? providerId) => new(delivery, DeliveryOutcomeKind.Sent, ProviderId: providerId);

    /// <summary>Tried again at <paramref name="at"/>, or dead when that was the last attempt.</summary>
    public static DeliveryOutcome Retry(ClaimedDelivery delivery, DateTimeOffset at, string error, bool dead) =>
        new(delivery, dead ? DeliveryOutcomeKind.Dead : DeliveryOutcomeKind.Retry, Error: error, At: at);

    public static DeliveryOutcome Failed(ClaimedDelivery delivery, string error) => new(delivery, DeliveryOutcomeKind.Failed, Error: error);

    /// <summary>A permanent failure on the first channel: due at once on the fallback channel.</summary>
    public static DeliveryOutcome FallBack(ClaimedDelivery delivery, string channel, DateTimeOffset now, string error) =>
        new(delivery, DeliveryOutcomeKind.FallBack, Error: error, At: now, Channel: channel);

    /// <summary>The claim handed back without an attempt (rate limited): due again at <paramref name="at"/>.</summary>
    public static DeliveryOutcome Release(ClaimedDelivery delivery, DateTimeOffset at) => new(delivery, DeliveryOutcomeKind.Release, At: at);

    /// <summary>Not sent and not to be: <paramref name="reason"/> is a <see cref="Matching.DropReasons"/> code.</summary>
    public static DeliveryOutcome Dropped(ClaimedDelivery delivery, string reason) => new(delivery, DeliveryOutcomeKind.Dropped, Error: reason);

    /// <summary>Uncertain after a crash, parked for the operator.</summary>
    public static DeliveryOutcome Hold(ClaimedDelivery delivery) => new(delivery, DeliveryOutcomeKind.Hold, Error: RecoveredAfterCrash);
}
