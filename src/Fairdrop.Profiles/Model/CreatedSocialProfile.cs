namespace Fairdrop.Profiles.Model;

/// <summary>A connected profile; for a webhook profile, the signing secret, shown this once.</summary>
public sealed record CreatedSocialProfile(SocialProfile Profile, string? SigningSecret);
