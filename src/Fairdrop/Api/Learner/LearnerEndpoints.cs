using System.Security.Claims;
using Fairdrop.Api.Merchants;
using Fairdrop.Auth;
using Fairdrop.Learner;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Evaluation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Learner;

/// <summary>
/// Learned delivery (docs/learner.md): every decision the learner made for a sender with <c>"delivery": "learned"</c>,
/// explained — the alternatives it weighed, their scores, the propensity — by delivery, recipient or distribution.
/// </summary>
internal static class LearnerEndpoints
{
    public static RouteGroupBuilder MapLearnerEndpoints(this RouteGroupBuilder api)
    {
        var learner = api.MapGroup("/learner").RequireAuthorization(Policies.Merchant).WithTags("Learner");
        learner.MapGet("/decisions", ListAsync).WithName("ListLearnedDecisions")
            .WithSummary("Learned decisions by delivery id, of a recipient or a distribution (cursor paging by after).");
        learner.MapGet("/decisions/{deliveryId:guid}", ExplainAsync).WithName("ExplainLearnedDecision")
            .WithSummary("Why a delivery got its channel and time: every allowed alternative with its score, and the propensity.");
        learner.MapGet("/evaluation", EvaluateAsync).WithName("EvaluateLearnedDecisions")
            .WithSummary("IPS and doubly robust estimates of other policies (fixed email, fixed sms, greedy) from the settled learned decisions of the last N days.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<OffPolicyEstimate>>, ValidationProblem, ProblemHttpResult>> EvaluateAsync(
        ClaimsPrincipal user, LearnerService learner, CancellationToken cancellationToken, int days = 30) =>
        (await learner.EvaluateLoggedAsync(user.GetMerchantId(), days, cancellationToken)).ToOkOrValidation(estimates => estimates);

    private static async Task<Results<Ok<DecisionExplanation>, ProblemHttpResult>> ExplainAsync(
        Guid deliveryId, ClaimsPrincipal user, LearnerService learner, CancellationToken cancellationToken) =>
        (await learner.ExplainAsync(user.GetMerchantId(), deliveryId, cancellationToken)).ToOk();

    private static async Task<Results<Ok<Page<DecisionExplanation>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, LearnerService learner, CancellationToken cancellationToken, Guid? recipientId = null, Guid? distributionId = null, Guid? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        var rows = await learner.ListAsync(user.GetMerchantId(), recipientId, distributionId, after, limit, cancellationToken);
        return TypedResults.Ok(Page.Of(rows, limit, d => d.DeliveryId));
    }
}
