using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Language;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Gate;

/// <summary>The gate's API: recorded decisions, and checking or replacing the rules of the gate this node runs.</summary>
internal static class GateEndpoints
{
    public static RouteGroupBuilder MapGateEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/gate").RequireAuthorization(Policies.Merchant).WithTags("Gate");
        group.MapGet("/decisions", ListDecisionsAsync).WithName("ListGateDecisions").WithSummary("Recorded gate decisions of the calling merchant, newest first.");
        group.MapPost("/rules/check", CheckAsync).WithName("CheckGateRules").WithSummary("Compile rule text (the body) and return its diagnostics.").Accepts<string>("text/plain")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(RuleLimits.MaxSourceLength));
        group.MapPut("/rules", ReplaceAsync).WithName("ReplaceGateRules").WithSummary("Replace the running rules; a rule set with errors never replaces the current one.").Accepts<string>("text/plain")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(RuleLimits.MaxSourceLength));
        group.MapGet("/rules", GetRules).WithName("GetGateRules").WithSummary("The running rule text and its version.");
        group.MapGateRecommendationEndpoints();
        return api;
    }

    private static async Task<Results<Ok<Page<DecisionRecord>>, ValidationProblem>> ListDecisionsAsync(
        ClaimsPrincipal user, DecisionStore store, CancellationToken cancellationToken, Guid? before = null, string? decision = null, string? action = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        // Newest first: the next page is the one before the last decision of this one.
        var page = await store.ListAsync(user.GetMerchantId(), new DecisionQuery(before, decision, action, limit), cancellationToken);
        return TypedResults.Ok(Page.Of(page, limit, d => d.Id));
    }

    private static async Task<Results<Ok<RulesCheckResponse>, ProblemHttpResult>> CheckAsync(
        HttpContext http, ClaimsPrincipal user, GateRulesService rules, CancellationToken cancellationToken) =>
        (await rules.CheckAsync(user.GetMerchantId(), token => ReadTextAsync(http.Request, token), cancellationToken)).TryGetValue(out var compilation, out var error)
            ? TypedResults.Ok(RulesCheckResponse.From(compilation))
            : Problems.From(error);

    private static async Task<Results<Ok<RulesCheckResponse>, UnprocessableEntity<RulesCheckResponse>, ProblemHttpResult>> ReplaceAsync(
        HttpContext http, ClaimsPrincipal user, GateRulesService rules, CancellationToken cancellationToken)
    {
        if (!(await rules.ReplaceAsync(user.GetMerchantId(), token => ReadTextAsync(http.Request, token), cancellationToken)).TryGetValue(out var compilation, out var error))
        {
            return Problems.From(error);
        }

        var response = RulesCheckResponse.From(compilation);
        return compilation.Success ? TypedResults.Ok(response) : TypedResults.UnprocessableEntity(response);
    }

    private static Results<Ok<RulesResponse>, ProblemHttpResult> GetRules(ClaimsPrincipal user, GateRulesService rules) =>
        rules.Current(user.GetMerchantId()).ToOk(current => new RulesResponse(current.Version, current.Rules.Count, current.Source));

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
