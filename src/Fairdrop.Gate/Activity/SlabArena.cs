using System.Runtime.InteropServices;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// Where every shard's slab chunks come from: pinned 8 MiB arrays that Linux is asked to back with
/// 2 MiB pages (<c>madvise(MADV_HUGEPAGE)</c>), so reaching an identity's ring costs a cheap address
/// translation instead of a page walk per 4 KiB page. Thread-safe; called once per new chunk.
/// </summary>
internal sealed class SlabArena
{
    /// <summary>Entries of one arena array (8 MiB): at least three whole 2 MiB pages whatever its address.</summary>
    public const int ArrayEntries = 1 << 20;

    private readonly Lock _lock = new();
    private ulong[] _current = [];
    private int _used;

    /// <summary>A run of <paramref name="entries"/> entries (a power of two up to 4,096), aligned to its size.</summary>
    public SlabChunk Take(int entries)
    {
        lock (_lock)
        {
            if (_used + entries > _current.Length)
            {
                _current = GC.AllocateUninitializedArray<ulong>(ArrayEntries, pinned: true);
                _used = 0;
                Libc.AskForHugePages(Marshal.UnsafeAddrOfPinnedArrayElement(_current, 0), (long)_current.Length * sizeof(ulong));
            }

            var chunk = new SlabChunk(_current, _used);
            _used += entries;
            return chunk;
        }
    }
}
