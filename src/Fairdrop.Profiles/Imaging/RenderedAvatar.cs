using SkiaSharp;

namespace Fairdrop.Profiles.Imaging;

/// <summary>A rendered avatar (premultiplied RGBA, transparent outside the mask) and where its parts landed, for checks and tests.</summary>
internal sealed record RenderedAvatar(SKBitmap Bitmap, SKRect ProductArea, SKRectI? BadgeArea, SKColor? BadgeBackground, SKColor? BadgeForeground, bool Trimmed) : IDisposable
{
    public void Dispose() => Bitmap.Dispose();
}
