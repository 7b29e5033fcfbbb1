using Fairdrop.Api.Restock;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Shoppers;
using Fairdrop.Hosting;
using Fairdrop.SmsPrograms;
using Fairdrop.SmsPrograms.Storefront;
using Fairdrop.SmsPrograms.Subscribers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.SmsPrograms;

/// <summary>
/// The storefront's SMS sign-up, called from the shopper's browser with the merchant's publishable key, under the same
/// per-merchant origin allow-list and CORS as restock's notify-me (docs/sms-programs.md).
/// </summary>
internal static class SmsStorefrontEndpoints
{
    public const string KeyHeader = "X-Fairdrop-Publishable-Key";

    public static RouteGroupBuilder MapSmsStorefrontEndpoints(this RouteGroupBuilder api)
    {
        var open = api.MapGroup("/public/sms-programs").AllowAnonymous().WithTags("SMS programs (storefront)");
        open.MapPost("/{id:guid}/opt-ins", OptInAsync)
            .WithSummary("A shopper asks to join (publishable key; allowed origins; rate-limited): the confirmation request only, and one answer for every number.");
        open.MapMethods("/{id:guid}/opt-ins", [HttpMethods.Options], StorefrontCors.Preflight).ExcludeFromDescription();
        return api;
    }

    private static async Task<Results<Accepted<OptInReceipt>, ProblemHttpResult>> OptInAsync(
        Guid id, PublicOptInRequest request, HttpContext http, IStorefrontClientReader clients, StorefrontOptIns optIns, CancellationToken cancellationToken)
    {
        var caller = Caller(http, clients, request.PublishableKey ?? http.Request.Headers[KeyHeader].ToString());
        var form = new WebOptIn(request.Phone, request.ConsentText, request.PageUrl, request.ReferralCode, null, null);
        var result = await optIns.OptInAsync(caller, id, form, cancellationToken);
        StorefrontCors.Admit(http, caller.Origin, result.IsSuccess || result.Error.Kind is not (ErrorKind.RateLimited or ErrorKind.Unauthorized or ErrorKind.Forbidden));
        return result.TryGetValue(out var receipt, out var error) ? TypedResults.Accepted((string?)null, receipt) : Problems.From(error);
    }

    /// <summary>The caller as the app reads every storefront client: its address behind trusted proxies, never a raw header.</summary>
    public static OptInCaller Caller(HttpContext http, IStorefrontClientReader clients, string? publishableKey) =>
        new(publishableKey, http.Request.Headers.Origin.ToString(), clients.Read(http).Address, http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null);
}
