namespace Fairdrop.Profiles;

/// <summary>The profiles module's log event ids, 8000–8099 (docs/telemetry.md lists every module's range); an id means one thing only.</summary>
internal static class ProfilesEventIds
{
    public const int RotationStep = 8001;
    public const int RotationStepFailed = 8002;
    public const int RotationStopped = 8003;
    public const int WorkerFailed = 8004;
}
