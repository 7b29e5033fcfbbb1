namespace Fairdrop.Profiles.Imaging;

/// <summary>Where the badge sits on the avatar, or none.</summary>
public enum BadgePosition
{
    Bottom,
    Top,
    None,
}
