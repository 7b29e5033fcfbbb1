using System.Text.Json;

namespace Fairdrop.Exchange.Distributions;

/// <summary>One message to an audience, from a source (api, restock, series, campaign), under a sender's rules.</summary>
public sealed record Distribution(
    Guid Id,
    Guid MerchantId,
    Guid SenderId,
    string Source,
    string? Topic,
    DistributionContent Content,
    Audience Audience,
    JsonElement Data,
    DateTimeOffset? Deadline,
    string IdempotencyKey,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? MatchedAt)
{
    public const string Matching = "matching";
    public const string Matched = "matched";
}
