using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Gate.Decisions;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using Fairdrop.Gate.Language;
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
        group.MapPost("/rules/check", CheckAsync).WithName("CheckGateRules").WithSummary("Compile rule text (the body) and return its diagnostics.").Accepts<string>("text/plain")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(RuleLimits.MaxSourceLength));
        group.MapPut("/rules", ReplaceAsync).WithName("ReplaceGateRules").WithSummary("Replace the running rules; a rule set with errors never replaces the current one.").Accepts<string>("text/plain")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(RuleLimits.MaxSourceLength));
        group.MapGet("/rules", GetRules).WithName("GetGateRules").WithSummary("The running rule text and its version.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<DecisionRecord>>> ListDecisionsAsync(
        ClaimsPrincipal user, DecisionStore store, CancellationToken cancellationToken, Guid? before = null, string? decision = null, string? action = null, int limit = 100)
    {
        var page = await store.ListAsync(user.GetMerchantId(), new DecisionQuery(before, decision, action, limit), cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<RulesCheckResponse>, ProblemHttpResult>> CheckAsync(
        HttpContext http, ClaimsPrincipal user, RuleSetHolder holder, RuleCheckSlots slots, CancellationToken cancellationToken)
    {
        using var slot = slots.TryEnter(user.GetMerchantId());
        if (slot is null)
        {
            return Busy(http);
        }

        var text = await ReadTextAsync(http.Request, cancellationToken);
        var compilation = RuleCompiler.Check(text, holder.Context);
        return TypedResults.Ok(RulesCheckResponse.From(compilation));
    }

    private static async Task<Results<Ok<RulesCheckResponse>, UnprocessableEntity<RulesCheckResponse>, NotFound, ProblemHttpResult>> ReplaceAsync(
        HttpContext http, ClaimsPrincipal user, RuleSetHolder holder, RuleCheckSlots slots, IOptions<GateOptions> options, CancellationToken cancellationToken)
    {
        // This node's gate belongs to one merchant; for anyone else it does not exist.
        if (user.GetMerchantId() != options.Value.MerchantId)
        {
            return TypedResults.NotFound();
        }

        using var slot = slots.TryEnter(user.GetMerchantId());
        if (slot is null)
        {
            return Busy(http);
        }

        var compilation = holder.TryReplace(await ReadTextAsync(http.Request, cancellationToken), "api");
        var response = RulesCheckResponse.From(compilation);
        return compilation.Success ? TypedResults.Ok(response) : TypedResults.UnprocessableEntity(response);
    }

    private static ProblemHttpResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(
            detail: $"At most {RuleLimits.MaxConcurrentChecksPerMerchant} rule checks run at once for a merchant (and no more than the server has cores in all); try again when one has finished.",
            statusCode: StatusCodes.Status429TooManyRequests,
            extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.RateLimited });
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
