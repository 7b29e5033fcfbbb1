using System.Runtime.InteropServices;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// The native memory every shard's identity table lives in, sized once for the store's identity
/// bound: 64-byte aligned so a slot is exactly one cache line, and on Linux an anonymous mapping
/// aligned to 2 MiB and advised into huge pages, so finding a slot costs no 4 KiB page walk. Pages
/// are committed as first touched. Tables never move, so a lock-free read ahead can never reach
/// freed memory; the memory is released when the store is collected (a critical finalizer).
/// </summary>
internal sealed unsafe class SlotMemory : SafeHandle
{
    private readonly long _mappedBytes;

    public SlotMemory(long bytes)
        : base(0, ownsHandle: true)
    {
        Bytes = bytes;
        if (OperatingSystem.IsLinux())
        {
            _mappedBytes = bytes + Libc.HugePageBytes;
            var mapped = Libc.MapZeroed(_mappedBytes);
            if (mapped == 0)
            {
                throw new InsufficientMemoryException($"Could not map {_mappedBytes:N0} bytes for the activity store's identity tables.");
            }

            SetHandle(mapped);
            Start = (byte*)((mapped + Libc.HugePageBytes - 1) & ~(nint)(Libc.HugePageBytes - 1));
            Libc.AskForHugePages((nint)Start, bytes);
        }
        else
        {
            var allocated = NativeMemory.AlignedAlloc((nuint)bytes, 64);
            NativeMemory.Clear(allocated, (nuint)bytes);
            SetHandle((nint)allocated);
            Start = (byte*)allocated;
        }

        GC.AddMemoryPressure(bytes);
    }

    /// <summary>The first byte of the tables, aligned to 64 bytes (2 MiB on Linux).</summary>
    public byte* Start { get; }

    public long Bytes { get; }

    public override bool IsInvalid => handle == 0;

    /// <summary>
    /// Makes the kernel commit the pages of [<paramref name="fromByte"/>, <paramref name="toByte"/>) now (whole 2 MiB
    /// pages where huge pages are on), by a write access to each 4 KiB page that changes nothing: a compare-exchange of
    /// zero for zero, atomic, so a value another thread has already written there stays.
    /// </summary>
    public void Commit(long fromByte, long toByte)
    {
        var added = false;
        DangerousAddRef(ref added); // Not unmapped while touching, whatever happens to the store meanwhile.
        try
        {
            const long page = 4096;
            for (var at = fromByte & ~(page - 1); at < toByte && at < Bytes; at += page)
            {
                Interlocked.CompareExchange(ref *(long*)(Start + at), 0, 0);
            }
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        if (OperatingSystem.IsLinux())
        {
            Libc.Unmap(handle, _mappedBytes);
        }
        else
        {
            NativeMemory.AlignedFree((void*)handle);
        }

        GC.RemoveMemoryPressure(Bytes);
        return true;
    }
}
