using Fairdrop.Core.Errors;
using Fairdrop.Profiles.Fetching;
using SkiaSharp;

namespace Fairdrop.Profiles.Imaging;

/// <summary>Decodes an inspected image into RGBA pixels; a body that ends early (a truncated JPEG) is refused, not half-used.</summary>
internal static class SourceDecoder
{
    public static Result<SKBitmap> Decode(FetchedImage image)
    {
        using var data = SKData.CreateCopy(image.Bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return Truncated();
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return result is SKCodecResult.IncompleteInput or SKCodecResult.ErrorInInput
            ? Truncated()
            : ProfileErrors.Unprocessable(ProfileErrors.UnsupportedImage, $"The image cannot be decoded ({result}).", "imageUrl");
    }

    private static Error Truncated() =>
        ProfileErrors.Unprocessable(ProfileErrors.ImageTruncated, "The image is refused: it ends before its last pixel (truncated or corrupt).", "imageUrl");
}
