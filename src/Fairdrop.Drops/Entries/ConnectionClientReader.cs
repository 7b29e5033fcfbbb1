using Fairdrop.Core.Shoppers;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Drops.Entries;

/// <summary>
/// The reader used when no gate is registered: the connection's own address and no device. Behind a proxy every
/// caller shares the proxy's address, so hosts with a proxy register the gate (which knows its trusted proxies).
/// </summary>
internal sealed class ConnectionClientReader : IStorefrontClientReader
{
    public StorefrontClient Read(HttpContext context) => new(context.Connection.RemoteIpAddress?.ToString(), null);
}
