using SkiaSharp;

namespace Fairdrop.Scenarios.Profiles;

/// <summary>Deterministic 1000 × 1000 catalogue-like JPEGs: a product (shapes, a gradient) on a near-white studio backdrop with sensor noise.</summary>
internal static class ProfileImageSources
{
    public static byte[][] Create(int count, int side = 1000)
    {
        var random = new Random(25);
        var sources = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(new SKColor(246, 246, 244));
                var (w, h) = (random.Next(250, 600), random.Next(250, 600));
                var (x, y) = (random.Next(20, side - w - 20), random.Next(20, side - h - 20));
                var hue = (float)random.Next(360);
                using var shader = SKShader.CreateLinearGradient(
                    new SKPoint(x, y), new SKPoint(x + w, y + h), [SKColor.FromHsl(hue, 70, 45), SKColor.FromHsl((hue + 40) % 360, 70, 30)], SKShaderTileMode.Clamp);
                using var body = new SKPaint { Shader = shader, IsAntialias = true };
                canvas.DrawRoundRect(new SKRect(x, y, x + w, y + h), 40, 40, body);
                using var detail = new SKPaint { Color = SKColors.White, IsAntialias = true };
                canvas.DrawCircle(x + (w / 2f), y + (h / 2f), Math.Min(w, h) / 5f, detail);
            }

            var pixels = bitmap.GetPixelSpan();
            for (var p = 0; p < pixels.Length; p += 4)
            {
                var n = random.Next(-3, 4); // a little noise, as a camera gives
                pixels[p] = (byte)Math.Clamp(pixels[p] + n, 0, 255);
                pixels[p + 1] = (byte)Math.Clamp(pixels[p + 1] + n, 0, 255);
                pixels[p + 2] = (byte)Math.Clamp(pixels[p + 2] + n, 0, 255);
            }

            using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 88);
            sources[i] = jpeg.ToArray();
        }

        return sources;
    }
}
