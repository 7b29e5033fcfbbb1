using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Sdk;
using Fairdrop.Exchange.Series;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>
/// The browser SDK's endpoints. Merchants register channels under <c>/exchange/sdk</c> with their key; pages call
/// <c>/sdk/channels/{channelId}/…</c> with the end user's token in <c>X-Fairdrop-User-Token</c>, never an API key,
/// from an origin on the channel's list (CORS answers only those).
/// </summary>
internal static class SdkEndpoints
{
    public const string UserTokenHeader = "X-Fairdrop-User-Token";

    public static RouteGroupBuilder MapSdkEndpoints(this RouteGroupBuilder api)
    {
        var merchant = api.MapGroup("/exchange/sdk").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        merchant.MapPost("/channels", CreateChannelAsync).WithSummary("Register an in-app channel (an app or storefront) with its allowed origins.");
        merchant.MapGet("/channels", ListChannelsAsync).WithSummary("The merchant's in-app channels.");
        merchant.MapGet("/replies/{userId}", RepliesAsync).WithSummary("An end user's replies sent through the SDK, oldest first.");

        var open = api.MapGroup("/sdk/channels/{channelId:guid}").AllowAnonymous().DisableAntiforgery().WithTags("SDK (browser)");
        open.MapMethods("/{**path}", [HttpMethods.Options], PreflightAsync).ExcludeFromDescription();
        open.MapGet("/inbox", InboxAsync).WithSummary("The end user's in-app messages, newest last (cursor paging; unread=true for unread only).");
        open.MapGet("/inbox/stream", StreamAsync).WithSummary("Server-sent events: 'ready', then each new message; Last-Event-ID resumes after that message.");
        open.MapPost("/inbox/{messageId:guid}/read", MarkReadAsync).WithSummary("Mark one of the end user's messages read.");
        open.MapPost("/replies", ReplyAsync).WithSummary("Reply (free text or a quick reply's text), stored once per replyKey.");
        return api;
    }

    private static async Task<Results<Created<SdkChannel>, ProblemHttpResult>> CreateChannelAsync(SdkChannelRequest request, ClaimsPrincipal user, SdkService sdk, CancellationToken cancellationToken) =>
        (await sdk.CreateChannelAsync(user.GetMerchantId(), request.Name, request.AllowedOrigins, cancellationToken)).TryGetValue(out var channel, out var error)
            ? TypedResults.Created($"/api/v1/exchange/sdk/channels/{channel.Id}", channel)
            : Problems.From(error);

    private static async Task<Ok<IReadOnlyList<SdkChannel>>> ListChannelsAsync(ClaimsPrincipal user, SdkService sdk, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sdk.ListChannelsAsync(user.GetMerchantId(), cancellationToken));

    private static async Task<Ok<IReadOnlyList<SdkReply>>> RepliesAsync(string userId, ClaimsPrincipal user, SdkService sdk, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sdk.RepliesAsync(user.GetMerchantId(), userId, cancellationToken));

