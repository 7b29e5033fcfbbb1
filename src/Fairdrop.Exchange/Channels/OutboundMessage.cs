using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Exchange.Channels;

/// <summary>One rendered message for one recipient on one channel; <see cref="DeliveryId"/> doubles as the idempotency key.</summary>
public sealed record OutboundMessage(
    Guid DeliveryId,
    Guid MerchantId,
    Sender Sender,
    Recipient Recipient,
    string? Topic,
    RenderedContent Content,
    string? UnsubscribeUrl);

/// <summary>The rendered parts; each channel reads its own.</summary>
public sealed record RenderedContent(string? Subject = null, string? Html = null, string? Text = null, string? Title = null, string? Body = null, string? WebhookBody = null, string? Url = null,
    IReadOnlyList<string>? QuickReplies = null);
