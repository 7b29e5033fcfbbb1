namespace Fairdrop.Api.Exchange;

/// <summary>Body of <c>POST /exchange/sdk/channels</c>: the app or storefront, and the origins its pages come from.</summary>
internal sealed record SdkChannelRequest(string? Name, IReadOnlyList<string>? AllowedOrigins);

/// <summary>Body of an end user's reply through the SDK; <c>replyKey</c> is the client's id for it, the same on every retry.</summary>
internal sealed record SdkReplyRequest(string? ReplyKey, Guid? InReplyTo, string? Text);
