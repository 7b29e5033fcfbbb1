using Fairdrop.Core.Errors;
using Fairdrop.Core.Shoppers;
using Fairdrop.SmsPrograms;
using Fairdrop.SmsPrograms.Storefront;
using Microsoft.AspNetCore.Antiforgery;

namespace Fairdrop.Api.SmsPrograms;

/// <summary>
/// The hosted sign-up page a shop links to, and where a forwarded referral link lands (<c>/p/sms/{programId}?ref=CODE</c>):
/// a plain HTML form posting back to itself, defended against cross-site posts by the app's antiforgery token (a
/// cookie and a hidden field), through the same storefront opt-in as a shop's own form.
/// </summary>
internal static class SmsSignupPage
{
    public static IEndpointRouteBuilder MapSmsSignupPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/p/sms/{programId:guid}").AllowAnonymous().ExcludeFromDescription();
        page.MapGet("/", ShowAsync);
        page.MapPost("/", SubmitAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(
        Guid programId, HttpContext http, StorefrontOptIns optIns, IAntiforgery antiforgery, CancellationToken cancellationToken, string? @ref = null)
    {
        if (!(await optIns.SignupFormAsync(programId, cancellationToken)).TryGetValue(out var form, out _))
        {
            return Page(http, StatusCodes.Status404NotFound, SignupPageHtml.Message("Sign-up not found", "This sign-up page does not exist. Check the link you were sent."));
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        return Page(http, StatusCodes.Status200OK, SignupPageHtml.Form(form, tokens.FormFieldName, tokens.RequestToken!, null, Clip(@ref), null, null));
    }

    private static async Task<IResult> SubmitAsync(
        Guid programId, HttpContext http, StorefrontOptIns optIns, IAntiforgery antiforgery, IStorefrontClientReader clients, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            return Page(http, StatusCodes.Status400BadRequest, SignupPageHtml.Message("Please try again", "This form has expired. Go back, reload the page and sign up again."));
        }

        var posted = await http.Request.ReadFormAsync(cancellationToken);
        var input = new HostedOptIn(Clip(posted["phone"]), posted["consent"] == "yes", Clip(posted["ref"]));
        var result = await optIns.HostedOptInAsync(SmsStorefrontEndpoints.Caller(http, clients, null), programId, input, cancellationToken);
        if (result.IsSuccess)
        {
            return Page(http, StatusCodes.Status200OK, SignupPageHtml.Message("Check your phone", "We sent a text to confirm. Reply Y to it to start getting alerts."));
        }

        var error = result.Error;
        if (error.Kind is not ErrorKind.Validation || !(await optIns.SignupFormAsync(programId, cancellationToken)).TryGetValue(out var form, out _))
        {
            if (error.RetryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return error.Kind is ErrorKind.RateLimited
                ? Page(http, StatusCodes.Status429TooManyRequests, SignupPageHtml.Message("Please wait", "Too many sign-ups from here just now. Try again in a minute."))
                : Page(http, StatusCodes.Status404NotFound, SignupPageHtml.Message("Sign-up not found", "This sign-up page does not exist. Check the link you were sent."));
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        var message = error.Field == "phone" ? "Enter a mobile number with its country code, for example +1 650 253 0000." : error.Message;
        return Page(http, StatusCodes.Status400BadRequest, SignupPageHtml.Form(form, tokens.FormFieldName, tokens.RequestToken!, input.Phone, input.ReferralCode, message, error.Field));
    }

    private static IResult Page(HttpContext http, int status, string html)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = SignupPageHtml.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static string? Clip(string? value) => value is { Length: > 0 } v ? v.Length > 64 ? v[..64] : v : null;
}
