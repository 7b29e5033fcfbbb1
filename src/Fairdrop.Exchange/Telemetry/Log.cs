using Microsoft.Extensions.Logging;

namespace Fairdrop.Exchange.Telemetry;

/// <summary>The exchange's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = ExchangeEventIds.DistributionMatched, Level = LogLevel.Information, Message = "Distribution {DistributionId} matched: {Count} recipients")]
    public static partial void DistributionMatched(ILogger logger, Guid distributionId, long count);

    [LoggerMessage(EventId = ExchangeEventIds.SeriesPassFailed, Level = LogLevel.Error, Message = "A series worker pass failed (timeouts, webhooks); retrying after the poll interval")]
    public static partial void SeriesPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = ExchangeEventIds.ConversationCopyFailed, Level = LogLevel.Error, Message = "Conversation recorder {Recorder} failed on delivery {DeliveryId}; the delivery stays sent")]
    public static partial void ConversationCopyFailed(ILogger logger, string recorder, Guid deliveryId, Exception exception);

    [LoggerMessage(EventId = ExchangeEventIds.SendFailed, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} on {Channel} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, Guid deliveryId, string channel, string error);

    [LoggerMessage(EventId = ExchangeEventIds.WorkerFailed, Level = LogLevel.Error, Message = "Exchange worker {Worker} failed; retrying after the poll interval")]
    public static partial void WorkerFailed(ILogger logger, string worker, Exception exception);

    [LoggerMessage(EventId = ExchangeEventIds.EphemeralUnsubscribeSecret, Level = LogLevel.Warning, Message = "No unsubscribe secret is configured; unsubscribe links will stop working when this process restarts")]
    public static partial void EphemeralUnsubscribeSecret(ILogger logger);

    [LoggerMessage(EventId = ExchangeEventIds.DeliveryHeld, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} on {Channel} was handed to its channel before a crash and its outcome never recorded; held for the operator")]
    public static partial void DeliveryHeld(ILogger logger, Guid deliveryId, string channel);

    [LoggerMessage(EventId = ExchangeEventIds.DeliveryResent, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} on {Channel} was handed to its channel before a crash and its outcome never recorded; sending it again with the same identity")]
    public static partial void DeliveryResent(ILogger logger, Guid deliveryId, string channel);

    [LoggerMessage(EventId = ExchangeEventIds.JournalRecovered, Level = LogLevel.Warning, Message = "Read the send journal page {Page} of a process that died: {Sent} deliveries recorded as sent, {Unknown} with no outcome now uncertain")]
    public static partial void JournalRecovered(ILogger logger, string page, int sent, int unknown);
}
