namespace Fairdrop.Learner.Model;

/// <summary>A merchant's priors: its whole population, and segments (a recipient attribute) each shrunk toward it.</summary>
internal sealed class Priors(PriorTable population, IReadOnlyDictionary<string, PriorTable> segments)
{
    public static readonly Priors Flat = new(PriorTable.Flat(), new Dictionary<string, PriorTable>());

    public PriorTable Population { get; } = population;

    public IReadOnlyDictionary<string, PriorTable> Segments { get; } = segments;

    public PriorTable For(string? segment) =>
        segment is not null && Segments.TryGetValue(segment, out var table) ? table : Population;

    /// <summary>Fits the population, then each segment toward it (a small segment stays near the population).</summary>
    public static Priors Fit(IReadOnlyList<(string? Segment, RecipientState State)> recipients)
    {
        var population = PriorFitter.Fit(recipients.Select(r => r.State));
        var segments = recipients.Where(r => r.Segment is not null)
            .GroupBy(r => r.Segment!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => PriorFitter.Fit(g.Select(r => r.State), population), StringComparer.Ordinal);
        return new Priors(population, segments);
    }
}
