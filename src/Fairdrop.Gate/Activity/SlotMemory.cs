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
