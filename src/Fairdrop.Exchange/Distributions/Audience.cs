using System.Text.Json;

namespace Fairdrop.Exchange.Distributions;

/// <summary>
/// Who a distribution is for: the merchant's external ids, or recipients whose attributes equal every value of
/// <see cref="Filter"/>, or (neither given) every recipient of the merchant.
/// </summary>
public sealed record Audience(IReadOnlyList<string>? ExternalIds = null, IReadOnlyDictionary<string, JsonElement>? Filter = null)
{
    public bool Includes(string externalId, JsonElement attributes)
    {
        if (ExternalIds is not null && !ExternalIds.Contains(externalId, StringComparer.Ordinal))
        {
            return false;
        }

        if (Filter is null)
        {
            return true;
        }

        if (attributes.ValueKind != JsonValueKind.Object)
        {
            return Filter.Count == 0;
        }

        foreach (var (name, expected) in Filter)
        {
            if (!attributes.TryGetProperty(name, out var actual) || !JsonElement.DeepEquals(actual, expected))
            {
                return false;
            }
        }

        return true;
    }
}
