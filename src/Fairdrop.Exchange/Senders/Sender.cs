namespace Fairdrop.Exchange.Senders;

/// <summary>One of a merchant's brands or programs that sends messages, with its rules.</summary>
public sealed record Sender(
    Guid Id,
    Guid MerchantId,
    string Name,
    string? Brand,
    string FromAddress,
    string? ReplyTo,
    SenderRules Rules,
    string WebhookSecret,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
