using System.Runtime.InteropServices;

namespace Fairdrop.Gate.Activity;

/// <summary>The few Linux memory calls the memory store makes: anonymous mappings and the huge-page hint.</summary>
internal static partial class Libc
{
    public const int HugePageBytes = 2 << 20;

    private const int MadviseHugePage = 14;
    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivateAnonymousNoReserve = 0x02 | 0x20 | 0x4000;

    /// <summary>
    /// Asks Linux to back the whole 2 MiB pages inside [<paramref name="start"/>, +<paramref name="bytes"/>)
    /// with huge pages. Only a request: where transparent huge pages are off, or not Linux, 4 KiB pages it is.
    /// </summary>
    public static void AskForHugePages(nint start, long bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var first = (start + HugePageBytes - 1) & ~(nint)(HugePageBytes - 1);
        var end = (start + (nint)bytes) & ~(nint)(HugePageBytes - 1);
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

    /// <summary>Zeroed memory the kernel commits page by page as it is first touched; 0 when the mapping failed.</summary>
    public static nint MapZeroed(long bytes)
    {
        var address = Mmap(0, (nuint)bytes, ProtReadWrite, MapPrivateAnonymousNoReserve, -1, 0);
        return address == -1 ? 0 : address;
    }

    public static void Unmap(nint address, long bytes) => _ = Munmap(address, (nuint)bytes);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);
}
