using Fairdrop.Core.Errors;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Telemetry;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

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
        HttpRequest request, SmsOptions sms, ExchangeOptions exchange, ILogger logger, string webhook, CancellationToken cancellationToken)
    {
        var signature = request.Headers[TwilioSignature.Header].ToString();
        if (!TwilioSignature.CanBeValid(sms.AuthToken, signature))
        {
            return (null, Rejected(request, logger, webhook));
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

        var url = exchange.PublicBaseUrl.TrimEnd('/') + request.Path + request.QueryString;
        return TwilioSignature.IsValid(sms.AuthToken, url, form, signature) ? (form, null) : (null, Rejected(request, logger, webhook));
    }

    private static bool IsFormUrlEncoded(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static IResult Rejected(HttpRequest request, ILogger logger, string webhook)
    {
        Log.WebhookSignatureRejected(logger, webhook, request.HttpContext.Connection.RemoteIpAddress?.ToString());
        return Problems.From(new Error(ErrorCodes.InvalidSignature, $"The request is not signed with a valid {TwilioSignature.Header}."));
    }
}
