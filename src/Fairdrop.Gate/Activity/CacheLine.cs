using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Fairdrop.Gate.Activity;

/// <summary>Software prefetch: asks for a line without waiting for it, so several misses overlap.</summary>
internal static unsafe class CacheLine
{
    /// <summary>Never faults, whatever the address; does nothing where the instruction is not available.</summary>
    public static void Prefetch(void* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(address);
        }
    }

    /// <summary>Asks for the lines of the first <paramref name="bytes"/> of an object's fields; null asks for nothing. A moved object only wastes the hint.</summary>
    public static void Prefetch(object? value, int bytes = 64)
    {
        if (value is null)
        {
            return;
        }

        var start = (byte*)Unsafe.AsPointer(ref Unsafe.As<RawObject>(value).Data);
        for (var offset = 0; offset < bytes; offset += 64)
        {
            Prefetch(start + offset);
        }
    }

    /// <summary>Any object seen as its first byte of fields.</summary>
    private sealed class RawObject
    {
#pragma warning disable CS0649 // Never written: only its address is taken.
        public byte Data;
#pragma warning restore CS0649
    }
}
