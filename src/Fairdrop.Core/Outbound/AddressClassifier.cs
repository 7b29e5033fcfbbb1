using System.Net;

namespace Fairdrop.Core.Outbound;

/// <summary>
/// Sorts an address into <see cref="AddressKind"/>. IPv6 forms that carry an IPv4 address (mapped, compatible,
/// NAT64, 6to4) are judged by that address, so <c>::ffff:127.0.0.1</c> or <c>2002:7f00:1::</c> are loopback too.
/// </summary>
internal static class AddressClassifier
{
    // First match wins: the specific entries come before the ranges that hold them.
    private static readonly (IPNetwork Network, AddressKind Kind)[] V4 =
    [
        (IPNetwork.Parse("169.254.169.254/32"), AddressKind.CloudMetadata),
        (IPNetwork.Parse("168.63.129.16/32"), AddressKind.CloudMetadata), // Azure's wire server
        (IPNetwork.Parse("255.255.255.255/32"), AddressKind.Broadcast),
        (IPNetwork.Parse("0.0.0.0/8"), AddressKind.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), AddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), AddressKind.SharedAddressSpace),
        (IPNetwork.Parse("127.0.0.0/8"), AddressKind.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), AddressKind.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), AddressKind.Private),
        (IPNetwork.Parse("192.0.0.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), AddressKind.Documentation),
        (IPNetwork.Parse("192.88.99.0/24"), AddressKind.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), AddressKind.Private),
        (IPNetwork.Parse("198.18.0.0/15"), AddressKind.Reserved), // benchmarking
        (IPNetwork.Parse("198.51.100.0/24"), AddressKind.Documentation),
        (IPNetwork.Parse("203.0.113.0/24"), AddressKind.Documentation),
        (IPNetwork.Parse("224.0.0.0/4"), AddressKind.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), AddressKind.Reserved),
    ];

    private static readonly (IPNetwork Network, AddressKind Kind)[] V6 =
    [
        (IPNetwork.Parse("::/128"), AddressKind.Unspecified),
        (IPNetwork.Parse("::1/128"), AddressKind.Loopback),
        (IPNetwork.Parse("fd00:ec2::254/128"), AddressKind.CloudMetadata), // AWS's IPv6 instance metadata
        (IPNetwork.Parse("fc00::/7"), AddressKind.Private),
        (IPNetwork.Parse("fe80::/10"), AddressKind.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), AddressKind.Private), // deprecated site-local
        (IPNetwork.Parse("ff00::/8"), AddressKind.Multicast),
        (IPNetwork.Parse("64:ff9b:1::/48"), AddressKind.Private), // local-use NAT64
        (IPNetwork.Parse("100::/64"), AddressKind.Reserved), // discard-only
        (IPNetwork.Parse("2001:db8::/32"), AddressKind.Documentation),
        (IPNetwork.Parse("3fff::/20"), AddressKind.Documentation),
        (IPNetwork.Parse("2001::/23"), AddressKind.Reserved), // Teredo, benchmarking, ORCHID: nothing a webhook lives on
    ];

    private static readonly byte[] Nat64Prefix = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    public static AddressKind Classify(IPAddress address)
    {
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return Match(V4, address);
        }

        if (Embedded(address) is { } embedded)
        {
            var kind = Match(V4, embedded.Inner);
            return kind == AddressKind.Public && embedded.Deprecated ? AddressKind.Reserved : kind;
        }

        return Match(V6, address);
    }

    /// <summary>How a refusal names the kind, after "is" or "resolves to".</summary>
    public static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Loopback => "a loopback address",
        AddressKind.Private => "a private address",
        AddressKind.LinkLocal => "a link-local address",
        AddressKind.CloudMetadata => "a cloud metadata address",
        AddressKind.SharedAddressSpace => "a shared (carrier-grade NAT) address",
        AddressKind.Multicast => "a multicast address",
        AddressKind.Unspecified => "an unspecified address",
        AddressKind.Broadcast => "the broadcast address",
        AddressKind.Documentation => "a documentation address",
        AddressKind.Reserved => "a reserved address",
        _ => "a public address",
    };

    /// <summary>The IPv4 address inside an IPv6 one, and whether the form is deprecated (then even a public inner address is refused).</summary>
    private static (IPAddress Inner, bool Deprecated)? Embedded(IPAddress address)
    {
        // Compared as bytes: IPNetwork.Contains does not match IPv4-mapped addresses against an IPv6 prefix.
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        var inner = new IPAddress(bytes[12..]);
        if (bytes[..10].IndexOfAnyExcept((byte)0) < 0 && bytes[10] == 0xff && bytes[11] == 0xff)
        {
            return (inner, false); // ::ffff:a.b.c.d, mapped
        }

        if (bytes[..12].SequenceEqual(Nat64Prefix))
        {
            return (inner, false); // 64:ff9b::a.b.c.d
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return (new IPAddress(bytes[2..6]), false); // 2002:aabb:ccdd::, 6to4
        }

        if (bytes[..8].IndexOfAnyExcept((byte)0) < 0 && bytes[8] == 0xff && bytes[9] == 0xff && bytes[10] == 0 && bytes[11] == 0)
        {
            return (inner, true); // ::ffff:0:a.b.c.d, SIIT
        }

        // ::a.b.c.d, compatible (deprecated); :: and ::1 are their own kinds.
        return bytes[..12].IndexOfAnyExcept((byte)0) < 0 && Match(V6, address) == AddressKind.Public ? (inner, true) : null;
    }

    private static AddressKind Match((IPNetwork Network, AddressKind Kind)[] table, IPAddress address)
    {
        foreach (var (network, kind) in table)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }

        return AddressKind.Public;
    }
}
