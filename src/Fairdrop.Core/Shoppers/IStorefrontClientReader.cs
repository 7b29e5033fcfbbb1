using Microsoft.AspNetCore.Http;

namespace Fairdrop.Core.Shoppers;

/// <summary>
/// Where a storefront request comes from, read one way for every module: the gate implements it (trusted proxies,
/// its device cookie or header) and drops use it for their per-address and per-device limits, so neither references the other.
/// </summary>
public interface IStorefrontClientReader
{
    StorefrontClient Read(HttpContext context);
}
