using Microsoft.Extensions.Logging;

namespace Fairdrop.Exchange.Telemetry;

/// <summary>Log messages of SMS, engagement tracking and inbound routing (event ids 41xx).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = ExchangeEventIds.SmsAdopted, Level = LogLevel.Information, Message = "SMS delivery {DeliveryId}: the provider already held message {Sid} after an uncertain attempt; adopted it instead of resending")]
    public static partial void SmsAdopted(ILogger logger, Guid deliveryId, string sid);

    [LoggerMessage(EventId = ExchangeEventIds.WebhookSignatureRejected, Level = LogLevel.Warning, Message = "Rejected an unsigned or mis-signed {Webhook} webhook from {Remote}")]
    public static partial void WebhookSignatureRejected(ILogger logger, string webhook, string? remote);

    [LoggerMessage(EventId = ExchangeEventIds.TrackingTokenRejected, Level = LogLevel.Warning, Message = "Rejected a tracking token ({Link}): altered or not ours")]
    public static partial void TrackingTokenRejected(ILogger logger, string link);

    [LoggerMessage(EventId = ExchangeEventIds.InboundRejected, Level = LogLevel.Warning, Message = "Rejected an inbound {Channel} message: {Code}")]
    public static partial void InboundRejected(ILogger logger, string channel, string code);

    [LoggerMessage(EventId = ExchangeEventIds.InboundReplayed, Level = LogLevel.Information, Message = "Inbound SMS {MessageSid} was seen before; ignored")]
    public static partial void InboundReplayed(ILogger logger, string messageSid);

    [LoggerMessage(EventId = ExchangeEventIds.InboundUnknownSender, Level = LogLevel.Warning, Message = "Inbound message {MessageId} for merchant {MerchantId} comes from a number no recipient has; stored, attached to nothing")]
    public static partial void InboundUnknownSender(ILogger logger, Guid merchantId, Guid messageId);

    [LoggerMessage(EventId = ExchangeEventIds.InboundHandlerFailed, Level = LogLevel.Error, Message = "Inbound handler {Handler} failed on message {MessageId}")]
    public static partial void InboundHandlerFailed(ILogger logger, string handler, Guid messageId, Exception exception);

    [LoggerMessage(EventId = ExchangeEventIds.InboundPassFailed, Level = LogLevel.Error, Message = "Handling waiting inbound messages failed; retried after the poll interval")]
    public static partial void InboundPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = ExchangeEventIds.SmsStatus, Level = LogLevel.Information, Message = "SMS status callback for delivery {DeliveryId}: {Status} {ErrorCode}")]
    public static partial void SmsStatus(ILogger logger, Guid deliveryId, string status, string? errorCode);
}
