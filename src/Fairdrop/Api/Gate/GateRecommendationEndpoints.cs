using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Adopting;
using Fairdrop.Gate.Recommendations.Labels;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Gate;

/// <summary>Rule recommendations over the calling merchant's recorded decisions, their labels, and adopting a recommendation in shadow mode.</summary>
internal static class GateRecommendationEndpoints
{
    public static RouteGroupBuilder MapGateRecommendationEndpoints(this RouteGroupBuilder gate)
    {
        gate.MapGet("/recommendations", RecommendAsync).WithName("GetGateRecommendations")
            .WithSummary("Rules recommended from the merchant's recorded decisions and labels, each replayed with its impact.");
        gate.MapPost("/recommendations", AcceptAsync).WithName("AcceptGateRecommendation")
            .WithSummary("Add one recommended rule to the running rules in shadow mode, with its replayed prediction.");
        gate.MapGet("/recommendations/trials", TrialsAsync).WithName("ListGateShadowTrials")
            .WithSummary("Accepted rules with their predicted and observed shadow hits per hour, by name.");
        gate.MapPost("/recommendations/trials/{name}/promote", PromoteAsync).WithName("PromoteGateShadowTrial")
            .WithSummary("Turn an accepted shadow rule into an enforced one.");
        gate.MapPut("/labels", PutLabelsAsync).WithName("PutGateLabels")
            .WithSummary("Record what is known of shoppers after a drop (purchases, challenges, fraud, bot flags); later evidence replaces earlier.");
        return gate;
    }

    private static async Task<Results<Ok<RecommendationReport>, ProblemHttpResult>> RecommendAsync(
        ClaimsPrincipal user, GateRecommendationService recommendations, CancellationToken cancellationToken, DateTimeOffset? since = null, double maxHumanCost = 0.005, int candidates = 10) =>
        (await recommendations.RecommendAsync(user.GetMerchantId(), new RecommendationQuery(since, maxHumanCost, candidates), cancellationToken)).ToOk();

    private static async Task<Results<Ok<ShadowTrial>, ProblemHttpResult>> AcceptAsync(
        ClaimsPrincipal user, GateRecommendationService recommendations, AcceptRecommendationRequest body, CancellationToken cancellationToken) =>
        (await recommendations.AcceptAsync(user.GetMerchantId(), body.Rule ?? string.Empty, body.Since, cancellationToken)).ToOk();

    private static async Task<Results<Ok<Page<ShadowTrial>>, ValidationProblem, ProblemHttpResult>> TrialsAsync(
        ClaimsPrincipal user, GateRecommendationService recommendations, CancellationToken cancellationToken, string? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        return (await recommendations.TrialsAsync(user.GetMerchantId(), after, limit, cancellationToken)).ToOkOrValidation(trials => Page.Of(trials, limit, t => t.Name, t => t));
    }

    private static async Task<Results<Ok<ShadowTrial>, ProblemHttpResult>> PromoteAsync(
        ClaimsPrincipal user, GateRecommendationService recommendations, string name, CancellationToken cancellationToken) =>
        (await recommendations.PromoteAsync(user.GetMerchantId(), name, cancellationToken)).ToOk();

    private static async Task<Results<Ok<LabelsResponse>, ProblemHttpResult>> PutLabelsAsync(
        ClaimsPrincipal user, GateRecommendationService recommendations, IReadOnlyList<ShopperEvidence> labels, CancellationToken cancellationToken) =>
        (await recommendations.PutLabelsAsync(user.GetMerchantId(), labels ?? [], cancellationToken)).ToOk(written => new LabelsResponse(written));
}

/// <summary>The rule to accept (a recommendation's text) and the window its prediction replays (all recorded decisions when absent).</summary>
internal sealed record AcceptRecommendationRequest(string? Rule, DateTimeOffset? Since);

/// <summary>How many shoppers' evidence was written.</summary>
internal sealed record LabelsResponse(int Written);
