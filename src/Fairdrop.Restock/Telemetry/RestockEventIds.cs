namespace Fairdrop.Restock.Telemetry;

/// <summary>Restock's log event ids, 5000–5099 (docs/telemetry.md lists every module's range); an id means one thing only.</summary>
internal static class RestockEventIds
{
    public const int RoundsAdvanced = 5001;
    public const int ShopifySignatureRejected = 5002;
    public const int ShopifyOrderRecorded = 5003;
    public const int StorefrontCallerRefused = 5004;
}
