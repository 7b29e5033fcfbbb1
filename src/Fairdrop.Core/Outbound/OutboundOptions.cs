namespace Fairdrop.Core.Outbound;

/// <summary>
/// The operator's exceptions to the outbound guard, bound from <c>Fairdrop:Outbound</c>: a merchant's own internal
/// hosts that webhooks and push may reach although they are not public. Empty by default: only public addresses.
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "Fairdrop:Outbound";

    /// <summary>Host names allowed whatever they resolve to: <c>hooks.shop.internal</c> exactly, or <c>*.shop.internal</c> for its subdomains.</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Addresses allowed although not public, as CIDR (<c>10.20.0.0/16</c>, <c>fd00:1::/64</c>) or single addresses.</summary>
    public IList<string> AllowedNetworks { get; } = [];
}
