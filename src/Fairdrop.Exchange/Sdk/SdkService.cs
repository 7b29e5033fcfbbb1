using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Shoppers;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Series;

namespace Fairdrop.Exchange.Sdk;

/// <summary>
/// The browser SDK's side of the in-app channel. A merchant registers channels (an app or storefront, with its allowed
/// origins); a page names a channel and an end-user token its merchant's backend signed (a shopper token, HS256 with the
/// shopper-signing secret, audience the channel or absent), and may then read only that user's inbox, stream it, mark
/// read and reply. A bad token, another merchant's token and an origin not on the list are refused before anything is
/// read.
/// </summary>
public sealed class SdkService
{
    public const int MaxReplyLength = 2000;
    public const int MaxOrigins = 20;

    private readonly SdkStore _store;
    private readonly InboxService _inbox;
    private readonly InboundRouter _inbound;
    private readonly ShopperTokenVerifier _tokens;
    private readonly IdGenerator _ids;
    private readonly TimeProvider _time;

    internal SdkService(SdkStore store, InboxService inbox, InboundRouter inbound, ShopperTokenVerifier tokens, IdGenerator ids, TimeProvider time)
    {
        _store = store;
        _inbox = inbox;
        _inbound = inbound;
        _tokens = tokens;
        _ids = ids;
        _time = time;
    }

    public async Task<Result<SdkChannel>> CreateChannelAsync(Guid merchantId, string? name, IReadOnlyList<string>? origins, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(char.IsControl))
        {
            return Error.Validation("name", "A channel name of 1 to 200 characters is required.");
        }

        var normalized = new List<string>();
        foreach (var origin in origins ?? [])
        {
            if (NormalizeOrigin(origin) is not { } valid)
            {
                return Error.Validation("allowedOrigins", $"'{origin}' is not an origin: scheme, host and optional port, such as https://shop.example.");
            }

            normalized.Add(valid);
        }

        if (normalized.Count is 0 or > MaxOrigins)
        {
            return Error.Validation("allowedOrigins", $"From 1 to {MaxOrigins} origins are required: the pages allowed to use this channel.");
        }

        var channel = new SdkChannel(_ids.NewId(), merchantId, name.Trim(), [.. normalized.Distinct(StringComparer.Ordinal)], _time.GetUtcNow());
        await _store.AddChannelAsync(channel, cancellationToken);
        return channel;
    }

    public Task<IReadOnlyList<SdkChannel>> ListChannelsAsync(Guid merchantId, CancellationToken cancellationToken) => _store.ListChannelsAsync(merchantId, cancellationToken);

    /// <summary>The channel's allowed origins, for the browser's preflight; empty when the channel does not exist.</summary>
    public async Task<IReadOnlyList<string>> AllowedOriginsAsync(Guid channelId, CancellationToken cancellationToken) =>
        (await _store.GetChannelAsync(channelId, cancellationToken))?.AllowedOrigins ?? [];

    /// <summary>Who is calling: the channel must exist, the origin (when the browser sent one) be on its list, and the token verify for its merchant.</summary>
    public async Task<Result<SdkCaller>> IdentifyAsync(Guid channelId, string? origin, string? userToken, CancellationToken cancellationToken)
    {
        if (await _store.GetChannelAsync(channelId, cancellationToken) is not { } channel)
        {
            return Error.NotFound("The channel");
        }

        if (!string.IsNullOrEmpty(origin) && !channel.AllowedOrigins.Contains(origin, StringComparer.Ordinal))
        {
            return Error.Of(ErrorKind.Forbidden, "origin_not_allowed", $"Pages from {origin} may not use this channel.");
        }

        if (string.IsNullOrEmpty(userToken))
        {
            return Error.Of(ErrorKind.Unauthorized, ErrorCodes.ShopperTokenRequired, "The end user's token is required (X-Fairdrop-User-Token), signed by the shop's backend.");
        }

        var verified = await _tokens.VerifyAsync(channel.MerchantId, userToken, channel.Id, cancellationToken);
        return verified.TryGetValue(out var token, out var error) ? new SdkCaller(channel.MerchantId, channel.Id, token.ShopperId) : error;
    }

    public Task<IReadOnlyList<InboxMessage>> InboxAsync(SdkCaller caller, Guid? after, int limit, bool unreadOnly, CancellationToken cancellationToken) =>
        _inbox.ListAsync(caller.MerchantId, caller.UserId, after, limit, unreadOnly, cancellationToken);

    public Task<Result<bool>> MarkReadAsync(SdkCaller caller, Guid messageId, CancellationToken cancellationToken) =>
        _inbox.MarkReadAsync(caller.MerchantId, caller.UserId, messageId, cancellationToken);

    /// <summary>New messages of the caller's inbox as they are delivered; subscribe before reading the backlog, so nothing falls between.</summary>
    public InboxSubscription Subscribe(SdkCaller caller) => _inbox.Subscribe(caller.MerchantId, caller.UserId);

    /// <summary>
    /// Stores the end user's reply once per <paramref name="replyKey"/>: a retried send returns the first one. A reply to
    /// one of their messages (<paramref name="inReplyTo"/>) is an inbound message of the exchange too, so the two-way
    /// series it answers acts on it, once per reply key; the result says what the series did.
    /// </summary>
    public async Task<Result<SdkReplyResult>> ReplyAsync(SdkCaller caller, string? replyKey, Guid? inReplyTo, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(replyKey) || replyKey.Length > 100 || replyKey.Any(char.IsControl))
        {
            return Error.Validation("replyKey", "A reply key of 1 to 100 characters is required: the client's id for this reply, the same on every retry.");
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxReplyLength)
        {
            return Error.Validation("text", $"A reply of 1 to {MaxReplyLength} characters is required.");
        }

        SeriesReplyOutcome? series = null;
        if (inReplyTo is { } messageId)
        {
            var routed = await _inbound.RouteInAppAsync(caller.MerchantId, caller.UserId, messageId, text.Trim(), $"sdk:{replyKey}", cancellationToken);
            if (!routed.TryGetValue(out var inbound, out var error))
            {
                return error;
            }

            series = inbound.Series;
        }

        var reply = new SdkReply(_ids.NewId(), caller.MerchantId, caller.ChannelId, caller.UserId, replyKey, inReplyTo, text.Trim(), _time.GetUtcNow());
        var (stored, created) = await _store.AddReplyAsync(reply, cancellationToken);
        return new SdkReplyResult(stored, created, series);
    }

    public Task<IReadOnlyList<SdkReply>> RepliesAsync(Guid merchantId, string userId, CancellationToken cancellationToken) => _store.ListRepliesAsync(merchantId, userId, cancellationToken);

    private static string? NormalizeOrigin(string? origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.AbsolutePath == "/" && string.IsNullOrEmpty(uri.Query)
            && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo) && !origin!.TrimEnd('/').EndsWith('/')
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
}
