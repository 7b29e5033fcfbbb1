using Fairdrop.Core.Errors;
using Fairdrop.Hosting;
using Fairdrop.Restock;
using Fairdrop.Restock.Waitlist;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Fairdrop.Api.Restock;

/// <summary>
/// CORS for the storefront endpoint, per merchant: a browser call (it carries <c>Origin</c>) is accepted only from an
/// origin on the merchant's allow-list, and only then gets <c>Access-Control-Allow-Origin</c>. The preflight cannot
/// name the merchant (browsers send no body or header values with it), so it grants nothing by itself: it describes
/// the call, and the call itself is checked.
/// </summary>
internal static class StorefrontCors
{
    public static IResult Preflight(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (StorefrontOrigins.Normalize(origin) is null)
        {
            return TypedResults.NoContent();
        }

        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = origin;
        headers.AccessControlAllowMethods = "POST, DELETE";
        headers.AccessControlAllowHeaders = "content-type, x-fairdrop-publishable-key";
        headers.AccessControlMaxAge = "600";
        headers.Vary = "Origin";
        return TypedResults.NoContent();
    }

    /// <summary>Null when the call may go on (no Origin: not a browser; or an allowed one, answered with CORS headers); else a 403 problem.</summary>
    public static async Task<ProblemHttpResult?> CheckAsync(HttpContext http, Guid merchantId, RestockSettingsStore settings, CancellationToken cancellationToken)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        if (!StorefrontOrigins.IsAllowed(origin, await settings.AllowedOriginsAsync(merchantId, cancellationToken)))
        {
            return Problems.From(RestockErrors.OriginRejected(origin));
        }

        http.Response.Headers.AccessControlAllowOrigin = origin;
        http.Response.Headers.Vary = "Origin";
        return null;
    }

    /// <summary>429 with Retry-After, when the storefront endpoint's own limit is spent.</summary>
    public static ProblemHttpResult RateLimited(HttpContext http, TimeSpan retryAfter) => Problems.From(RestockErrors.TooManySubscriptions(retryAfter), http);

    /// <summary>Validates and normalizes the merchant's list; an error names the first bad entry.</summary>
    public static Result<IReadOnlyList<string>> Parse(IReadOnlyList<string>? origins)
    {
        if (origins is null || origins.Count > StorefrontOrigins.MaxOrigins)
        {
            return Result<IReadOnlyList<string>>.Failure(Error.Validation("origins", $"origins is required: at most {StorefrontOrigins.MaxOrigins} origins like https://shop.example."));
        }

        var normalized = new List<string>();
        foreach (var origin in origins)
        {
            if (StorefrontOrigins.Normalize(origin) is not { } o)
            {
                return Result<IReadOnlyList<string>>.Failure(Error.Validation("origins", $"'{origin}' is not an origin (scheme://host[:port], http or https, no path)."));
            }

            normalized.Add(o);
        }

        return Result<IReadOnlyList<string>>.Success(normalized.Distinct(StringComparer.Ordinal).ToList());
    }
}
