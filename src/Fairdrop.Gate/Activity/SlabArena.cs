using System.Runtime.InteropServices;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// Where every shard's slab chunks come from: pinned 8 MiB arrays that Linux is asked to back with
/// 2 MiB pages (<c>madvise(MADV_HUGEPAGE)</c>), so reaching an identity's ring costs a cheap address
/// translation instead of a page walk per 4 KiB page. Thread-safe; called once per new chunk.
/// </summary>
internal sealed partial class SlabArena
{
    /// <summary>Entries of one arena array (8 MiB): at least three whole 2 MiB pages whatever its address.</summary>
    public const int ArrayEntries = 1 << 20;

    private const int HugePageBytes = 2 << 20;
    private const int MadviseHugePage = 14;
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
                AskForHugePages(_current);
            }

            var chunk = new SlabChunk(_current, _used);
            _used += entries;
            return chunk;
        }
    }

    /// <summary>Only a request: where the kernel has transparent huge pages off (or not Linux), the arena works in 4 KiB pages.</summary>
    private static void AskForHugePages(ulong[] array)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var start = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
        var first = (start + HugePageBytes - 1) & ~(nint)(HugePageBytes - 1);
        var end = (start + ((nint)array.Length * sizeof(ulong))) & ~(nint)(HugePageBytes - 1);
        if (end > first)
        {
            try
            {
                _ = Madvise(first, (nuint)(end - first), MadviseHugePage);
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                // A libc without madvise (or not found under that name): 4 KiB pages it is.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
