namespace Fairdrop.Drops;

/// <summary>Drops' log event ids, 3100–3199 (docs/telemetry.md lists every module's range); an id means one thing only.</summary>
internal static class DropsEventIds
{
    public const int DropOpened = 3101;
    public const int OpeningFailed = 3102;
    public const int BeaconRoundInvalid = 3103;
    public const int BeaconUnreachable = 3104;
}
