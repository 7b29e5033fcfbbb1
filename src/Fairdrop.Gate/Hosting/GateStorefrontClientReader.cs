using Fairdrop.Core.Shoppers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Hosting;

/// <summary>
/// Reads a storefront client the way the gate reads identities: the address behind trusted proxies
/// (<c>Fairdrop:Gate:TrustedProxies</c>) and the device from the gate's device cookie or header.
/// </summary>
internal sealed class GateStorefrontClientReader : IStorefrontClientReader
{
    private readonly GateOptions _options;
    private readonly ClientIpResolver _ip;

    public GateStorefrontClientReader(IOptions<GateOptions> options)
    {
        _options = options.Value;
        _ip = new ClientIpResolver(_options.TrustedProxies);
    }

    public StorefrontClient Read(HttpContext context)
    {
        var device = context.Request.Cookies[_options.DeviceCookie];
        device = !string.IsNullOrEmpty(device) ? device : context.Request.Headers[_options.DeviceHeader].ToString();
        return new StorefrontClient(_ip.Resolve(context)?.ToString(), device);
    }
}