    private static async Task<IResult> PreflightAsync(Guid channelId, HttpContext http, SdkService sdk, CancellationToken cancellationToken)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if ((await sdk.AllowedOriginsAsync(channelId, cancellationToken)).Contains(origin, StringComparer.Ordinal))
        {
            var headers = http.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.AccessControlAllowMethods = "GET, POST, DELETE";
            headers.AccessControlAllowHeaders = "content-type, last-event-id, x-fairdrop-user-token";
            headers.AccessControlMaxAge = "600";
            headers.Vary = "Origin";
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Page<InboxMessage>>, ValidationProblem, ProblemHttpResult>> InboxAsync(
        Guid channelId, HttpContext http, SdkService sdk, CancellationToken cancellationToken, Guid? after = null, int limit = Page.DefaultLimit, bool unread = false)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        if (!(await IdentifyAsync(channelId, http, sdk, cancellationToken)).TryGetValue(out var caller, out var error))
        {
            return Problems.From(error);
        }

        return TypedResults.Ok(Page.Of(await sdk.InboxAsync(caller, after, limit, unread, cancellationToken), limit, m => m.Id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(Guid channelId, Guid messageId, HttpContext http, SdkService sdk, CancellationToken cancellationToken) =>
        (await IdentifyAsync(channelId, http, sdk, cancellationToken)).TryGetValue(out var caller, out var error)
            ? (await sdk.MarkReadAsync(caller, messageId, cancellationToken)).ToNoContent()
            : Problems.From(error);

    private static async Task<Results<Created<SdkReplyView>, Ok<SdkReplyView>, ProblemHttpResult>> ReplyAsync(
        Guid channelId, SdkReplyRequest request, HttpContext http, SdkService sdk, CancellationToken cancellationToken)
    {
        if (!(await IdentifyAsync(channelId, http, sdk, cancellationToken)).TryGetValue(out var caller, out var error))
        {
            return Problems.From(error);
        }

        if (!(await sdk.ReplyAsync(caller, request.ReplyKey, request.InReplyTo, request.Text, cancellationToken)).TryGetValue(out var stored, out var refused))
        {
            return Problems.From(refused);
        }

        // A reply to a series that is over is stored (it is the shopper's message) but acts on nothing: say so plainly.
        if (stored.Series is { Outcome: SeriesOutcomes.Ended } ended)
        {
            return Problems.From(Fairdrop.Core.Errors.Error.Of(Fairdrop.Core.Errors.ErrorKind.Conflict, SeriesErrors.ConversationEnded, ended.Message ?? "This conversation has ended."));
        }

        var view = SdkReplyView.Of(stored);
        return stored.Created ? TypedResults.Created($"/api/v1/sdk/channels/{channelId}/replies/{stored.Reply.Id}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<ServerSentEventsResult<object>, ProblemHttpResult>> StreamAsync(
        Guid channelId, HttpContext http, SdkService sdk, CancellationToken cancellationToken)
    {
        if (!(await IdentifyAsync(channelId, http, sdk, cancellationToken)).TryGetValue(out var caller, out var error))
        {
            return Problems.From(error);
        }

        // Subscribed before the backlog is read, so a message delivered in between is in one or the other (deduplicated by id).
        var subscription = sdk.Subscribe(caller);
        http.Response.RegisterForDispose(subscription);
        Guid? resumeAfter = Guid.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var last) ? last : null;
        var backlog = resumeAfter is null ? [] : await sdk.InboxAsync(caller, resumeAfter, Page.MaxLimit, unreadOnly: false, cancellationToken);
        return TypedResults.ServerSentEvents(ReadAsync(caller, backlog, subscription, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> ReadAsync(
        SdkCaller caller, IReadOnlyList<InboxMessage> backlog, InboxSubscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new SseItem<object>(new { userId = caller.UserId }, "ready");
        var sent = new HashSet<Guid>();
        foreach (var message in backlog)
        {
            sent.Add(message.Id);
            yield return new SseItem<object>(message, "message") { EventId = message.Id.ToString() };
        }

        await foreach (var message in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            if (sent.Add(message.Id))
            {
                yield return new SseItem<object>(message, "message") { EventId = message.Id.ToString() };
            }
        }
    }

    /// <summary>The end user, from the channel, the browser's origin and the token; CORS headers once the origin is admitted.</summary>
    internal static async Task<Fairdrop.Core.Errors.Result<SdkCaller>> IdentifyAsync(Guid channelId, HttpContext http, SdkService sdk, CancellationToken cancellationToken)
    {
        var origin = http.Request.Headers.Origin.ToString();
        var caller = await sdk.IdentifyAsync(channelId, origin, http.Request.Headers[UserTokenHeader].ToString(), cancellationToken);
        // The page may read a refusal of its token, but a page from another origin learns nothing.
        if (!string.IsNullOrEmpty(origin) && caller.Error is not { Code: "origin_not_allowed" or Fairdrop.Core.Errors.ErrorCodes.NotFound })
        {
            http.Response.Headers.AccessControlAllowOrigin = origin;
            http.Response.Headers.Vary = "Origin";
        }

        return caller;
    }
}
