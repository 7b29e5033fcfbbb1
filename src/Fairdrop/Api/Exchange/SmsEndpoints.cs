using System.Security;
using Fairdrop.Core.Errors;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
    private const string LogCategory = "Fairdrop.Api.Exchange.Sms";

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
        var (form, refusal) = await TwilioWebhookForm.ReadVerifiedAsync(request, sms.Value, exchange.Value, loggers.CreateLogger(LogCategory), "inbound SMS", cancellationToken);
        if (form is null)
        {
            return refusal!;
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
        var (form, refusal) = await TwilioWebhookForm.ReadVerifiedAsync(request, sms.Value, exchange.Value, loggers.CreateLogger(LogCategory), "SMS status", cancellationToken);
        if (form is null)
        {
            return refusal!;
        }

        var known = await callbacks.HandleAsync(deliveryId, form.GetValueOrDefault("MessageSid"), form.GetValueOrDefault("MessageStatus"), form.GetValueOrDefault("ErrorCode"), cancellationToken);
        return known ? TypedResults.NoContent() : Problems.NotFound("The delivery");
    }
}
