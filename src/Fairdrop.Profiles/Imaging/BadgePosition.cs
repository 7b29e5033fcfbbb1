namespace Fairdrop.Profiles.Imaging;

/// <summary>Where the badge sits on the avatar, or none.</summary>
internal enum BadgePosition
{
    Bottom,
    Top,
    None,
}
