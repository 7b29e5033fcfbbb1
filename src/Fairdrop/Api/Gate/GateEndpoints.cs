using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Fairdrop.Api.Gate;

/// <summary>The gate's API: recorded decisions, and checking or replacing the rules of the gate this node runs.</summary>
internal static class GateEndpoints
{
    public static RouteGroupBuilder MapGateEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/gate").RequireAuthorization(Policies.Merchant).WithTags("Gate");
        group.MapGet("/decisions", ListDecisionsAsync).WithName("ListGateDecisions").WithSummary("Recorded gate decisions of the calling merchant, newest first.");
        group.MapPost("/rules/check", CheckAsync).WithName("CheckGateRules").WithSummary("Compile rule text (the body) and return its diagnostics.").Accepts<string>("text/plain");
        group.MapPut("/rules", ReplaceAsync).WithName("ReplaceGateRules").WithSummary("Replace the running rules; a rule set with errors never replaces the current one.").Accepts<string>("text/plain");
        group.MapGet("/rules", GetRules).WithName("GetGateRules").WithSummary("The running rule text and its version.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<DecisionRecord>>> ListDecisionsAsync(
        ClaimsPrincipal user, DecisionStore store, CancellationToken cancellationToken, Guid? before = null, string? decision = null, string? action = null, int limit = 100)
    {
        var page = await store.ListAsync(user.GetMerchantId(), new DecisionQuery(before, decision, action, limit), cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<Ok<RulesCheckResponse>> CheckAsync(HttpRequest request, RuleSetHolder holder, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(request, cancellationToken);
        var compilation = Fairdrop.Gate.Language.RuleCompiler.Compile(text, holder.Context);
        return TypedResults.Ok(RulesCheckResponse.From(compilation));
    }

    private static async Task<Results<Ok<RulesCheckResponse>, UnprocessableEntity<RulesCheckResponse>, NotFound>> ReplaceAsync(
        HttpRequest request, ClaimsPrincipal user, RuleSetHolder holder, IOptions<GateOptions> options, CancellationToken cancellationToken)
    {
        // This node's gate belongs to one merchant; for anyone else it does not exist.
        if (user.GetMerchantId() != options.Value.MerchantId)
        {
            return TypedResults.NotFound();
        }

        var compilation = holder.TryReplace(await ReadTextAsync(request, cancellationToken), "api");
        var response = RulesCheckResponse.From(compilation);
        return compilation.Success ? TypedResults.Ok(response) : TypedResults.UnprocessableEntity(response);
    }

    private static Results<Ok<RulesResponse>, NotFound> GetRules(ClaimsPrincipal user, RuleSetHolder holder, IOptions<GateOptions> options)
    {
        if (user.GetMerchantId() != options.Value.MerchantId)
        {
            return TypedResults.NotFound();
        }

        var current = holder.Current;
        return TypedResults.Ok(new RulesResponse(current.Version, current.Rules.Count, current.Source));
    }

    private static async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
