using SkiaSharp;

namespace Fairdrop.Profiles.Tests.Imaging;

/// <summary>Pixel-level reading of rendered avatars.</summary>
internal static class Pixels
{
    /// <summary>The bounding box of the pixels <paramref name="match"/> accepts, or null.</summary>
    public static SKRectI? Bounds(SKBitmap bitmap, Func<SKColor, bool> match)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (match(bitmap.GetPixel(x, y)))
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        return right < 0 ? null : new SKRectI(left, top, right + 1, bottom + 1);
    }

    public static bool IsRed(SKColor c) => c.Alpha > 200 && c.Red > 150 && c.Green < 90 && c.Blue < 90;

    /// <summary>Every pixel of the area as a list, for picking the pill's and the text's colours.</summary>
    public static List<SKColor> In(SKBitmap bitmap, SKRectI area)
    {
        var colours = new List<SKColor>();
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                colours.Add(bitmap.GetPixel(x, y));
            }
        }

        return colours;
    }

    /// <summary>Mean absolute difference per channel (0–255) and the share of pixels differing by more than <paramref name="threshold"/> in a channel.</summary>
    public static (double Mean, double ShareOver) Difference(SKBitmap a, SKBitmap b, int threshold)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        double total = 0;
        var over = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a.GetPixel(x, y), b.GetPixel(x, y));
                var d = new[] { Math.Abs(p.Red - q.Red), Math.Abs(p.Green - q.Green), Math.Abs(p.Blue - q.Blue), Math.Abs(p.Alpha - q.Alpha) };
                total += d.Sum() / 4.0;
                over += d.Max() > threshold ? 1 : 0;
            }
        }

        var n = (double)a.Width * a.Height;
        return (total / n, over / n);
    }
}
