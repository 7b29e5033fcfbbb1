namespace Fairdrop.Exchange.Inbox;

/// <summary>An in-app message in an end user's inbox, with its read state and its quick replies (button labels), if any.</summary>
public sealed record InboxMessage(
    Guid Id, Guid MerchantId, string UserId, Guid DeliveryId, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt,
    IReadOnlyList<string>? QuickReplies = null);
