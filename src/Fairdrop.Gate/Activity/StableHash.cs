using System.Net;

namespace Fairdrop.Gate.Activity;

/// <summary>
/// FNV-1a over UTF-16 code units: the same value on every node and every run (unlike
/// <see cref="string.GetHashCode()"/>), so gate nodes sharing Redis agree on keys.
/// </summary>
public static class StableHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Identity(IdentityKind kind, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        var hash = Offset ^ (ulong)(kind + 1);
        foreach (var c in value)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash == 0 ? 1 : hash;
    }

    public static ulong Identity(IPAddress? address)
    {
        if (address is null)
        {
            return 0;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        var hash = Offset ^ (ulong)(IdentityKind.Ip + 1);
        foreach (var b in bytes[..written])
        {
            hash = (hash ^ b) * Prime;
        }

        return hash == 0 ? 1 : hash;
    }

    /// <summary>A 32-bit id for an action name, stable across nodes.</summary>
    public static int Action(string action)
    {
        var hash = 2166136261U;
        foreach (var c in action)
        {
            hash = (hash ^ c) * 16777619U;
        }

        return (int)hash;
    }

    public static int Fold(ulong hash) => (int)(hash ^ (hash >> 32));
}
