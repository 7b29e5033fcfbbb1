using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>
/// Checks that an SMS webhook comes from the provider (<c>X-Twilio-Signature</c>, over the public URL and the POST
/// parameters), in two steps so a request without a usable signature is refused before its body is read. Every
/// refusal is logged and is the same <see cref="ErrorCodes.InvalidSignature"/> error as any other webhook's.
/// </summary>
public sealed class SmsWebhookSignatures
{
    private readonly IOptions<SmsOptions> _sms;
    private readonly IOptions<ExchangeOptions> _exchange;
    private readonly ILogger<SmsWebhookSignatures> _logger;

    internal SmsWebhookSignatures(IOptions<SmsOptions> sms, IOptions<ExchangeOptions> exchange, ILogger<SmsWebhookSignatures> logger)
    {
        _sms = sms;
        _exchange = exchange;
        _logger = logger;
    }

    /// <summary>Null when <paramref name="signature"/> could be a valid one (an auth token is set and the header is well formed).</summary>
    public Error? CheckHeader(string? signature, string webhook, string? remote) =>
        TwilioSignature.CanBeValid(_sms.Value.AuthToken, signature) ? null : Rejected(webhook, remote);

    /// <summary>Null when <paramref name="signature"/> signs this request: the public base URL plus <paramref name="pathAndQuery"/>, and the form.</summary>
    public Error? CheckSignature(string pathAndQuery, IReadOnlyDictionary<string, string> form, string? signature, string webhook, string? remote)
    {
        var url = _exchange.Value.PublicBaseUrl.TrimEnd('/') + pathAndQuery;
        return TwilioSignature.IsValid(_sms.Value.AuthToken, url, form, signature) ? null : Rejected(webhook, remote);
    }

    private Error Rejected(string webhook, string? remote)
    {
        Log.WebhookSignatureRejected(_logger, webhook, remote);
        return new Error(ErrorCodes.InvalidSignature, $"The request is not signed with a valid {TwilioSignature.Header}.");
    }
}
