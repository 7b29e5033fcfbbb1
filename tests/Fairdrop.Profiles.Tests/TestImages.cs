using System.Buffers.Binary;
using System.IO.Hashing;
using SkiaSharp;

namespace Fairdrop.Profiles.Tests;

/// <summary>Deterministic source photos: a product on a studio backdrop, a busy photo, and crafted bad bodies.</summary>
internal static class TestImages
{
    public static readonly SKColor ProductRed = new(220, 20, 30);

    /// <summary>Where the red product stands on the 1000 × 1000 white photo: off centre, so a centre crop would cut it.</summary>
    public static readonly SKRectI ProductBounds = new(560, 140, 860, 420);

    public static SKBitmap ProductOnWhite(int side = 1000)
    {
        var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(250, 250, 248));
        var scale = side / 1000f;
        using var red = new SKPaint { Color = ProductRed, IsAntialias = true };
        var box = ProductBounds;
        canvas.DrawRoundRect(new SKRect(box.Left * scale, box.Top * scale, box.Right * scale, box.Bottom * scale), 24 * scale, 24 * scale, red);
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawCircle(710 * scale, 280 * scale, 50 * scale, white);
        return bitmap;
    }

    /// <summary>Noise everywhere: no uniform border, and nothing compresses it well.</summary>
    public static SKBitmap Noise(int side, int seed = 7)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
        var pixels = bitmap.GetPixelSpan();
        random.NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        return bitmap;
    }

    public static byte[] Jpeg(SKBitmap bitmap, int quality = 90)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    public static byte[] Png(SKBitmap bitmap)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A valid PNG signature and IHDR claiming <paramref name="width"/> × <paramref name="height"/>, then a stub: a decompression bomb's header.</summary>
    public static byte[] PngHeader(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // truecolour
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(stream, "IHDR"u8, ihdr);
        WriteChunk(stream, "IDAT"u8, [0x78, 0x9C, 0x01, 0x00, 0x00, 0xFF, 0xFF]);
        return stream.ToArray();
    }

    public static readonly byte[] Svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"u8.ToArray();

    public static readonly byte[] Html = "<!DOCTYPE html><html><body>not an image</body></html>"u8.ToArray();

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        stream.Write(type);
        stream.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        Span<byte> sum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(sum, crc.GetCurrentHashAsUInt32());
        stream.Write(sum);
    }
}
