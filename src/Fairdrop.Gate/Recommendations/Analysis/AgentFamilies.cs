namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>Which non-browser families a user agent belongs to, as a bit mask; user agents repeat, so answers are kept (up to a bound).</summary>
internal sealed class AgentFamilies
{
    private const int MaxRemembered = 10_000;
    private readonly Dictionary<string, long> _known = new(StringComparer.Ordinal);

    public long Of(string userAgent)
    {
        if (_known.TryGetValue(userAgent, out var mask))
        {
            return mask;
        }

        var families = FeatureCatalog.AgentFamilies;
        for (var i = 0; i < families.Length; i++)
        {
            mask |= userAgent.Contains(families[i].Pattern, StringComparison.OrdinalIgnoreCase) ? 1L << i : 0;
        }

        if (_known.Count < MaxRemembered)
        {
            _known[userAgent] = mask;
        }

        return mask;
    }
}
