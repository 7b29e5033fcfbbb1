using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Exchange.Channels.Sms;

/// <summary>
/// The provider's status callbacks (MessageSid, MessageStatus, ErrorCode) for a delivery: <c>delivered</c> records
/// delivered; <c>undelivered</c> and <c>failed</c> record bounced with the error code. Intermediate states
/// (queued, sending, sent) record nothing. Repeats record once.
/// </summary>
internal sealed class SmsStatusCallbacks(EngagementStore store, EngagementRecorder recorder, SmsSendStore sends, ILogger<SmsStatusCallbacks> logger)
{
    /// <summary>False when the delivery is unknown or the message id is not the one sent for it.</summary>
    public async Task<bool> HandleAsync(Guid deliveryId, string? messageSid, string? status, string? errorCode, CancellationToken cancellationToken)
    {
        var delivery = await store.DeliveryAsync(deliveryId, cancellationToken);
        var send = await sends.GetAsync(deliveryId, cancellationToken);
        if (delivery is null || (send?.Sid is { } sid && !string.Equals(sid, messageSid, StringComparison.Ordinal)))
        {
            return false;
        }

        Log.SmsStatus(logger, deliveryId, status ?? "?", errorCode);
        var kind = status switch
        {
            "delivered" => EngagementKinds.Delivered,
            "undelivered" or "failed" => EngagementKinds.Bounced,
            _ => null,
        };
        if (kind is not null)
        {
            var detail = kind == EngagementKinds.Bounced ? $"error {errorCode ?? "unknown"}" : null;
            await recorder.RecordAsync(delivery, kind, Devices.Phone, detail, $"{kind}:{deliveryId:N}", cancellationToken);
        }

        return true;
    }
}
