using Microsoft.Extensions.Logging;

namespace Fairdrop.Restock.Telemetry;

/// <summary>Restock's log messages. Contacts are never logged; shoppers appear as subscription ids only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = RestockEventIds.RoundsAdvanced, Level = LogLevel.Information,
        Message = "Restock rounds advanced: {Opened} opened or resumed, {Waves} waves, {Alerts} alerts, {Paused} paused, {Completed} completed")]
    public static partial void RoundsAdvanced(ILogger logger, int opened, int waves, long alerts, int paused, int completed);

    [LoggerMessage(EventId = RestockEventIds.ShopifySignatureRejected, Level = LogLevel.Warning,
        Message = "Shopify {Topic} webhook for merchant {MerchantId} refused: no secret set, or the signature does not match the body")]
    public static partial void ShopifySignatureRejected(ILogger logger, string topic, Guid merchantId);

    [LoggerMessage(EventId = RestockEventIds.ShopifyOrderRecorded, Level = LogLevel.Debug,
        Message = "Shopify order {OrderId} for merchant {MerchantId}: {Recorded} purchases recorded, {Skipped} lines skipped")]
    public static partial void ShopifyOrderRecorded(ILogger logger, string orderId, Guid merchantId, int recorded, int skipped);

    [LoggerMessage(EventId = RestockEventIds.StorefrontCallerRefused, Level = LogLevel.Debug,
        Message = "Storefront subscribe refused ({Code})")]
    public static partial void StorefrontCallerRefused(ILogger logger, string code);
}
