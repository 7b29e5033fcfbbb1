namespace Fairdrop.Core.Telemetry;

/// <summary>Names of the meters and activity sources every module publishes under.</summary>
public static class FairdropTelemetry
{
    /// <summary>Prefix that the host subscribes to with a wildcard, so new modules are exported without wiring.</summary>
    public const string Prefix = "Fairdrop";

    public const string CoreMeter = "Fairdrop.Core";
}
