namespace Fairdrop.Core.Outbound;

/// <summary>What an IP address is, as far as the outbound guard cares: only <see cref="Public"/> is reachable unless allow-listed.</summary>
public enum AddressKind
{
    Public,
    Loopback,
    Private,
    LinkLocal,
    CloudMetadata,
    SharedAddressSpace,
    Multicast,
    Unspecified,
    Broadcast,
    Documentation,
    Reserved,
}
