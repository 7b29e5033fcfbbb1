using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>Engagement events per delivery or recipient, and the learner's per-recipient, per-channel, per-hour history.</summary>
internal static class EngagementEndpoints
{
    public static RouteGroupBuilder MapEngagementEndpoints(this RouteGroupBuilder exchange)
    {
        var group = exchange.MapGroup("/engagement").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        group.MapGet("/events", EventsAsync).WithName("ListEngagementEvents").WithSummary("Engagement events, by delivery or recipient (cursor paging).");
        group.MapGet("/history", HistoryAsync).WithName("EngagementHistory")
            .WithSummary("Per recipient, channel, UTC hour of day and kind: event counts over the last N days (learner input).");
        return exchange;
    }

    private static async Task<Results<Ok<Page<EngagementEvent>>, ValidationProblem>> EventsAsync(
        ClaimsPrincipal user, EngagementService engagement, CancellationToken cancellationToken, Guid? deliveryId = null, Guid? recipientId = null, Guid? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var page = await engagement.ListAsync(user.GetMerchantId(), deliveryId, recipientId, after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, e => e.Id));
    }

    private static async Task<Results<Ok<IReadOnlyList<EngagementHistoryRow>>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        ClaimsPrincipal user, EngagementService engagement, CancellationToken cancellationToken, Guid? recipientId = null, string? channel = null, int days = 90) =>
        (await engagement.HistoryAsync(user.GetMerchantId(), recipientId, channel, days, cancellationToken)).ToOkOrValidation(rows => rows);
}
