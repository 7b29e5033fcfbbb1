using System.Net;

namespace Fairdrop.Gate.Language;

/// <summary>A set of addresses and CIDR ranges, from a rule's <c>[10.0.0.0/8, "2001:db8::/32"]</c>.</summary>
internal sealed class IpList(IReadOnlyList<IPNetwork> networks)
{
    private readonly IPNetwork[] _networks = [.. networks];

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public static bool TryParse(string text, out IPNetwork network)
    {
        if (text.Contains('/', StringComparison.Ordinal))
        {
            return IPNetwork.TryParse(text, out network);
        }

        if (IPAddress.TryParse(text, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        network = default;
        return false;
    }
}
