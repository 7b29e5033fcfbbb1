using SkiaSharp;

namespace Fairdrop.Profiles.Imaging;

/// <summary>
/// Draws the badge: a pill with the text in the bundled font, shrunk until it fits inside the mask. Colours the template
/// leaves open are chosen by WCAG contrast: the pill black or white against what lies beneath it, the text against the pill.
/// </summary>
internal static class BadgePainter
{
    public static (SKRectI Area, SKColor Background, SKColor Foreground)? Paint(SKCanvas canvas, SKBitmap bitmap, RenderSpec spec)
    {
        if (spec.Position == BadgePosition.None || string.IsNullOrWhiteSpace(spec.BadgeText))
        {
            return null;
        }

        var size = spec.Size;
        // Inside a circle the chord narrows away from the middle: at 80 % of the height it is about two thirds wide.
        var maxWidth = size * (spec.Mask == AvatarMask.Circle ? 0.62f : 0.8f);
        var height = size * 0.13f;
        using var font = new SKFont(BundledFont.Typeface, height * 0.55f) { Edging = SKFontEdging.Antialias, Subpixel = true };
        var padding = height * 0.45f;
        var textWidth = font.MeasureText(spec.BadgeText);
        while (textWidth + (2 * padding) > maxWidth && font.Size > 6)
        {
            font.Size *= 0.92f;
            textWidth = font.MeasureText(spec.BadgeText);
        }

        var width = Math.Min(maxWidth, textWidth + (2 * padding));
        var centreY = size * (spec.Position == BadgePosition.Top ? 0.2f : 0.8f);
        var rect = new SKRect((size - width) / 2, centreY - (height / 2), (size + width) / 2, centreY + (height / 2));
        var area = SKRectI.Round(rect);
        canvas.Flush();
        var background = spec.BadgeBackground ?? Contrast.BlackOrWhite(MeanColour(bitmap, area));
        var foreground = spec.BadgeForeground ?? Contrast.BlackOrWhite(background);

        using (var fill = new SKPaint { Color = background, IsAntialias = true })
        {
            canvas.DrawRoundRect(rect, height / 2, height / 2, fill);
        }

        using var ink = new SKPaint { Color = foreground, IsAntialias = true };
        font.GetFontMetrics(out var metrics);
        var baseline = centreY - ((metrics.Ascent + metrics.Descent) / 2);
        canvas.DrawText(spec.BadgeText, size / 2f, baseline, SKTextAlign.Center, font, ink);
        return (area, background, foreground);
    }

    /// <summary>The average colour under the badge, over a white page where the image is transparent (how a feed shows it).</summary>
    private static SKColor MeanColour(SKBitmap bitmap, SKRectI area)
    {
        long r = 0, g = 0, b = 0, n = 0;
        for (var y = Math.Max(0, area.Top); y < Math.Min(bitmap.Height, area.Bottom); y++)
        {
            for (var x = Math.Max(0, area.Left); x < Math.Min(bitmap.Width, area.Right); x++)
            {
                var c = bitmap.GetPixel(x, y);
                var a = c.Alpha / 255.0;
                r += (long)((c.Red * a) + (255 * (1 - a)));
                g += (long)((c.Green * a) + (255 * (1 - a)));
                b += (long)((c.Blue * a) + (255 * (1 - a)));
                n++;
            }
        }

        return n == 0 ? SKColors.White : new SKColor((byte)(r / n), (byte)(g / n), (byte)(b / n));
    }
}
