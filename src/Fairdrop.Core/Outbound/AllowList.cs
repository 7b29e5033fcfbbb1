using System.Net;

namespace Fairdrop.Core.Outbound;

/// <summary>The operator's <see cref="OutboundOptions"/>, parsed once: exact host names, <c>*.</c> suffixes and networks.</summary>
internal sealed class AllowList
{
    private readonly HashSet<string> _hosts;
    private readonly string[] _suffixes;
    private readonly IPNetwork[] _networks;

    private AllowList(HashSet<string> hosts, string[] suffixes, IPNetwork[] networks)
    {
        _hosts = hosts;
        _suffixes = suffixes;
        _networks = networks;
    }

    /// <summary>The parsed list, or null when an entry is neither a host name (or <c>*.suffix</c>) nor a network.</summary>
    public static AllowList? TryCreate(OutboundOptions options)
    {
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        var suffixes = new List<string>();
        foreach (var entry in options.AllowedHosts)
        {
            var host = HostNames.Normalize(entry?.Trim() ?? string.Empty);
            if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c is '/' or ':' or '@'))
            {
                return null;
            }

            if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                suffixes.Add(host[1..]);
            }
            else
            {
                hosts.Add(host);
            }
        }

        var networks = new List<IPNetwork>();
        foreach (var entry in options.AllowedNetworks)
        {
            var text = entry?.Trim() ?? string.Empty;
            if (IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(text, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                return null;
            }
        }

        return new AllowList(hosts, [.. suffixes], [.. networks]);
    }

    public bool AllowsHost(string host) => _hosts.Contains(host) || _suffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal));

    public bool AllowsAddress(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _networks.Any(n => n.Contains(plain));
    }
}
