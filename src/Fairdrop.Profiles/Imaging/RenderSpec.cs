using SkiaSharp;

namespace Fairdrop.Profiles.Imaging;

/// <summary>Everything a render needs: the network's size and shape and the template's badge; colours null mean "chosen by contrast".</summary>
internal sealed record RenderSpec(int Size, AvatarMask Mask, string? BadgeText, BadgePosition Position, SKColor? BadgeBackground, SKColor? BadgeForeground)
{
    /// <summary>The share of the crop's side left around the product on each side.</summary>
    public const float Margin = 0.12f;
}
