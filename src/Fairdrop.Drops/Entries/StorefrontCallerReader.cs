using Fairdrop.Core.Shoppers;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Drops.Entries;

/// <summary>
/// Reads a storefront caller: its shopper token, and its address and device as <see cref="IStorefrontClientReader"/>
/// reads them (the gate's reader when the gate is registered, so both see the same client).
/// </summary>
public sealed class StorefrontCallerReader(IStorefrontClientReader clients)
{
    public const string ShopperTokenHeader = "X-Shopper-Token";

    /// <summary>The caller, with <paramref name="bodyToken"/> or else the <see cref="ShopperTokenHeader"/> header as its token.</summary>
    public StorefrontCaller Read(HttpContext http, string? bodyToken)
    {
        var token = !string.IsNullOrEmpty(bodyToken) ? bodyToken : http.Request.Headers[ShopperTokenHeader].ToString();
        var (address, device) = clients.Read(http);
        return new StorefrontCaller(token, address, device);
    }
}
