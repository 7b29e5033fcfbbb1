using System.Globalization;
using Fairdrop.Batch.Model;
using Fairdrop.Batch.Steps;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// One partition of a wave: the subscriptions after <see cref="From"/> (null: after the round's checkpoint was null,
/// from the start) up to and including <see cref="To"/>, starting <see cref="Offset"/> alerts into the wave.
/// </summary>
internal sealed record WaveRange(RoundCursor? From, RoundCursor To, long Offset)
{
    private const char Separator = ';';
    private const char Part = '>';

    public static string Encode(IEnumerable<WaveRange> ranges) =>
        string.Join(Separator, ranges.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.From}{Part}{r.To}{Part}{r.Offset}")));

    /// <summary>The partitions of a wave job, one per range, keyed by position.</summary>
    public static IReadOnlyList<PartitionSpec> Split(JobParameters parameters) =>
        (parameters[WaveJob.RangesParameter] ?? string.Empty).Split(Separator, StringSplitOptions.RemoveEmptyEntries)
            .Select((range, i) =>
            {
                var parts = range.Split(Part);
                var spec = JobParameters.Empty.With("to", parts[1]).With("offset", parts[2]);
                return new PartitionSpec(string.Create(CultureInfo.InvariantCulture, $"p{i:D3}"), parts[0].Length == 0 ? spec : spec.With("from", parts[0]));
            })
            .ToList();

    public static WaveRange Of(PartitionSpec partition) => new(
        RoundCursor.Parse(partition.Parameters["from"]),
        RoundCursor.Parse(partition.Parameters["to"])!.Value,
        long.Parse(partition.Parameters["offset"]!, CultureInfo.InvariantCulture));
}
