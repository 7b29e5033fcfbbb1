using Fairdrop.Profiles.Storage;

namespace Fairdrop.Profiles.Networks;

/// <summary>One social network: read the current avatar (to restore it later) and set one. Credentials stay inside.</summary>
internal interface INetworkAdapter
{
    /// <summary><c>mastodon</c>, <c>bluesky</c>, <c>webhook</c>.</summary>
    string Network { get; }

    NetworkLimits Limits { get; }

    Task<NetworkResult<CurrentAvatar>> ReadCurrentAsync(ProfileRow profile, CancellationToken cancellationToken);

    /// <summary>Sets <paramref name="avatar"/>; a null avatar's bytes mean "back to the network's default". <paramref name="intent"/> is <c>assign</c> or <c>restore</c>.</summary>
    Task<NetworkResult<bool>> SetAsync(ProfileRow profile, CurrentAvatar avatar, string intent, Guid rotationId, CancellationToken cancellationToken);
}
