namespace Fairdrop.Profiles.Model;

/// <summary>
/// A merchant's avatar template: badge text (a rotation may override it), position (<c>bottom</c>, <c>top</c>, <c>none</c>),
/// mask (<c>circle</c>, <c>rounded</c>, <c>square</c>; absent: the network's own shape) and badge colours as <c>#RRGGBB</c>
/// (absent: black or white, whichever contrasts most with what lies beneath).
/// </summary>
public sealed record ProfileTemplate(string? BadgeText, string? BadgePosition, string? Mask, string? BadgeBackground, string? BadgeForeground)
{
    public static ProfileTemplate Default { get; } = new("BACK IN STOCK", "bottom", null, null, null);
}
