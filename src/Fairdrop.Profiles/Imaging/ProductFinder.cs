using SkiaSharp;

namespace Fairdrop.Profiles.Imaging;

/// <summary>
/// Finds the product in a catalogue photo by trimming its background: product shots stand on a near-uniform backdrop,
/// so the border's typical colour is the background, and the product is what differs from it. When the border is not
/// uniform (a lifestyle photo), there is no background to trim and the caller falls back to the whole image.
/// </summary>
internal static class ProductFinder
{
    /// <summary>How far (largest channel difference, alpha included) a pixel may be from the background and still be background.</summary>
    public const int Tolerance = 40;

    /// <summary>Share of border pixels that must match the background for it to count as uniform.</summary>
    public const double UniformShare = 0.9;

    /// <summary>The product's bounds and the background colour, or null when the border is not uniform or nothing stands out.</summary>
    public static (SKRectI Bounds, SKColor Background)? Find(SKBitmap bitmap)
    {
        var (width, height) = (bitmap.Width, bitmap.Height);
        var pixels = bitmap.GetPixelSpan(); // RGBA8888, premultiplied: transparent backgrounds read as (0,0,0,0)
        var background = BorderMedian(pixels, width, height);
        if (BorderMatchShare(pixels, width, height, background) < UniformShare)
        {
            return null;
        }

        // Rows and columns count their foreground pixels; a few stray ones (JPEG noise, dust) do not widen the box.
        var rows = new int[height];
        var columns = new int[width];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * width * 4, width * 4);
            for (var x = 0; x < width; x++)
            {
                if (Distance(row.Slice(x * 4, 4), background) > Tolerance)
                {
                    rows[y]++;
                    columns[x]++;
                }
            }
        }

        var (top, bottom) = Span(rows, Math.Max(1, width / 500));
        var (left, right) = Span(columns, Math.Max(1, height / 500));
        if (top < 0 || left < 0)
        {
            return null;
        }

        return (new SKRectI(left, top, right + 1, bottom + 1), background);
    }

    private static (int First, int Last) Span(int[] counts, int threshold)
    {
        var first = Array.FindIndex(counts, c => c > threshold);
        return first < 0 ? (-1, -1) : (first, Array.FindLastIndex(counts, c => c > threshold));
    }

    private static SKColor BorderMedian(ReadOnlySpan<byte> pixels, int width, int height)
    {
        var channels = new List<byte>[4] { [], [], [], [] };
        foreach (var offset in BorderOffsets(width, height))
        {
            for (var c = 0; c < 4; c++)
            {
                channels[c].Add(pixels[offset + c]);
            }
        }

        var median = channels.Select(list =>
        {
            list.Sort();
            return list[list.Count / 2];
        }).ToArray();
        return new SKColor(median[0], median[1], median[2], median[3]);
    }

    private static double BorderMatchShare(ReadOnlySpan<byte> pixels, int width, int height, SKColor background)
    {
        var (all, matching) = (0, 0);
        foreach (var offset in BorderOffsets(width, height))
        {
            all++;
            matching += Distance(pixels.Slice(offset, 4), background) <= Tolerance ? 1 : 0;
        }

        return all == 0 ? 0 : (double)matching / all;
    }

    /// <summary>Byte offsets of the outermost two rows and columns.</summary>
    private static IEnumerable<int> BorderOffsets(int width, int height)
    {
        for (var ring = 0; ring < Math.Min(2, Math.Min(width, height) / 2); ring++)
        {
            for (var x = 0; x < width; x++)
            {
                yield return ((ring * width) + x) * 4;
                yield return (((height - 1 - ring) * width) + x) * 4;
            }

            for (var y = 0; y < height; y++)
            {
                yield return ((y * width) + ring) * 4;
                yield return ((y * width) + width - 1 - ring) * 4;
            }
        }
    }

    private static int Distance(ReadOnlySpan<byte> rgba, SKColor c) =>
        Math.Max(Math.Max(Math.Abs(rgba[0] - c.Red), Math.Abs(rgba[1] - c.Green)), Math.Max(Math.Abs(rgba[2] - c.Blue), Math.Abs(rgba[3] - c.Alpha)));
}
