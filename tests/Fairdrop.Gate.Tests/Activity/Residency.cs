using System.Runtime.InteropServices;

namespace Fairdrop.Gate.Tests.Activity;

/// <summary>How much of a native memory range the kernel holds resident (Linux <c>mincore</c>).</summary>
internal static partial class Residency
{
    private const long PageBytes = 4096;

    /// <summary>The share of the 4 KiB pages of [<paramref name="address"/>, +<paramref name="bytes"/>) that are resident.</summary>
    public static double ResidentShare(nint address, long bytes)
    {
        var pages = (bytes + PageBytes - 1) / PageBytes;
        var vector = new byte[pages];
        if (MinCore(address, (nuint)bytes, vector) != 0)
        {
            throw new InvalidOperationException($"mincore failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return vector.Count(page => (page & 1) != 0) / (double)pages;
    }

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static partial int MinCore(nint address, nuint length, [Out] byte[] vector);
}
