using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Core.Errors;
using Fairdrop.Drops;
using Fairdrop.Drops.Entries;
using Fairdrop.Drops.Fairness;
using Fairdrop.Drops.Model;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Drops;

/// <summary>
/// Fair drops. The merchant creates and watches drops; storefronts (no key) enter shoppers, poll their
/// turn and complete purchases with the sale token; anyone can audit and verify the shuffle.
/// </summary>
internal static class DropEndpoints
{
    public static RouteGroupBuilder MapDropEndpoints(this RouteGroupBuilder api)
    {
        var merchant = api.MapGroup("/drops").RequireAuthorization(Policies.Merchant).WithTags("Drops");
        merchant.MapPost("/", CreateAsync).WithSummary("Create a drop; its shuffle seed is committed at once.");
        merchant.MapGet("/", ListAsync).WithSummary("List the merchant's drops, newest first (cursor paging by before).");
        merchant.MapGet("/{id:guid}", GetAsync).WithSummary("Read a drop.");
        merchant.MapPost("/{id:guid}/priority-codes", PriorityCodesAsync).WithSummary("Issue single-use priority codes (shown once).");
        merchant.MapPost("/{id:guid}/entries", MerchantEnterAsync).WithSummary("Enter a shopper from the merchant's backend, with segment and risk.");
        merchant.MapGet("/{id:guid}/report", ReportAsync).WithSummary("Fairness report: Kendall tau, priority share, bot delays, waits, oversold.");
        merchant.MapGet("/{id:guid}/report.svg", ChartAsync).WithSummary("The wait histogram of the fairness report.");

        var open = api.MapGroup("/public/drops").AllowAnonymous().WithTags("Drops (storefront)");
        open.MapPost("/{id:guid}/entries", PublicEnterAsync)
            .WithSummary("Enter a shopper (storefront) with a shopper token signed by the shop's backend; without one only if the drop allows unverified entries.");
        open.MapGet("/{id:guid}/entries/{entryId:guid}", StatusAsync)
            .WithSummary("Place, expected wait and, on the shopper's turn, the sale token; ?wait=N long-polls up to N seconds for the turn.");
        open.MapPost("/{id:guid}/purchases", PurchaseAsync).WithSummary("Complete a purchase with a valid sale token.");
        open.MapGet("/{id:guid}/entries/{entryId:guid}/proof", ProofAsync)
            .WithSummary("The entry's inclusion proof in its sealed list (RFC 6962 audit path to the published root).");
        open.MapGet("/{id:guid}/audit", AuditAsync).WithSummary("Mode, seed commitment and revealed seed, beacon chain, sealed roots and rounds, every entry's inputs, evidence and place.");
        open.MapGet("/{id:guid}/verify", VerifyAsync).WithSummary("Recompute every place (pre-queue, priority, bots, late windows) from the audit alone and compare.");
        return api;
    }

    private static async Task<Results<Created<DropResponse>, ProblemHttpResult>> CreateAsync(CreateDropRequest request, ClaimsPrincipal user, DropCommands drops, CancellationToken cancellationToken)
    {
        if (request.ToSpec() is not { } spec)
        {
            return Problems.From(Error.Validation(request.OpensAt is null ? "opensAt" : "units", "opensAt and units are required."));
        }

        return (await drops.CreateAsync(user.GetMerchantId(), spec, cancellationToken)).TryGetValue(out var drop, out var error)
            ? TypedResults.Created($"/api/v1/drops/{drop.Id}", DropResponse.From(drop))
            : Problems.From(error);
    }

