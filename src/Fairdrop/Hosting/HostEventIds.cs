namespace Fairdrop.Hosting;

/// <summary>The <c>fairdrop</c> host's log event ids, 1100–1199 (docs/telemetry.md lists every module's range); an id means one thing only.</summary>
internal static class HostEventIds
{
    public const int UnhandledException = 1100;
    public const int EmailToPickupFolder = 1101;
}
