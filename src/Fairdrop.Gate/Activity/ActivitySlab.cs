using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// A shard's events and peers: power-of-two blocks of 8-byte entries carved from chunks, one chunk
/// list and free list per block size, so an identity's history is one contiguous block rather than
/// objects spread over the heap. The smallest size is part of an identity's own cost; chunks of
/// larger sizes are charged to the store's budget when created and kept for reuse.
/// Guarded by its shard's lock, except <see cref="Prefetch"/>.
/// </summary>
internal sealed class ActivitySlab(Func<int, bool> reserve, SlabArena arena)
{
    /// <summary>Every identity starts with blocks of 4 entries.</summary>
    public const int FirstClass = 2;

    /// <summary>4,096 entries, the largest <see cref="ActivityOptions.MaxEventsPerIdentity"/>.</summary>
    public const int MaxClass = 12;

    /// <summary>Chunks hold at least 1,024 entries (8 KiB), or one block of the larger sizes.</summary>
    public const int MinChunkShift = 10;

    private readonly SlabChunk[][] _chunks = NewArrays<SlabChunk>();
    private readonly int[] _chunkCount = new int[MaxClass + 1];
    private readonly int[] _used = new int[MaxClass + 1];
    private readonly int[][] _free = NewArrays<int>();
    private readonly int[] _freeCount = new int[MaxClass + 1];

    /// <summary>Entries of a first-class chunk: the slack one shard may hold beyond its identities' blocks.</summary>
    public static int FirstChunkBytes => (1 << ChunkShift(FirstClass)) * sizeof(ulong);

    /// <summary>A block of <c>1 &lt;&lt; size</c> entries; -1 when a new chunk is needed and the budget is spent.</summary>
    public int Rent(int size)
    {
        if (_freeCount[size] > 0)
        {
            return _free[size][--_freeCount[size]];
        }

        var shift = ChunkShift(size);
        var offset = _used[size];
        if (offset >> shift == _chunkCount[size])
        {
            var bytes = (1 << shift) * sizeof(ulong);
            if (size != FirstClass && !reserve(bytes))
            {
                return -1;
            }

            ref var chunks = ref _chunks[size];
            if (_chunkCount[size] == chunks.Length)
            {
                Array.Resize(ref chunks, Math.Max(4, chunks.Length * 2));
            }

            chunks[_chunkCount[size]++] = arena.Take(1 << shift);
        }

        _used[size] = offset + (1 << size);
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

    /// <summary>
    /// The block at <paramref name="offset"/>. Offsets come only from <see cref="Rent"/>, so the chunk
    /// is addressed without a bounds check: reading the chunk's length would cost a cache line (and a
    /// page) of its own on every access.
    /// </summary>
    public Span<ulong> Block(int size, int offset)
    {
        var shift = ChunkShift(size);
        var chunk = _chunks[size][offset >> shift];
        return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk.Array), chunk.Start + (offset & ((1 << shift) - 1))), 1 << size);
    }

    /// <summary>Asks the cache for the line of entry <paramref name="offset"/> without the lock; a torn or stale argument prefetches a harmless address or nothing.</summary>
    public unsafe void Prefetch(int size, int offset)
    {
        if ((uint)size > MaxClass)
        {
            return;
        }

        var shift = ChunkShift(size);
        var chunks = Volatile.Read(ref _chunks[size]);
        var index = offset >> shift;

        // Arena arrays are pinned, so the entry's address stays valid.
        if ((uint)index < (uint)chunks.Length && chunks[index].Array is { } array)
        {
            CacheLine.Prefetch(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), chunks[index].Start + (offset & ((1 << shift) - 1)))));
        }
    }

    private static int ChunkShift(int size) => Math.Max(size, MinChunkShift);

    private static T[][] NewArrays<T>()
    {
        var arrays = new T[MaxClass + 1][];
        Array.Fill(arrays, []);
        return arrays;
    }
}
