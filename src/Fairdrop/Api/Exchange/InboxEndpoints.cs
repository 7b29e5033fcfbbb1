using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>The in-app channel's end: an end user's inbox (REST, with read state) and a server-sent-events stream of new messages.</summary>
internal static class InboxEndpoints
{
    public static RouteGroupBuilder MapInboxEndpoints(this RouteGroupBuilder exchange)
    {
        var group = exchange.MapGroup("/inbox/{userId}").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        group.MapGet("/", ListAsync).WithName("ListInbox").WithSummary("An end user's in-app messages (cursor paging; unread=true for unread only).");
        group.MapPost("/{messageId:guid}/read", MarkReadAsync).WithName("MarkInboxRead").WithSummary("Mark one message read.");
        group.MapGet("/stream", Stream).WithName("StreamInbox").WithSummary("Server-sent events: 'ready' once subscribed, then each new in-app message as event 'message'.");
        return exchange;
    }

    private static async Task<Results<Ok<Page<InboxMessage>>, ValidationProblem>> ListAsync(
        string userId, ClaimsPrincipal user, InboxService inbox, CancellationToken cancellationToken, Guid? after = null, int limit = Page.DefaultLimit, bool unread = false)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var page = await inbox.ListAsync(user.GetMerchantId(), userId, after, limit, unread, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, m => m.Id));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(
        string userId, Guid messageId, ClaimsPrincipal user, InboxService inbox, CancellationToken cancellationToken) =>
        (await inbox.MarkReadAsync(user.GetMerchantId(), userId, messageId, cancellationToken)).ToNoContent();

    private static Results<ServerSentEventsResult<object>, ProblemHttpResult> Stream(
        string userId, ClaimsPrincipal user, HttpContext context, InboxService inbox, StreamLimiter limiter, CancellationToken cancellationToken)
    {
        if (limiter.TryAcquire(user.GetCallerId()) is not { } lease)
        {
            return Problems.From(new Error(ErrorCodes.RateLimited, "This API key (or staff user) has as many event streams open as it may; close one first.") { RetryAfter = TimeSpan.FromSeconds(5) });
        }

        // Released when the response ends, however it ends (client gone, server stopping, never started).
        context.Response.RegisterForDispose(lease);

        // Subscribed before the response starts, so nothing published after the request arrives is missed.
        var subscription = inbox.Subscribe(user.GetMerchantId(), userId);
        return TypedResults.ServerSentEvents(Read(userId, subscription, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<object>> Read(string userId, InboxSubscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            // The first event sends the response headers at once: clients (and proxies) see the stream open, and know
            // that from here on nothing is missed, before any message exists.
            yield return new SseItem<object>(new { userId }, "ready");
            await foreach (var message in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                yield return new SseItem<object>(message, "message") { EventId = message.Id.ToString() };
            }
        }
    }
}
