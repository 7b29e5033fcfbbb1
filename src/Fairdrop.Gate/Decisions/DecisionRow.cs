namespace Fairdrop.Gate.Decisions;

/// <summary>A row of <c>gate_decisions</c> as Dapper reads it.</summary>
internal sealed class DecisionRow
{
    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public long At { get; set; }

    public string Decision { get; set; } = string.Empty;

    public string? Rule { get; set; }

    public string MatchedRules { get; set; } = string.Empty;

    public string ShadowRules { get; set; } = string.Empty;

    public string RuleVersion { get; set; } = string.Empty;

    public string Method { get; set; } = string.Empty;

    public string Path { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string? Ip { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public string SessionId { get; set; } = string.Empty;

    public string DeviceId { get; set; } = string.Empty;

    public string UserAgent { get; set; } = string.Empty;

    public string ProductId { get; set; } = string.Empty;

    public string? Headers { get; set; }

    public DecisionRecord ToRecord() => new(Id, MerchantId, DateTimeOffset.FromUnixTimeMilliseconds(At), Decision, Rule, MatchedRules, ShadowRules,
        RuleVersion, Method, Path, Action, Ip, CustomerId, SessionId, DeviceId, UserAgent, ProductId)
    {
        Headers = Headers,
    };
}
