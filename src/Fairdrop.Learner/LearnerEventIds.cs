namespace Fairdrop.Learner;

/// <summary>The learner's log event ids, 8200–8299 (docs/telemetry.md lists every module's range); an id means one thing only.</summary>
internal static class LearnerEventIds
{
    public const int Updated = 8201;
    public const int Refitted = 8202;
    public const int WorkerFailed = 8203;
}
