using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>
/// The open pixel and the click redirect that tracking puts in messages: unauthenticated, but each token is signed.
/// An altered token is a 400 <c>invalid_token</c>, never a redirect.
/// </summary>
internal static class TrackingEndpoints
{
    // The smallest transparent GIF (1×1, 43 bytes).
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    public static RouteGroupBuilder MapTrackingEndpoints(this RouteGroupBuilder exchange)
    {
        exchange.MapGet("/o/{token}", OpenAsync).AllowAnonymous().WithTags("Exchange").WithName("TrackOpen")
            .WithSummary("Email open pixel: records opened, answers a 1×1 GIF.");
        exchange.MapGet("/r/{token}", ClickAsync).AllowAnonymous().WithTags("Exchange").WithName("TrackClick")
            .WithSummary("Tracked link: records clicked, then 302 to the signed destination.");
        return exchange;
    }

    private static async Task<IResult> OpenAsync(string token, HttpContext context, EngagementService engagement, CancellationToken cancellationToken)
    {
        if (!await engagement.RecordOpenAsync(token, context.Request.Headers.UserAgent, cancellationToken))
        {
            return Rejected();
        }

        context.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate, private";
        return TypedResults.File(Pixel, "image/gif");
    }

    private static async Task<IResult> ClickAsync(string token, HttpContext context, EngagementService engagement, CancellationToken cancellationToken) =>
        await engagement.FollowClickAsync(token, context.Request.Headers.UserAgent, cancellationToken) is { } url ? TypedResults.Redirect(url) : Rejected();

    private static ProblemHttpResult Rejected() =>
        Problems.From(new Error(ErrorCodes.InvalidToken, "The tracking token is altered or not issued here."));
}
