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
}
