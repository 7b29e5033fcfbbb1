using System.Text.Json;
using System.Text.Json.Serialization;
using Fairdrop.Gate.Decisions;

namespace Fairdrop.Gate.Recommendations.Labels;

/// <summary>
/// Labels as JSON lines: <c>{"shopper":"c-1","class":"bot","purchases":0,"evidence":"marked fraud"}</c>. A line may give
/// the evidence fields instead of a class (<c>{"shopper":"c-2","purchases":1}</c>) and is classified by
/// <see cref="LabelEvidence.Classify"/>. A line that is neither is skipped and counted.
/// </summary>
public static class LabelFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public static async Task<(IReadOnlyList<ShopperLabel> Labels, int Skipped)> ReadAsync(string path, CancellationToken cancellationToken) =>
        await JsonLines.ReadSkippingAsync(path, Parse, cancellationToken);

    public static async Task WriteAsync(string path, IEnumerable<ShopperLabel> labels, CancellationToken cancellationToken)
    {
        await using var writer = File.CreateText(path);
        foreach (var label in labels)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(label, Json).AsMemory(), cancellationToken);
        }
    }

    private static ShopperLabel? Parse(string line)
    {
        if (JsonSerializer.Deserialize<LabelLine>(line, Json) is not { Shopper.Length: > 0 } entry)
        {
            return null;
        }

        var evidence = new LabelEvidence(entry.Purchases)
        {
            ChallengesPassed = entry.ChallengesPassed,
            ChallengesFailed = entry.ChallengesFailed,
            MarkedFraud = entry.MarkedFraud,
            DropBotFlag = entry.DropBotFlag,
            ShadowHits = entry.ShadowHits,
        };
        return entry.Class is { } known ? new ShopperLabel(entry.Shopper, known, entry.Purchases, entry.Evidence ?? "labelled") : ShopperLabel.From(entry.Shopper, evidence);
    }

    private sealed record LabelLine(string? Shopper, ShopperClass? Class, int Purchases, int ChallengesPassed, int ChallengesFailed, bool MarkedFraud, bool DropBotFlag, int ShadowHits, string? Evidence);
}
