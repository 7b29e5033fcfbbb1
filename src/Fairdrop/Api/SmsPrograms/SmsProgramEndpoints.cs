using System.Security.Claims;
using Fairdrop.Auth;
using Fairdrop.Core.Shoppers;
using Fairdrop.Hosting;
using Fairdrop.SmsPrograms;
using Fairdrop.SmsPrograms.Alerts;
using Fairdrop.SmsPrograms.Hours;
using Fairdrop.SmsPrograms.Programs;
using Fairdrop.SmsPrograms.Reports;
using Fairdrop.SmsPrograms.Subscribers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.SmsPrograms;

/// <summary>
/// SMS programs (docs/sms-programs.md): define a program, hand over web-form opt-ins, fill the reward pool, send
/// alerts planned inside legal hours, export the consent record, read the report and its funnel chart. Keyword
/// opt-ins, Y, STOP and START arrive through the exchange's signed inbound SMS webhook.
/// </summary>
internal static class SmsProgramEndpoints
{
    public static RouteGroupBuilder MapSmsProgramEndpoints(this RouteGroupBuilder api)
    {
        var programs = api.MapGroup("/sms-programs").RequireAuthorization(Policies.Merchant).WithTags("SMS programs");
        programs.MapPost("/", CreateAsync).WithSummary("Define an SMS program: keyword and aliases, numbers, frequency, texts, alerts, referral offer and reward codes.");
        programs.MapGet("/", ListAsync).WithSummary("List the merchant's SMS programs (cursor paging by after).");
        programs.MapGet("/hours-rules", HoursRulesAsync).WithSummary("The legal-hours rules table: federal default and stricter states, each with its source.");
        programs.MapGet("/{id:guid}", GetAsync).WithSummary("Read an SMS program.");
        programs.MapPost("/{id:guid}/opt-ins", OptInAsync).WithSummary("A web-form opt-in (consent text, page, IP, user agent on record); the number gets the confirmation request only.");
        programs.MapPost("/{id:guid}/reward-codes", RewardCodesAsync).WithSummary("Add discount codes to the referral-reward pool.");
        programs.MapPost("/{id:guid}/alerts", AlertAsync).WithSummary("Send a marketing alert to confirmed subscribers, each planned inside legal hours and subject limits.");
        programs.MapGet("/{id:guid}/consents", ConsentsAsync).WithSummary("The consent record, every step with its time and message id (cursor paging by after; filter by subscriberId).");
        programs.MapGet("/{id:guid}/report", ReportAsync).WithSummary("Subscribers by source, confirmation rate, opt-outs, referral funnel per program and referrer.");
        programs.MapGet("/{id:guid}/report/funnel.svg", FunnelSvgAsync).WithSummary("The referral funnel as an SVG chart.")
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml");
        return api;
    }

    private static async Task<Results<Created<SmsProgram>, ProblemHttpResult>> CreateAsync(
        NewSmsProgram request, ClaimsPrincipal user, SmsProgramService programs, CancellationToken cancellationToken) =>
        (await programs.CreateAsync(user.GetMerchantId(), request, cancellationToken)).TryGetValue(out var program, out var error)
            ? TypedResults.Created($"/api/v1/sms-programs/{program.Id}", program)
            : Problems.From(error);

    private static async Task<Results<Ok<Page<SmsProgram>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, SmsProgramService programs, CancellationToken cancellationToken, Guid? after = null, int limit = Page.DefaultLimit) =>
        Page.InvalidLimit(limit) is { } problem
            ? problem
            : TypedResults.Ok(Page.Of(await programs.ListAsync(user.GetMerchantId(), after, limit, cancellationToken), limit, p => p.Id));

    private static Ok<IReadOnlyList<HoursRule>> HoursRulesAsync() => TypedResults.Ok(HoursRules.All);

    private static async Task<Results<Ok<SmsProgram>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, SmsProgramService programs, CancellationToken cancellationToken) =>
        (await programs.GetAsync(user.GetMerchantId(), id, cancellationToken)).ToOk();

    private static async Task<Results<Created<Subscriber>, ProblemHttpResult>> OptInAsync(
        Guid id, OptInRequest request, ClaimsPrincipal user, HttpContext http, IStorefrontClientReader clients, SmsProgramService programs, CancellationToken cancellationToken)
    {
        // The backend relays the shopper's address; left out, it is the caller's as the app resolves every client (trusted proxies).
        var form = new WebOptIn(
            request.Phone, request.ConsentText, request.PageUrl, request.ReferralCode,
            request.Ip ?? clients.Read(http).Address, request.UserAgent ?? http.Request.Headers.UserAgent.ToString());
        return (await programs.OptInAsync(user.GetMerchantId(), id, form, cancellationToken)).TryGetValue(out var subscriber, out var error)
            ? TypedResults.Created($"/api/v1/sms-programs/{id}/consents?subscriberId={subscriber.Id}", subscriber)
            : Problems.From(error);
    }

    private static async Task<Results<Ok<RewardCodesResponse>, ProblemHttpResult>> RewardCodesAsync(
        Guid id, RewardCodesRequest request, ClaimsPrincipal user, SmsProgramService programs, CancellationToken cancellationToken) =>
        (await programs.AddRewardCodesAsync(user.GetMerchantId(), id, request.Codes ?? [], cancellationToken)).TryGetValue(out var added, out var error)
            ? TypedResults.Ok(new RewardCodesResponse(added))
            : Problems.From(error);

    private static async Task<Results<Ok<AlertPlan>, ProblemHttpResult>> AlertAsync(
        Guid id, SmsAlert request, ClaimsPrincipal user, SmsAlertService alerts, CancellationToken cancellationToken) =>
        (await alerts.SendAsync(user.GetMerchantId(), id, request, cancellationToken)).ToOk();

    private static async Task<Results<Ok<Page<ConsentEvent>>, ValidationProblem, ProblemHttpResult>> ConsentsAsync(
        Guid id, ClaimsPrincipal user, SmsProgramService programs, CancellationToken cancellationToken, Guid? subscriberId = null, Guid? after = null, int limit = Page.DefaultLimit)
    {
        if (Page.InvalidLimit(limit) is { } problem)
        {
            return problem;
        }

        return (await programs.ConsentRecordAsync(user.GetMerchantId(), id, subscriberId, after, limit, cancellationToken)).TryGetValue(out var events, out var error)
            ? TypedResults.Ok(Page.Of(events, limit, e => e.Id))
            : Problems.From(error);
    }

    private static async Task<Results<Ok<ProgramReport>, ProblemHttpResult>> ReportAsync(Guid id, ClaimsPrincipal user, SmsProgramReports reports, CancellationToken cancellationToken) =>
        (await reports.ReportAsync(user.GetMerchantId(), id, cancellationToken)).ToOk();

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> FunnelSvgAsync(Guid id, ClaimsPrincipal user, SmsProgramReports reports, CancellationToken cancellationToken) =>
        (await reports.FunnelSvgAsync(user.GetMerchantId(), id, cancellationToken)).TryGetValue(out var svg, out var error)
            ? TypedResults.Text(svg, "image/svg+xml")
            : Problems.From(error);
}
