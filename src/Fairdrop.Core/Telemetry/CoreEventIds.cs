namespace Fairdrop.Core.Telemetry;

/// <summary>Core's log event ids, 1000–1099 (docs/telemetry.md lists every module's range); an id means one thing only.</summary>
internal static class CoreEventIds
{
    public const int MigrationApplied = 1001;

    /// <summary>Was 1101, inside the host's range, until event ids got one table per module.</summary>
    public const int OutboundRefused = 1002;
}
