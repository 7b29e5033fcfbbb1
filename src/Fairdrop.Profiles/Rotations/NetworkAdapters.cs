using Fairdrop.Profiles.Networks;

namespace Fairdrop.Profiles.Rotations;

/// <summary>The registered adapters by network name.</summary>
internal sealed class NetworkAdapters(IEnumerable<INetworkAdapter> adapters)
{
    private readonly Dictionary<string, INetworkAdapter> _byName = adapters.ToDictionary(a => a.Network, StringComparer.Ordinal);

    public IEnumerable<string> Names => _byName.Keys;

    public INetworkAdapter? Find(string network) => _byName.GetValueOrDefault(network);
}
