using System.Text.Json;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Distributions;

/// <summary>Content, audience, data and the delivery mode (when the distribution sets one) are stored together as one JSON document.</summary>
internal sealed record StoredDistribution(DistributionContent Content, Audience Audience, JsonElement Data, DeliveryMode? Delivery = null);
