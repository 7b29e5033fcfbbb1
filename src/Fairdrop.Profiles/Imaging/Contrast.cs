using SkiaSharp;

namespace Fairdrop.Profiles.Imaging;

/// <summary>WCAG 2.x contrast: relative luminance of sRGB colours and the ratio (L1 + 0.05) / (L2 + 0.05), 1 to 21.</summary>
internal static class Contrast
{
    /// <summary>WCAG AA for normal text.</summary>
    public const double Minimum = 4.5;

    public static double Ratio(SKColor a, SKColor b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    public static double Luminance(SKColor c) => (0.2126 * Linear(c.Red)) + (0.7152 * Linear(c.Green)) + (0.0722 * Linear(c.Blue));

    /// <summary>Black or white, whichever stands out more against <paramref name="under"/> (at least 4.58 for any colour).</summary>
    public static SKColor BlackOrWhite(SKColor under) => Ratio(under, SKColors.Black) >= Ratio(under, SKColors.White) ? SKColors.Black : SKColors.White;

    private static double Linear(byte channel)
    {
        var s = channel / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
    }
}
