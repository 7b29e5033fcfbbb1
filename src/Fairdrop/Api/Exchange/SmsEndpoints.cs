using System.Security;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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
        Guid merchantId, HttpRequest request, InboundService inbound, SmsWebhookSignatures signatures, CancellationToken cancellationToken)
    {
        var (form, refusal) = await TwilioWebhookForm.ReadVerifiedAsync(request, signatures, "inbound SMS", cancellationToken);
        if (form is null)
        {
            return refusal!;
        }

        var routed = await inbound.ReceiveSmsAsync(
            merchantId, form.GetValueOrDefault("MessageSid"), form.GetValueOrDefault("From"), form.GetValueOrDefault("To"), form.GetValueOrDefault("Body"), cancellationToken);
        if (!routed.TryGetValue(out var result, out var error))
        {
            return Problems.From(error);
        }

        var reply = result.Reply is { } text ? $"<Message>{SecurityElement.Escape(text)}</Message>" : string.Empty;
        return TypedResults.Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>{reply}</Response>", "text/xml");
    }

    private static async Task<IResult> StatusAsync(
        Guid deliveryId, HttpRequest request, InboundService inbound, SmsWebhookSignatures signatures, CancellationToken cancellationToken)
    {
        var (form, refusal) = await TwilioWebhookForm.ReadVerifiedAsync(request, signatures, "SMS status", cancellationToken);
        if (form is null)
        {
            return refusal!;
        }

        var recorded = await inbound.RecordSmsStatusAsync(
            deliveryId, form.GetValueOrDefault("MessageSid"), form.GetValueOrDefault("MessageStatus"), form.GetValueOrDefault("ErrorCode"), cancellationToken);
        return recorded.ToNoContent();
    }
}
