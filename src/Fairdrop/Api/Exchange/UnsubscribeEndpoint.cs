using Fairdrop.Exchange.Recipients;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Fairdrop.Api.Exchange;

/// <summary>
/// RFC 8058 one-click unsubscribe: mail clients POST <c>List-Unsubscribe=One-Click</c> to the link in the header,
/// with no credentials; the signed token names the recipient, whose email consent is withdrawn.
/// </summary>
internal static class UnsubscribeEndpoint
{
    public static RouteGroupBuilder MapUnsubscribeEndpoint(this RouteGroupBuilder exchange)
    {
        exchange.MapPost("/unsubscribe/{token}", UnsubscribeAsync).AllowAnonymous().DisableAntiforgery().WithTags("Exchange")
            .WithName("Unsubscribe").WithSummary("One-click unsubscribe from email (RFC 8058).");
        return exchange;
    }

    private static async Task<Results<Ok<string>, ProblemHttpResult>> UnsubscribeAsync(
        string token, RecipientService recipients, CancellationToken cancellationToken) =>
        (await recipients.UnsubscribeAsync(token, cancellationToken)).ToOk(_ => "unsubscribed");
}
