namespace Fairdrop.Profiles.Networks;

/// <summary>The guarded HTTP client every adapter uses: the merchant aims its base URL, so Core's outbound guard applies.</summary>
internal static class NetworkClients
{
    public const string Name = "fairdrop.profiles.networks";

    /// <summary>Largest answer read from a network: a current avatar (Bluesky's getBlob) or a JSON document.</summary>
    public const int MaxResponseBytes = 12 * 1024 * 1024;
}
