using System.Net;
using Fairdrop.Core.Outbound;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fairdrop.Core.Tests.Outbound;

/// <summary>An <see cref="OutboundGuard"/> over fixed options and, when given, a resolver that answers from a table instead of DNS.</summary>
internal static class TestGuard
{
    public static OutboundGuard Create(string[]? networks = null, string[]? hosts = null, Dictionary<string, IPAddress[]>? names = null, Action<string>? lookedUp = null)
    {
        var options = new OutboundOptions();
        foreach (var network in networks ?? [])
        {
            options.AllowedNetworks.Add(network);
        }

        foreach (var host in hosts ?? [])
        {
            options.AllowedHosts.Add(host);
        }

        return new OutboundGuard(new Fixed(options), Resolve, NullLogger<OutboundGuard>.Instance);

        Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken)
        {
            lookedUp?.Invoke(host);
            return names is not null && names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Dns.GetHostAddressesAsync(host, cancellationToken);
        }
    }

    private sealed class Fixed(OutboundOptions value) : IOptionsMonitor<OutboundOptions>
    {
        public OutboundOptions CurrentValue => value;

        public OutboundOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OutboundOptions, string?> listener) => null;
    }
}
