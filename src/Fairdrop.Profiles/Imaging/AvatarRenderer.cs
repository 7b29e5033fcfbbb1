using SkiaSharp;

namespace Fairdrop.Profiles.Imaging;

/// <summary>
/// Source photo → avatar: a square crop around the product with a margin (or the centre square when no background can
/// be trimmed), resized with mipmapped linear sampling (no aliasing on a 2–10× reduction), clipped to the network's
/// shape, with the badge on top.
/// </summary>
internal static class AvatarRenderer
{
    private static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    public static RenderedAvatar Render(SKBitmap source, RenderSpec spec)
    {
        var found = ProductFinder.Find(source);
        var crop = found is { } f ? SquareAround(f.Bounds, source.Width, source.Height) : CentreSquare(source.Width, source.Height);
        var size = spec.Size;
        var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        using (var mask = MaskPath(spec.Mask, size))
        {
            if (mask is not null)
            {
                canvas.ClipPath(mask, antialias: true);
            }
        }

        var scale = size / crop.Width;
        // The crop may reach past the photo's edges (a product near one): there the trimmed background continues it.
        canvas.Clear(found?.Background ?? SKColors.Transparent);
        using (var image = SKImage.FromBitmap(source))
        {
            canvas.Save();
            canvas.Scale(scale);
            canvas.Translate(-crop.Left, -crop.Top);
            canvas.DrawImage(image, 0, 0, Sampling);
            canvas.Restore();
        }

        var product = found is { } p
            ? new SKRect((p.Bounds.Left - crop.Left) * scale, (p.Bounds.Top - crop.Top) * scale, (p.Bounds.Right - crop.Left) * scale, (p.Bounds.Bottom - crop.Top) * scale)
            : new SKRect(0, 0, size, size);
        var badge = BadgePainter.Paint(canvas, bitmap, spec);
        canvas.Flush();
        return new RenderedAvatar(bitmap, product, badge?.Area, badge?.Background, badge?.Foreground, found is not null);
    }

    /// <summary>A square centred on the product, its side the product's larger side plus the margin, at least a fifth of the photo's smaller side.</summary>
    private static SKRect SquareAround(SKRectI bounds, int width, int height)
    {
        var side = Math.Max(bounds.Width, bounds.Height) / (1 - (2 * RenderSpec.Margin));
        side = Math.Max(side, Math.Min(width, height) / 5f);
        var (cx, cy) = (bounds.MidX, bounds.MidY);
        return new SKRect(cx - (side / 2), cy - (side / 2), cx + (side / 2), cy + (side / 2));
    }

    private static SKRect CentreSquare(int width, int height)
    {
        var side = Math.Min(width, height);
        var (left, top) = ((width - side) / 2f, (height - side) / 2f);
        return new SKRect(left, top, left + side, top + side);
    }

    private static SKPath? MaskPath(AvatarMask mask, int size)
    {
        if (mask == AvatarMask.Square)
        {
            return null;
        }

        using var builder = new SKPathBuilder();
        var bounds = new SKRect(0, 0, size, size);
        if (mask == AvatarMask.Circle)
        {
            builder.AddOval(bounds, SKPathDirection.Clockwise);
        }
        else
        {
            builder.AddRoundRect(new SKRoundRect(bounds, size * 0.16f), SKPathDirection.Clockwise);
        }

        return builder.Detach();
    }
}
