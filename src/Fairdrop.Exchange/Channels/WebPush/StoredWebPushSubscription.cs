namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>A recipient's push subscription as stored: one browser (device) of theirs.</summary>
public sealed record StoredWebPushSubscription(
    Guid Id,
    Guid RecipientId,
    string Endpoint,
    string P256dh,
    string Auth,
    string? Device,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
