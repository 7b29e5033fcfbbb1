namespace Fairdrop.Profiles.Model;

/// <summary>A merchant's account on a social network, as the API shows it: never its credential.</summary>
public sealed record SocialProfile(Guid Id, string Network, string BaseUrl, string Handle, DateTimeOffset CreatedAt);
