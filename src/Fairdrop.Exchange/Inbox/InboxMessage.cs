namespace Fairdrop.Exchange.Inbox;

/// <summary>An in-app message in an end user's inbox, with its read state.</summary>
public sealed record InboxMessage(Guid Id, Guid MerchantId, string UserId, Guid DeliveryId, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
