using System.Text.Json;

namespace Fairdrop.Exchange.Distributions;

/// <summary>Content, audience and data are stored together as one JSON document.</summary>
internal sealed record StoredDistribution(DistributionContent Content, Audience Audience, JsonElement Data);
