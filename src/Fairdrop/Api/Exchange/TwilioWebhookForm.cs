using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Api.Exchange;

/// <summary>
/// Reads a Twilio webhook's POST parameters only as far as its signature needs, in an order that keeps these public
/// endpoints cheap and quiet: a missing or malformed signature is refused before the body is read; only form-encoded
/// bodies (all Twilio sends) are parsed; a body that does not parse is a 400; then the signature is checked.
/// </summary>
internal static class TwilioWebhookForm
{
    /// <summary>The parameters when the signature is valid, else the problem to answer (403, or 400 for a broken form).</summary>
    public static async Task<(Dictionary<string, string>? Form, IResult? Refusal)> ReadVerifiedAsync(
        HttpRequest request, SmsWebhookSignatures signatures, string webhook, CancellationToken cancellationToken)
    {
        var signature = request.Headers[TwilioSignature.Header].ToString();
        var remote = request.HttpContext.Connection.RemoteIpAddress?.ToString();
        if (signatures.CheckHeader(signature, webhook, remote) is { } unsigned)
        {
            return (null, Problems.From(unsigned));
        }

        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.ContentLength is not 0 && IsFormUrlEncoded(request.ContentType))
        {
            try
            {
                foreach (var (name, values) in await request.ReadFormAsync(cancellationToken))
                {
                    form[name] = values.ToString();
                }
            }
            catch (InvalidDataException)
            {
                // Over the form reader's limits (key count, key or value length) or not form encoding at all.
                return (null, Problems.From(new Error(ErrorCodes.BadRequest, "The body is not a form Twilio would send.")));
            }
        }

        return signatures.CheckSignature(request.Path + request.QueryString, form, signature, webhook, remote) is { } refused
            ? (null, Problems.From(refused))
            : (form, null);
    }

    private static bool IsFormUrlEncoded(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
