using System.Text.Json;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Distributions;

/// <summary>
/// One message to an audience, from a source (api, restock, series, campaign), under a sender's rules; Delivery, when
/// set, overrides the sender's delivery mode for this distribution (null: the sender's).
/// </summary>
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
    DateTimeOffset? MatchedAt,
    DeliveryMode? Delivery = null)
{
    public const string Matching = "matching";
    public const string Matched = "matched";
}
