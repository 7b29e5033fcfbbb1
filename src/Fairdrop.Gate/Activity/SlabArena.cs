namespace Fairdrop.Gate.Activity;

/// <summary>
/// Where every shard's slab chunks come from: one native region, sized once for the store's bound and
/// in 2 MiB pages where Linux allows (it is part of the store's <see cref="SlotMemory"/>), so an entry's
/// address is the region's start plus its offset: reaching an identity's ring costs neither a lookup of
/// its chunk nor, usually, a page walk. Chunks are handed out front to back and never returned (shards
/// reuse their blocks). Thread-safe; called once per new chunk.
/// </summary>
internal sealed unsafe class SlabArena(ulong* start, long entries)
{
    private readonly Lock _lock = new();
    private long _used;

    /// <summary>The region's first entry; offsets count 8-byte entries from it.</summary>
    public ulong* Start { get; } = start;

    /// <summary>Entries in the region.</summary>
    public long Entries { get; } = entries;

    /// <summary>
    /// Bytes the region needs: each shard's chunks of first blocks for its share of the identities (first blocks
    /// are reused, so a shard never holds more than its identities), and the budget for larger blocks.
    /// Offsets are 32-bit entry counts, so the region holds at most 16 GiB.
    /// </summary>
    public static long BytesFor(int identitiesPerShard, int shards, long budget)
    {
        var perChunk = (1 << ActivitySlab.MinChunkShift) >> ActivitySlab.FirstClass;
        var firstChunks = (long)shards * ((identitiesPerShard + perChunk - 1) / perChunk);
        return (firstChunks * ActivitySlab.FirstChunkBytes) + budget;
    }

    /// <summary>The offset of a run of <paramref name="count"/> entries (a multiple of a chunk, so runs stay 8 KiB aligned), or -1 when the region is spent.</summary>
    public int Take(int count)
    {
        lock (_lock)
        {
            if (_used + count > Entries || _used + count > int.MaxValue)
            {
                return -1;
            }

            var offset = (int)_used;
            _used += count;
            return offset;
        }
    }
}
