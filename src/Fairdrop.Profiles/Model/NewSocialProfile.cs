namespace Fairdrop.Profiles.Model;

/// <summary>
/// An account to connect: <c>mastodon</c> (instance URL, access token with <c>write:accounts</c> and <c>read:accounts</c>),
/// <c>bluesky</c> (PDS URL, handle, app password) or <c>webhook</c> (the merchant's URL; a signing secret is made when none is given).
/// </summary>
public sealed record NewSocialProfile(string? Network, string? BaseUrl, string? Handle, string? Credential);
