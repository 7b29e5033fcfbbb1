namespace Fairdrop.Exchange.Sdk;

/// <summary>An in-app channel of the browser SDK: an app or storefront, and the origins its pages are served from.</summary>
public sealed record SdkChannel(Guid Id, Guid MerchantId, string Name, IReadOnlyList<string> AllowedOrigins, DateTimeOffset CreatedAt);

/// <summary>An end user the SDK identified: the channel, its merchant, and the user id from the merchant-signed token.</summary>
public sealed record SdkCaller(Guid MerchantId, Guid ChannelId, string UserId);

/// <summary>A reply an end user sent through the SDK; <see cref="ReplyKey"/> is the client's id for it, so retries store it once.</summary>
public sealed record SdkReply(Guid Id, Guid MerchantId, Guid ChannelId, string UserId, string ReplyKey, Guid? InReplyTo, string Text, DateTimeOffset CreatedAt);
