namespace Fairdrop.Drops.Placement;

/// <summary>
/// Places the pre-queue at opening. Order: priority entries in shuffled order, up to the slots the
/// priority cap allows; then every other human of the pre-queue in shuffled order (arrival time plays
/// no part); then suspected bots, shuffled among themselves. The same code verifies a drop afterwards.
/// </summary>
internal static class PlacementPlanner
{
    public static IReadOnlyList<(Guid EntryId, long Place)> Place(IEnumerable<PlacementInput> entries, ReadOnlySpan<byte> key, int prioritySlots)
    {
        var ranked = new List<(PlacementInput Entry, ulong Rank)>();
        foreach (var entry in entries)
        {
            if (entry.PreQueue)
            {
                ranked.Add((entry, VerifiableShuffle.Rank(key, entry.EntryId)));
            }
        }

        ranked.Sort((a, b) => Compare(a.Rank, a.Entry.EntryId, b.Rank, b.Entry.EntryId));
        var order = new List<Guid>(ranked.Count);
        var promoted = new HashSet<Guid>();
        foreach (var (entry, _) in ranked)
        {
            if (entry.Priority && !entry.Bot && promoted.Count < prioritySlots)
            {
                promoted.Add(entry.EntryId);
                order.Add(entry.EntryId);
            }
        }

        order.AddRange(ranked.Where(r => !r.Entry.Bot && !promoted.Contains(r.Entry.EntryId)).Select(r => r.Entry.EntryId));
        order.AddRange(ranked.Where(r => r.Entry.Bot).Select(r => r.Entry.EntryId));
        return order.Select((id, index) => (id, (long)index + 1)).ToList();
    }

    /// <summary>Orders late arrivals of a rolling drop: window by window, shuffled within each window by the same seed (drops of version 1).</summary>
    public static IReadOnlyList<Guid> OrderLate(IEnumerable<(Guid EntryId, long Window)> entries, ReadOnlySpan<byte> seed)
    {
        var ranked = new List<(Guid EntryId, long Window, ulong Rank)>();
        foreach (var (entryId, window) in entries)
        {
            ranked.Add((entryId, window, VerifiableShuffle.Rank(seed, entryId)));
        }

        ranked.Sort((a, b) => a.Window != b.Window ? a.Window.CompareTo(b.Window) : Compare(a.Rank, a.EntryId, b.Rank, b.EntryId));
        return ranked.Select(r => r.EntryId).ToList();
    }

    /// <summary>Shuffles one sealed scope (a rolling window) by its key: ascending rank, ties by the id's text.</summary>
    public static IReadOnlyList<Guid> Shuffle(IEnumerable<Guid> entryIds, ReadOnlySpan<byte> key)
    {
        var ranked = new List<(Guid EntryId, ulong Rank)>();
        foreach (var entryId in entryIds)
        {
            ranked.Add((entryId, VerifiableShuffle.Rank(key, entryId)));
        }

        ranked.Sort((a, b) => Compare(a.Rank, a.EntryId, b.Rank, b.EntryId));
        return ranked.Select(r => r.EntryId).ToList();
    }

    // Ties of 64-bit ranks are all but impossible; the spec breaks them by the id's lower-case text, which any language sorts alike.
    private static int Compare(ulong rankA, Guid idA, ulong rankB, Guid idB) =>
        rankA != rankB ? rankA.CompareTo(rankB) : string.CompareOrdinal(idA.ToString("N"), idB.ToString("N"));

    /// <summary>
    /// When an entry's turn comes: one admission per interval in place order; suspected bots wait
    /// the multiplier longer, or forever under the endless policy.
    /// </summary>
    public static DateTimeOffset? ReadyAt(DateTimeOffset opensAt, long place, long admitIntervalMs, bool bot, string botPolicy, double botMultiplier)
    {
        var delay = (place - 1) * admitIntervalMs;
        if (!bot)
        {
            return opensAt.AddMilliseconds(delay);
        }

        return botPolicy == Model.Drop.BotPolicyEndless ? null : opensAt.AddMilliseconds(delay * botMultiplier);
    }
}