    private static async Task<Results<Ok<Page<DropResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, DropQueries drops, CancellationToken cancellationToken, Guid? before = null, int limit = Page.DefaultLimit) =>
        Page.InvalidLimit(limit) is { } problem
            ? problem
            : TypedResults.Ok(Page.Of(await drops.ListAsync(user.GetMerchantId(), before, limit, cancellationToken), limit, d => d.Id, DropResponse.From));

    private static async Task<Results<Ok<DropResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, DropQueries drops, CancellationToken cancellationToken) =>
        (await drops.GetAsync(user.GetMerchantId(), id, cancellationToken)).ToOk(DropResponse.From);

    private static async Task<Results<Ok<IReadOnlyList<string>>, ProblemHttpResult>> PriorityCodesAsync(Guid id, PriorityCodesRequest request, ClaimsPrincipal user, DropCommands drops, CancellationToken cancellationToken) =>
        (await drops.CreatePriorityCodesAsync(user.GetMerchantId(), id, request.Count ?? 0, cancellationToken)).ToOk();

    private static async Task<Results<Created<EntryCreatedResponse>, ProblemHttpResult>> MerchantEnterAsync(
        Guid id, MerchantEntryRequest request, ClaimsPrincipal user, DropCommands drops, CancellationToken cancellationToken) =>
        Entered(id, await drops.EnterAsync(user.GetMerchantId(), id, new NewEntry(request.ShopperId, request.PriorityCode, request.PrioritySegment ?? false, request.Risk ?? 0, request.RiskReason), cancellationToken));

    private static async Task<Results<Created<EntryCreatedResponse>, ProblemHttpResult>> PublicEnterAsync(
        Guid id, PublicEntryRequest request, HttpContext http, StorefrontCallerReader callers, DropCommands drops, CancellationToken cancellationToken) =>
        Entered(id, await drops.EnterFromStorefrontAsync(id, new NewEntry(request.ShopperId, request.PriorityCode), callers.Read(http, request.ShopperToken), cancellationToken));

    private static Results<Created<EntryCreatedResponse>, ProblemHttpResult> Entered(Guid id, Result<EnteredDrop> result)
    {
        if (!result.TryGetValue(out var entered, out var error))
        {
            return Problems.From(error);
        }

        var entry = entered.Entry;
        return TypedResults.Created($"/api/v1/public/drops/{id}/entries/{entry.Id}", new EntryCreatedResponse(entry.Id, entered.EntryKey, entry.ArrivalSeq, entry.Status, entered.Receipt));
    }

    private static async Task<Results<Ok<EntryView>, ProblemHttpResult>> StatusAsync(
        Guid id, Guid entryId, string? key, int? wait, HttpContext http, DropCommands drops, CancellationToken cancellationToken)
    {
        key ??= http.Request.Headers["X-Entry-Key"].ToString();
        if (!(await drops.PollEntryAsync(id, entryId, key, TimeSpan.FromSeconds(wait ?? 0), cancellationToken)).TryGetValue(out var view, out var error))
        {
            return Problems.From(error);
        }

        if (view.ExpectedWaitSeconds is > 0 and var seconds)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(Math.Min(seconds, 30)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Ok(view);
    }

    private static async Task<Results<Created<Purchase>, ProblemHttpResult>> PurchaseAsync(Guid id, PurchaseRequest request, DropCommands drops, CancellationToken cancellationToken)
    {
        return (await drops.PurchaseAsync(id, request.Token, request.ShopperId, request.Quantity ?? 1, cancellationToken)).TryGetValue(out var purchase, out var error)
            ? TypedResults.Created($"/api/v1/public/drops/{id}/purchases/{purchase.Id}", purchase)
            : Problems.From(error);
    }

    private static async Task<Results<Ok<FairnessReport>, ProblemHttpResult>> ReportAsync(Guid id, ClaimsPrincipal user, DropQueries drops, CancellationToken cancellationToken) =>
        (await drops.ReportAsync(user.GetMerchantId(), id, cancellationToken)).ToOk();

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ChartAsync(Guid id, ClaimsPrincipal user, DropQueries drops, CancellationToken cancellationToken) =>
        (await drops.ReportAsync(user.GetMerchantId(), id, cancellationToken)).TryGetValue(out var report, out var error)
            ? TypedResults.Content(report.ChartSvg, "image/svg+xml")
            : Problems.From(error);

    private static async Task<Results<Ok<DropAudit>, ProblemHttpResult>> AuditAsync(Guid id, DropQueries drops, CancellationToken cancellationToken) =>
        (await drops.AuditAsync(id, cancellationToken)).ToOk();

    private static async Task<Results<Ok<EntryProof>, ProblemHttpResult>> ProofAsync(Guid id, Guid entryId, DropQueries drops, CancellationToken cancellationToken) =>
        (await drops.ProofAsync(id, entryId, cancellationToken)).ToOk();

    private static async Task<Results<Ok<DropVerification>, ProblemHttpResult>> VerifyAsync(Guid id, DropQueries drops, CancellationToken cancellationToken) =>
        (await drops.VerifyAsync(id, cancellationToken)).ToOk();
}
