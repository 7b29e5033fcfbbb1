namespace Fairdrop.Core.Outbound;

/// <summary>
/// Host names refused before any lookup: local and cloud metadata names, names under suffixes reserved for private
/// networks, single labels (resolved through search domains to internal hosts) and numeric spellings of an address
/// (<c>0x7f.1</c>, <c>017700000001</c>) that a resolver would still turn into one.
/// </summary>
internal static class HostNames
{
    private static readonly string[] MetadataNames = ["metadata", "metadata.google.internal", "instance-data", "instance-data.ec2.internal"];

    private static readonly string[] LocalNames = ["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"];

    private static readonly string[] PrivateSuffixes = [".localhost", ".local", ".localdomain", ".internal", ".intranet", ".home.arpa", ".arpa", ".lan"];

    /// <summary>The host in one spelling: lower case, no brackets, no trailing dot.</summary>
    public static string Normalize(string host) => host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();

    /// <summary>Why the (normalised) name is refused, or null when only its addresses can tell.</summary>
    public static string? Refusal(string host)
    {
        if (MetadataNames.Contains(host, StringComparer.Ordinal))
        {
            return $"{host} is a cloud metadata host name";
        }

        if (LocalNames.Contains(host, StringComparer.Ordinal) || PrivateSuffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal)))
        {
            return $"{host} is a local or private host name";
        }

        var last = host[(host.LastIndexOf('.') + 1)..];
        if (last.Length > 0 && (last.All(char.IsAsciiDigit) || last.StartsWith("0x", StringComparison.Ordinal)))
        {
            return $"{host} is a numeric address in an unusual spelling";
        }

        return host.Contains('.', StringComparison.Ordinal) ? null : $"{host} is not a fully qualified host name";
    }
}
