using System.Text.Json;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Storage;

/// <summary>Priors as stored in <c>learner_priors.priors</c>: the population's table and each segment's.</summary>
internal static class PriorsJson
{
    public static string Write(Priors priors) => JsonSerializer.Serialize(new Document(
        Table.From(priors.Population), priors.Segments.ToDictionary(s => s.Key, s => Table.From(s.Value), StringComparer.Ordinal)));

    public static Priors Read(string json)
    {
        var document = JsonSerializer.Deserialize<Document>(json) ?? throw new JsonException("Stored priors are null.");
        return new Priors(document.Population.ToTable(), document.Segments.ToDictionary(s => s.Key, s => s.Value.ToTable(), StringComparer.Ordinal));
    }

    private sealed record Document(Table Population, Dictionary<string, Table> Segments);

    private sealed record Table(double[] Arms, double[] Channels, double[] Dayparts, double Strength)
    {
        public static Table From(PriorTable t) => new(t.Arms, t.Channels, t.Dayparts, t.Strength);

        public PriorTable ToTable() => new(Arms, Channels, Dayparts, Strength);
    }
}
