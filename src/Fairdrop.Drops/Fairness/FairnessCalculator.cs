using Fairdrop.Drops.Model;

namespace Fairdrop.Drops.Fairness;

/// <summary>Computes a drop's <see cref="FairnessReport"/>; oversold counts actual purchases, not the counter.</summary>
internal static class FairnessCalculator
{
    public static FairnessReport Compute(Drop drop, IReadOnlyList<DropEntry> entries, IReadOnlyList<Purchase> purchases)
    {
        var preQueueHumans = entries.Where(e => e.ArrivedAt < drop.OpensAt && !e.Bot && e.Place is not null).ToList();
        // Arrival by time (then number: on PostgreSQL numbers come from sharded counters and interleave within a moment).
        var tau = KendallTau.Compute(preQueueHumans.OrderBy(e => e.ArrivedAt).ThenBy(e => e.ArrivalSeq).Select((e, arrival) => ((long)arrival, e.Place!.Value)).ToList());
        var sold = purchases.Sum(p => p.Quantity);
        var byEntry = entries.ToDictionary(e => e.Id);
        var priorityUnits = purchases.Where(p => byEntry[p.EntryId].Priority).Sum(p => p.Quantity);
        var humanWaits = Waits(drop, entries.Where(e => !e.Bot));
        var botWaits = Waits(drop, entries.Where(e => e.Bot));
        return new FairnessReport(
            drop.Id,
            entries.Count,
            entries.Count(e => e.ArrivedAt < drop.OpensAt),
            Math.Round(tau, 4),
            drop.Units,
            sold,
            Math.Max(0, sold - drop.Units),
            priorityUnits,
            drop.Units == 0 ? 0 : Math.Round((double)priorityUnits / drop.Units, 4),
            drop.PriorityCap,
            entries.Count(e => e.Bot),
            entries.Count(e => !e.Verified),
            entries.Count(e => e.Bot && e.Place is not null && e.ReadyAt is null),
            purchases.Count(p => byEntry[p.EntryId].Bot),
            Summarise(humanWaits),
            Summarise(botWaits),
            WaitChart.Render(humanWaits, botWaits));
    }

    private static List<double> Waits(Drop drop, IEnumerable<DropEntry> entries) =>
        entries.Where(e => e.ReadyAt is not null)
            .Select(e => Math.Max(0, (e.ReadyAt!.Value - (e.ArrivedAt > drop.OpensAt ? e.ArrivedAt : drop.OpensAt)).TotalSeconds))
            .Order()
            .ToList();

    private static WaitSummary Summarise(List<double> sorted) =>
        sorted.Count == 0
            ? new WaitSummary(0, 0, 0, 0, 0)
            : new WaitSummary(sorted.Count, Percentile(sorted, 0.5), Percentile(sorted, 0.9), Percentile(sorted, 0.99), sorted[^1]);

    private static double Percentile(List<double> sorted, double q) => Math.Round(sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))], 3);
}
