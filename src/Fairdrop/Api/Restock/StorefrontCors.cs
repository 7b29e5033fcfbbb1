using Fairdrop.Restock.Waitlist;
using Microsoft.AspNetCore.Http;

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

    /// <summary>Answers a browser call (it carries <c>Origin</c>) with CORS headers once the restock module admitted its origin.</summary>
    public static void Admit(HttpContext http, string? origin, bool admitted)
    {
        if (string.IsNullOrEmpty(origin) || !admitted)
        {
            return;
        }

        http.Response.Headers.AccessControlAllowOrigin = origin;
        http.Response.Headers.Vary = "Origin";
    }
}
