using SkiaSharp;

namespace Fairdrop.Profiles.Imaging;

/// <summary>DejaVu Sans Bold, embedded (licence in Fonts/DejaVu-LICENSE.txt): badges need no installed font and render alike everywhere.</summary>
internal static class BundledFont
{
    private static readonly Lazy<SKTypeface> Bold = new(Load);

    public static SKTypeface Typeface => Bold.Value;

    private static SKTypeface Load()
    {
        using var stream = typeof(BundledFont).Assembly.GetManifestResourceStream("Fonts/DejaVuSans-Bold.ttf")
            ?? throw new InvalidOperationException("The bundled font is missing from the assembly.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("The bundled font cannot be read.");
    }
}
