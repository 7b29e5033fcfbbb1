using System.Net;
using Fairdrop.Gate.Language;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Gate.Hosting;

/// <summary>
/// The client's address: the connection's, unless it comes from a trusted proxy, in which case
/// X-Forwarded-For is read right to left, skipping trusted hops. A spoofed header from an
/// untrusted address is ignored.
/// </summary>
internal sealed class ClientIpResolver(IEnumerable<string> trustedProxies)
{
    private readonly IpList _trusted = new([.. trustedProxies.Select(p => IpList.TryParse(p, out var n) ? n : throw new ArgumentException($"Bad trusted proxy '{p}'."))]);

    public IPAddress? Resolve(HttpContext context)
    {
        var remote = Normalize(context.Connection.RemoteIpAddress);
        if (remote is null || !_trusted.Contains(remote))
        {
            return remote;
        }

        var forwarded = context.Request.Headers["X-Forwarded-For"];
        for (var h = forwarded.Count - 1; h >= 0; h--)
        {
            var header = forwarded[h].AsSpan();
            while (!header.IsEmpty)
            {
                var comma = header.LastIndexOf(',');
                var hop = (comma < 0 ? header : header[(comma + 1)..]).Trim();
                header = comma < 0 ? default : header[..comma];
                if (!IPAddress.TryParse(hop, out var address))
                {
                    return remote; // A garbled chain is not believed past this point.
                }

                address = Normalize(address)!;
                if (!_trusted.Contains(address))
                {
                    return address;
                }

                remote = address;
            }
        }

        return remote;
    }

    private static IPAddress? Normalize(IPAddress? address) => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
