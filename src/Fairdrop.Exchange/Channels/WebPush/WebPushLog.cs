using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Exchange.Channels.WebPush;

/// <summary>The web push channel's log messages. Endpoints are capability URLs: only subscription ids are logged.</summary>
internal static partial class WebPushLog
{
    [LoggerMessage(EventId = ExchangeEventIds.WebPushSubscriptionGone, Level = LogLevel.Information, Message = "Push service answered {Status} for subscription {SubscriptionId} (delivery {DeliveryId}); subscription removed")]
    public static partial void SubscriptionGone(ILogger logger, Guid subscriptionId, Guid deliveryId, int status);

    [LoggerMessage(EventId = ExchangeEventIds.WebPushRejected, Level = LogLevel.Warning, Message = "Push service answered {Status} for subscription {SubscriptionId} (delivery {DeliveryId}): {Reason}")]
    public static partial void Rejected(ILogger logger, Guid subscriptionId, Guid deliveryId, int status, string reason);
}
