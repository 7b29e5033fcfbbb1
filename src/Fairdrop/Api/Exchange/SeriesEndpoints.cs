using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Exchange.Series;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>Two-way series under <c>/exchange/series</c> and their conversations under <c>/exchange/conversations</c> (docs/series.md).</summary>
internal static class SeriesEndpoints
{
    public static RouteGroupBuilder MapSeriesEndpoints(this RouteGroupBuilder exchange)
    {
        var series = exchange.MapGroup("/series").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        series.MapPost("/", CreateAsync).WithName("CreateSeries").WithSummary("Define a two-way series: steps, expected replies, actions, timeouts (checked, naming the step at fault).");
        series.MapGet("/", ListAsync).WithName("ListSeries").WithSummary("The merchant's series (cursor paging).");
        series.MapGet("/{id:guid}", GetAsync).WithName("GetSeries").WithSummary("One series and its definition.");
        series.MapPost("/{id:guid}/launches", LaunchAsync).WithName("LaunchSeries").WithSummary("Send the first step to an audience; the idempotency key makes a retry return the first launch.");
        series.MapGet("/{id:guid}/launches", LaunchesAsync).WithName("ListSeriesLaunches").WithSummary("The series' launches.");

        var conversations = exchange.MapGroup("/conversations").RequireAuthorization(Policies.Merchant).WithTags("Exchange");
        conversations.MapGet("/", ConversationsAsync).WithName("ListConversations").WithSummary("Conversations, optionally in one status (handed_off: those waiting for a person).");
        conversations.MapGet("/{id:guid}", ConversationAsync).WithName("GetConversation").WithSummary("One conversation with its events (replies, timeouts, answers).");
        conversations.MapPost("/{id:guid}/answers", AnswerAsync).WithName("AnswerConversation").WithSummary("A person's turn: send a text, return to a step, or close.");
        return exchange;
    }

    private static async Task<Results<Created<SeriesView>, ProblemHttpResult>> CreateAsync(SeriesDefinition definition, ClaimsPrincipal user, SeriesService series, CancellationToken cancellationToken) =>
        (await series.CreateAsync(user.GetMerchantId(), definition, cancellationToken)).TryGetValue(out var created, out var error)
            ? TypedResults.Created($"/api/v1/exchange/series/{created.Id}", SeriesView.Of(created))
            : Problems.From(error);

    private static async Task<Results<Ok<Page<SeriesView>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, SeriesService series, CancellationToken cancellationToken, Guid? after = null, int limit = Page.DefaultLimit) =>
        Page.InvalidLimit(limit) is { } problem
            ? problem
            : TypedResults.Ok(Page.Of([.. (await series.ListAsync(user.GetMerchantId(), after, limit, cancellationToken)).Select(SeriesView.Of)], limit, s => s.Id));

    private static async Task<Results<Ok<SeriesView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, SeriesService series, CancellationToken cancellationToken) =>
        (await series.GetAsync(user.GetMerchantId(), id, cancellationToken)).TryGetValue(out var found, out var error) ? TypedResults.Ok(SeriesView.Of(found)) : Problems.From(error);

    private static async Task<Results<Accepted<SeriesLaunch>, ProblemHttpResult>> LaunchAsync(
        Guid id, SeriesLaunchRequest request, ClaimsPrincipal user, SeriesService series, CancellationToken cancellationToken) =>
        (await series.LaunchAsync(user.GetMerchantId(), id, request, cancellationToken)).TryGetValue(out var launch, out var error)
            ? TypedResults.Accepted($"/api/v1/exchange/series/{id}/launches", launch)
            : Problems.From(error);

    private static async Task<Ok<IReadOnlyList<SeriesLaunch>>> LaunchesAsync(Guid id, ClaimsPrincipal user, SeriesService series, CancellationToken cancellationToken) =>
        TypedResults.Ok(await series.LaunchesAsync(user.GetMerchantId(), id, cancellationToken));

    private static async Task<Results<Ok<Page<ConversationView>>, ValidationProblem>> ConversationsAsync(
        ClaimsPrincipal user, SeriesService series, CancellationToken cancellationToken, string? status = null, Guid? after = null, int limit = Page.DefaultLimit) =>
        Page.InvalidLimit(limit) is { } problem
            ? problem
            : TypedResults.Ok(Page.Of([.. (await series.ConversationsAsync(user.GetMerchantId(), status, after, limit, cancellationToken)).Select(c => ConversationView.Of(c))], limit, c => c.Id));

    private static async Task<Results<Ok<ConversationView>, ProblemHttpResult>> ConversationAsync(Guid id, ClaimsPrincipal user, SeriesService series, CancellationToken cancellationToken) =>
        (await series.ConversationAsync(user.GetMerchantId(), id, cancellationToken)).TryGetValue(out var found, out var error)
            ? TypedResults.Ok(ConversationView.Of(found.Conversation, found.Events))
            : Problems.From(error);

    private static async Task<Results<Ok<SeriesReplyOutcome>, ProblemHttpResult>> AnswerAsync(
        Guid id, ConversationAnswerRequest request, ClaimsPrincipal user, SeriesService series, CancellationToken cancellationToken) =>
        (await series.AnswerAsync(user.GetMerchantId(), id, request.Key, request.Text, request.Step, request.Close, cancellationToken)).TryGetValue(out var outcome, out var error)
            ? TypedResults.Ok(outcome)
            : Problems.From(error);
}
