using System.Runtime.CompilerServices;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// A shard's events and peers: power-of-two blocks of 8-byte entries carved from chunks of the store's
/// <see cref="SlabArena"/>, one current chunk and free list per block size, so an identity's history is
/// one contiguous block rather than objects spread over the heap, addressed by its offset alone. The
/// smallest size is part of an identity's own cost; chunks of larger sizes are charged to the store's
/// budget when created and kept for reuse.
/// Guarded by its shard's lock, except <see cref="Prefetch"/>.
/// </summary>
internal sealed unsafe class ActivitySlab(Func<int, bool> reserve, SlabArena arena)
{
    /// <summary>Every identity starts with blocks of 4 entries.</summary>
    public const int FirstClass = 2;

    /// <summary>4,096 entries, the largest <see cref="ActivityOptions.MaxEventsPerIdentity"/>.</summary>
    public const int MaxClass = 12;

    /// <summary>Chunks hold at least 1,024 entries (8 KiB), or one block of the larger sizes.</summary>
    public const int MinChunkShift = 10;

    private readonly ulong* _start = arena.Start;
    private readonly long _entries = arena.Entries;
    private readonly int[] _next = new int[MaxClass + 1];
    private readonly int[] _end = new int[MaxClass + 1];
    private readonly int[][] _free = NewArrays();
    private readonly int[] _freeCount = new int[MaxClass + 1];

    /// <summary>Bytes of a first-class chunk: the slack one shard may hold beyond its identities' blocks.</summary>
    public static int FirstChunkBytes => (1 << ChunkShift(FirstClass)) * sizeof(ulong);

    /// <summary>A block of <c>1 &lt;&lt; size</c> entries; -1 when a new chunk is needed and the budget is spent.</summary>
    public int Rent(int size)
    {
        if (_freeCount[size] > 0)
        {
            return _free[size][--_freeCount[size]];
        }

        if (_next[size] == _end[size])
        {
            var entries = 1 << ChunkShift(size);
            if (size != FirstClass && !reserve(entries * sizeof(ulong)))
            {
                return -1;
            }

            // The region is sized for every shard's first blocks plus the budget: only a bug spends it.
            var chunk = arena.Take(entries);
            if (chunk < 0)
            {
                throw new InvalidOperationException("The activity store's slab region is spent within its budget.");
            }

            _next[size] = chunk;
            _end[size] = chunk + entries;
        }

        var offset = _next[size];
        _next[size] = offset + (1 << size);
        return offset;
    }

    public void Return(int size, int offset)
    {
        ref var free = ref _free[size];
        if (_freeCount[size] == free.Length)
        {
            Array.Resize(ref free, Math.Max(16, free.Length * 2));
        }

        free[_freeCount[size]++] = offset;
    }

    /// <summary>The block at <paramref name="offset"/>: offsets come only from <see cref="Rent"/>, so it lies in the region.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<ulong> Block(int size, int offset) => new(_start + offset, 1 << size);

    /// <summary>Asks the cache for the line of entry <paramref name="offset"/> without the lock; a torn or stale argument prefetches a harmless address or nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(int offset)
    {
        if ((ulong)(uint)offset < (ulong)_entries)
        {
            CacheLine.Prefetch(_start + offset);
        }
    }

    private static int ChunkShift(int size) => Math.Max(size, MinChunkShift);

    private static int[][] NewArrays()
    {
        var arrays = new int[MaxClass + 1][];
        Array.Fill(arrays, []);
        return arrays;
    }
}
