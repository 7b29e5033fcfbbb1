namespace Fairdrop.Gate.Engine;

/// <summary>The gate's log event ids, 7000–7099 (docs/telemetry.md lists every module's range); an id means one thing only.</summary>
internal static class GateEventIds
{
    public const int RulesApplied = 7001;
    public const int RulesRejected = 7002;
    public const int RulesUnreadable = 7003;
    public const int Enforced = 7004;
    public const int DecisionsDropped = 7005;
    public const int DecisionWriteFailed = 7006;
    public const int HoldLimitReached = 7007;
}
