using Fairdrop.Gate.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Drops.Entries;

/// <summary>
/// Reads a storefront caller the way the gate reads identities: the address behind trusted proxies
/// (<c>Fairdrop:Gate:TrustedProxies</c>) and the device from the gate's device cookie or header.
/// </summary>
public sealed class StorefrontCallerReader
{
    public const string ShopperTokenHeader = "X-Shopper-Token";

    private readonly GateOptions _options;
    private readonly ClientIpResolver _ip;

    public StorefrontCallerReader(IOptions<GateOptions> options)
    {
        _options = options.Value;
        _ip = new ClientIpResolver(_options.TrustedProxies);
    }

    /// <summary>The caller, with <paramref name="bodyToken"/> or else the <see cref="ShopperTokenHeader"/> header as its token.</summary>
    public StorefrontCaller Read(HttpContext http, string? bodyToken)
    {
        var token = !string.IsNullOrEmpty(bodyToken) ? bodyToken : http.Request.Headers[ShopperTokenHeader].ToString();
        var device = http.Request.Cookies[_options.DeviceCookie];
        device = !string.IsNullOrEmpty(device) ? device : http.Request.Headers[_options.DeviceHeader].ToString();
        return new StorefrontCaller(token, _ip.Resolve(http)?.ToString(), device);
    }
}
