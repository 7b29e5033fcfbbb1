namespace Fairdrop.Gate.Activity;

/// <summary>
/// Where every shard's slab chunks come from: one native region, sized once for the store's bound and
/// in 2 MiB pages where Linux allows (it is part of the store's <see cref="SlotMemory"/>), so an entry's
/// address is the region's start plus its offset: reaching an identity's ring costs neither a lookup of
/// its chunk nor, usually, a page walk. Chunks are handed out front to back and never returned (shards
/// reuse their blocks). Thread-safe; called once per new chunk.
/// The pages just past the front are committed ahead, off the request path (ADR 0011): on a VM the first
/// touch of a 2 MiB page took milliseconds, under a shard's lock, in whichever request crossed into it.
/// </summary>
internal sealed unsafe class SlabArena
{
    /// <summary>How far past the front pages are committed ahead: two huge pages.</summary>
    private const long AheadBytes = 2L * Libc.HugePageBytes;

    private readonly Lock _lock = new();
    private readonly SlotMemory _memory;
    private readonly long _regionOffset;
    private long _used;
    private long _committed;
    private int _committing;

    public SlabArena(SlotMemory memory, long regionOffset, long entries)
    {
        _memory = memory;
        _regionOffset = regionOffset;
        Start = (ulong*)(memory.Start + regionOffset);
        Entries = entries;
    }

    /// <summary>The region's first entry; offsets count 8-byte entries from it.</summary>
    public ulong* Start { get; }

    /// <summary>Entries in the region.</summary>
    public long Entries { get; }

    /// <summary>Bytes from the region's start committed ahead so far (or being committed now).</summary>
    public long CommittedBytes => Volatile.Read(ref _committed);

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
        int offset;
        long used;
        lock (_lock)
        {
            if (_used + count > Entries || _used + count > int.MaxValue)
            {
                return -1;
            }

            offset = (int)_used;
            _used += count;
            used = _used;
        }

        if (Volatile.Read(ref _committed) < AheadOf(used) && Interlocked.Exchange(ref _committing, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static arena => arena.CommitAhead(), this, preferLocal: false);
        }

        return offset;
    }

    /// <summary>Where committing ahead of <paramref name="usedEntries"/> should reach, in bytes from the region's start.</summary>
    private long AheadOf(long usedEntries) => Math.Min((usedEntries * sizeof(ulong)) + AheadBytes, Entries * sizeof(ulong));

    private void CommitAhead()
    {
        try
        {
            long target;
            while (Volatile.Read(ref _committed) < (target = AheadOf(Volatile.Read(ref _used))))
            {
                var from = Volatile.Read(ref _committed);
                _memory.Commit(_regionOffset + from, _regionOffset + target);
                Volatile.Write(ref _committed, target);
            }
        }
        finally
        {
            Volatile.Write(ref _committing, 0);
        }

        // A Take that found the flag still set just before it was cleared leaves the rest to the next Take.
    }
}
