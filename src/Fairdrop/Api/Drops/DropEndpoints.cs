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
        merchant.MapGet("/", ListAsync).WithSummary("List the merchant's drops.");
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
        open.MapGet("/{id:guid}/audit", AuditAsync).WithSummary("Seed commitment, revealed seed and every entry's placement inputs.");
        open.MapGet("/{id:guid}/verify", VerifyAsync).WithSummary("Recompute the pre-queue order from the seed and compare.");
        return api;
    }

    private static async Task<Results<Created<DropResponse>, ProblemHttpResult>> CreateAsync(CreateDropRequest request, ClaimsPrincipal user, DropService drops, CancellationToken cancellationToken)
    {
        if (request.OpensAt is null || request.Units is null)
        {
            return Problems.From(Error.Validation(request.OpensAt is null ? "opensAt" : "units", "opensAt and units are required."));
        }

        var defaults = new DropSpec(null, null, 0, default);
        var spec = new DropSpec(request.Name, request.ProductId, request.Units.Value, request.OpensAt.Value, request.WindowOpensAt, request.ClosesAt,
            request.MaxPerCustomer ?? defaults.MaxPerCustomer, request.AdmitIntervalMs ?? defaults.AdmitIntervalMs, request.TokenTtlMs ?? defaults.TokenTtlMs,
            request.PriorityCap ?? defaults.PriorityCap, request.BotPolicy ?? defaults.BotPolicy, request.BotDelayMultiplier ?? defaults.BotDelayMultiplier,
            request.BotRiskThreshold ?? defaults.BotRiskThreshold, request.LateOrder ?? defaults.LateOrder, request.RollingWindowMs ?? defaults.RollingWindowMs,
            request.AllowUnverifiedEntries ?? defaults.AllowUnverifiedEntries);
        var result = await drops.CreateAsync(user.GetMerchantId(), spec, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/drops/{result.Value!.Id}", DropResponse.From(result.Value))
            : Problems.From(result.Error!);
    }

    private static async Task<Ok<IReadOnlyList<DropResponse>>> ListAsync(ClaimsPrincipal user, DropStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<DropResponse>>((await store.ListAsync(user.GetMerchantId(), cancellationToken)).Select(DropResponse.From).ToList());

    private static async Task<Results<Ok<DropResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, DropStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, user.GetMerchantId(), cancellationToken) is { } drop ? TypedResults.Ok(DropResponse.From(drop)) : Problems.NotFound("The drop");

    private static async Task<Results<Ok<IReadOnlyList<string>>, ProblemHttpResult>> PriorityCodesAsync(Guid id, PriorityCodesRequest request, ClaimsPrincipal user, DropService drops, CancellationToken cancellationToken)
    {
        var result = await drops.CreatePriorityCodesAsync(user.GetMerchantId(), id, request.Count ?? 0, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value!) : Problems.From(result.Error!);
    }

    private static async Task<Results<Created<EntryCreatedResponse>, ProblemHttpResult>> MerchantEnterAsync(
        Guid id, MerchantEntryRequest request, ClaimsPrincipal user, DropStore store, DropService drops, CancellationToken cancellationToken)
    {
        // The trusted path still checks ownership: another merchant's drop is simply not found.
        if (await store.GetAsync(id, user.GetMerchantId(), cancellationToken) is null)
        {
            return Problems.NotFound("The drop");
        }

        return Entered(id, await drops.EnterAsync(id, new NewEntry(request.ShopperId, request.PriorityCode, request.PrioritySegment ?? false, request.Risk ?? 0), cancellationToken), http: null);
    }

    private static async Task<Results<Created<EntryCreatedResponse>, ProblemHttpResult>> PublicEnterAsync(
        Guid id, PublicEntryRequest request, HttpContext http, StorefrontCallerReader callers, DropService drops, CancellationToken cancellationToken) =>
        Entered(id, await drops.EnterFromStorefrontAsync(id, new NewEntry(request.ShopperId, request.PriorityCode), callers.Read(http, request.ShopperToken), cancellationToken), http);

    private static Results<Created<EntryCreatedResponse>, ProblemHttpResult> Entered(Guid id, Result<EnteredDrop> result, HttpContext? http)
    {
        if (!result.IsSuccess)
        {
            if (result.Error!.RetryAfter is { } wait && http is not null)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return DropProblems.From(result.Error);
        }

        var entry = result.Value!.Entry;
        return TypedResults.Created($"/api/v1/public/drops/{id}/entries/{entry.Id}", new EntryCreatedResponse(entry.Id, result.Value.EntryKey, entry.ArrivalSeq, entry.Status));
    }

    private static async Task<Results<Ok<EntryView>, ProblemHttpResult>> StatusAsync(
        Guid id, Guid entryId, string? key, int? wait, HttpContext http, DropStore store, DropCheckout checkout, TimeProvider time, CancellationToken cancellationToken)
    {
        key ??= http.Request.Headers["X-Entry-Key"].ToString();
        var result = await checkout.StatusAsync(id, entryId, key, cancellationToken);
        if (!result.IsSuccess)
        {
            return DropProblems.From(result.Error!);
        }

        // Long poll: a turn's time is known in advance (the opening, then the entry's ready time), so the request
        // sleeps until then, up to ?wait= seconds (at most 60), and answers with the sale token, or sold_out.
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Clamp(wait ?? 0, 0, 60));
        while (result.IsSuccess && result.Value!.Status == DropEntry.Waiting && result.Value.SaleToken is null)
        {
            var next = result.Value.ReadyAt ?? (result.Value.Place is null ? (await store.GetAsync(id, null, cancellationToken))?.OpensAt : null);
            if (next is null || next.Value > deadline)
            {
                break; // held without a turn, or the turn is further away than the caller will wait
            }

            var sleep = next.Value - time.GetUtcNow();
            await Task.Delay(sleep > TimeSpan.Zero ? sleep : TimeSpan.FromMilliseconds(20), time, cancellationToken);
            result = await checkout.StatusAsync(id, entryId, key, cancellationToken);
        }

        if (!result.IsSuccess)
        {
            return DropProblems.From(result.Error!);
        }

        if (result.Value!.ExpectedWaitSeconds is > 0 and var seconds)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(Math.Min(seconds, 30)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Created<Purchase>, ProblemHttpResult>> PurchaseAsync(Guid id, PurchaseRequest request, DropCheckout checkout, CancellationToken cancellationToken)
    {
        var result = await checkout.PurchaseAsync(id, request.Token, request.ShopperId, request.Quantity ?? 1, cancellationToken);
        return result.IsSuccess ? TypedResults.Created($"/api/v1/public/drops/{id}/purchases/{result.Value!.Id}", result.Value) : DropProblems.From(result.Error!);
    }

    private static async Task<Results<Ok<FairnessReport>, ProblemHttpResult>> ReportAsync(Guid id, ClaimsPrincipal user, DropStore store, CancellationToken cancellationToken)
    {
        var drop = await store.GetAsync(id, user.GetMerchantId(), cancellationToken);
        if (drop is null)
        {
            return Problems.NotFound("The drop");
        }

        return TypedResults.Ok(FairnessCalculator.Compute(drop, await store.EntriesAsync(id, cancellationToken), await store.PurchasesAsync(id, cancellationToken)));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ChartAsync(Guid id, ClaimsPrincipal user, DropStore store, CancellationToken cancellationToken)
    {
        var report = await ReportAsync(id, user, store, cancellationToken);
        return report.Result is Ok<FairnessReport> ok ? TypedResults.Content(ok.Value!.ChartSvg, "image/svg+xml") : Problems.NotFound("The drop");
    }

    private static async Task<Results<Ok<DropAudit>, ProblemHttpResult>> AuditAsync(Guid id, DropStore store, DropService drops, CancellationToken cancellationToken)
    {
        await drops.EnsureOpenedAsync(id, cancellationToken);
        var drop = await store.GetAsync(id, null, cancellationToken);
        return drop is null ? Problems.NotFound("The drop") : TypedResults.Ok(DropAudit.From(drop, await store.EntriesAsync(id, cancellationToken)));
    }

    private static async Task<Results<Ok<DropVerification>, ProblemHttpResult>> VerifyAsync(Guid id, DropStore store, DropService drops, CancellationToken cancellationToken)
    {
        var audit = await AuditAsync(id, store, drops, cancellationToken);
        return audit.Result is Ok<DropAudit> ok ? TypedResults.Ok(ok.Value!.Verify()) : Problems.NotFound("The drop");
    }
}
