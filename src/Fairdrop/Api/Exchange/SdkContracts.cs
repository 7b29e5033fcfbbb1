namespace Fairdrop.Api.Exchange;

/// <summary>Body of <c>POST /exchange/sdk/channels</c>: the app or storefront, and the origins its pages come from.</summary>
internal sealed record SdkChannelRequest(string? Name, IReadOnlyList<string>? AllowedOrigins);

/// <summary>Body of an end user's reply through the SDK; <c>replyKey</c> is the client's id for it, the same on every retry.</summary>
internal sealed record SdkReplyRequest(string? ReplyKey, Guid? InReplyTo, string? Text);

/// <summary>A stored SDK reply as the page sees it, with what the two-way series it answered did (null for none).</summary>
internal sealed record SdkReplyView(Guid Id, string ReplyKey, Guid? InReplyTo, string Text, DateTimeOffset CreatedAt, Fairdrop.Exchange.Series.SeriesReplyOutcome? Series)
{
    public static SdkReplyView Of(Fairdrop.Exchange.Sdk.SdkReplyResult result) =>
        new(result.Reply.Id, result.Reply.ReplyKey, result.Reply.InReplyTo, result.Reply.Text, result.Reply.CreatedAt, result.Series);
}
