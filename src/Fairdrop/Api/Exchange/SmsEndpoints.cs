using System.Security;
using Fairdrop.Core.Errors;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Exchange.Telemetry;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Api.Exchange;

/// <summary>
/// The SMS provider's webhooks, unauthenticated but signed (<c>X-Twilio-Signature</c>): inbound messages per
/// merchant, and status callbacks per delivery. Unsigned or mis-signed requests get 403 and are never processed.
/// </summary>
internal static class SmsEndpoints
{
    public static RouteGroupBuilder MapSmsEndpoints(this RouteGroupBuilder exchange)
    {
        var group = exchange.MapGroup("/sms").AllowAnonymous().DisableAntiforgery().WithTags("Exchange");
        group.MapPost("/{merchantId:guid}/inbound", InboundAsync).WithName("SmsInbound")
            .WithSummary("Twilio inbound-message webhook (signed): STOP/START/HELP keywords, replies routed to the recipient; answers TwiML.");
        group.MapPost("/status/{deliveryId:guid}", StatusAsync).WithName("SmsStatus")
            .WithSummary("Twilio status callback (signed) for one delivery: delivered, or bounced on undelivered/failed.");
        return exchange;
    }

    private static async Task<IResult> InboundAsync(
        Guid merchantId, HttpRequest request, InboundRouter router, IOptions<SmsOptions> sms, IOptions<ExchangeOptions> exchange, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var form = await VerifiedFormAsync(request, sms.Value, exchange.Value, loggers, "inbound SMS", cancellationToken);
        if (form is null)
        {
            return Forbidden();
        }

        if (!form.TryGetValue("MessageSid", out var sid) || sid.Length == 0 || !form.TryGetValue("From", out var from))
        {
            return Problems.From(Error.Validation("MessageSid", "MessageSid and From are required."));
        }

        var routed = await router.RouteSmsAsync(merchantId, from, form.GetValueOrDefault("To"), form.GetValueOrDefault("Body") ?? string.Empty, sid, cancellationToken);
        if (!routed.IsSuccess)
        {
            return Problems.From(routed.Error!);
        }

        var reply = routed.Value!.Reply is { } text ? $"<Message>{SecurityElement.Escape(text)}</Message>" : string.Empty;
        return TypedResults.Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>{reply}</Response>", "text/xml");
    }

    private static async Task<IResult> StatusAsync(
        Guid deliveryId, HttpRequest request, SmsStatusCallbacks callbacks, IOptions<SmsOptions> sms, IOptions<ExchangeOptions> exchange, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var form = await VerifiedFormAsync(request, sms.Value, exchange.Value, loggers, "SMS status", cancellationToken);
        if (form is null)
        {
            return Forbidden();
        }

        var known = await callbacks.HandleAsync(deliveryId, form.GetValueOrDefault("MessageSid"), form.GetValueOrDefault("MessageStatus"), form.GetValueOrDefault("ErrorCode"), cancellationToken);
        return known ? TypedResults.NoContent() : Problems.NotFound("The delivery");
    }

    /// <summary>
    /// The POST parameters when the signature over this service's public URL (as the provider called it) and the
    /// sorted parameters is valid; null otherwise, logged.
    /// </summary>
    private static async Task<Dictionary<string, string>?> VerifiedFormAsync(
        HttpRequest request, SmsOptions sms, ExchangeOptions exchange, ILoggerFactory loggers, string webhook, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            foreach (var (name, values) in await request.ReadFormAsync(cancellationToken))
            {
                form[name] = values.ToString();
            }
        }

        var url = exchange.PublicBaseUrl.TrimEnd('/') + request.Path + request.QueryString;
        if (TwilioSignature.IsValid(sms.AuthToken, url, form, request.Headers[TwilioSignature.Header].ToString()))
        {
            return form;
        }

        Log.WebhookSignatureRejected(loggers.CreateLogger("Fairdrop.Api.Exchange.Sms"), webhook, request.HttpContext.Connection.RemoteIpAddress?.ToString());
        return null;
    }

    private static ProblemHttpResult Forbidden() =>
        Problems.From(new Error(ErrorCodes.InvalidSignature, $"The request is not signed with a valid {TwilioSignature.Header}."));
}
