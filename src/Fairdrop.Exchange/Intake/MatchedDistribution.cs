using System.Text.Json;
using Fairdrop.Exchange.Distributions;

namespace Fairdrop.Exchange.Intake;

/// <summary>A distribution whose recipients its source has chosen itself (a restock wave), opened once per idempotency key.</summary>
public sealed record MatchedDistribution(
    Guid MerchantId, Guid SenderId, string Source, string? Topic, string IdempotencyKey, DistributionContent Content, JsonElement Data);
