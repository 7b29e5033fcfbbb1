namespace Fairdrop.Gate.Decisions;

/// <summary>One recorded decision: what was asked, who asked, what the gate did and which rules said so.</summary>
public sealed record DecisionRecord(
    Guid Id,
    Guid MerchantId,
    DateTimeOffset At,
    string Decision,
    string? Rule,
    string MatchedRules,
    string ShadowRules,
    string RuleVersion,
    string Method,
    string Path,
    string Action,
    string? Ip,
    string CustomerId,
    string SessionId,
    string DeviceId,
    string UserAgent,
    string ProductId)
{
    /// <summary>The browser headers the request carried (<see cref="RecordedHeaders"/>), or null when not recorded.</summary>
    public string? Headers { get; init; }
}
