using Fairdrop.Core.Errors;
using SkiaSharp;

namespace Fairdrop.Profiles.Fetching;

/// <summary>
/// Judges image bytes before anything decodes them: the magic bytes, then the dimensions Skia's codec reads from the
/// header alone (<see cref="SKCodec.Info"/> decodes no pixel), so a 50,000 × 50,000 PNG of a few kilobytes is refused
/// before it can ask for 10 GB.
/// </summary>
internal static class ImageInspector
{
    /// <summary>Longest side accepted: a 1 × 40,000,000 strip is within the pixel limit but no product photo.</summary>
    public const int MaxSide = 20_000;

    public static Result<FetchedImage> Inspect(byte[] bytes, long maxPixels)
    {
        if (ImageSniffer.MediaType(bytes) is not { } mediaType)
        {
            return ProfileErrors.Unprocessable(ProfileErrors.UnsupportedImage, $"The image is refused: it is {ImageSniffer.Describe(bytes)}; only JPEG, PNG and WebP are read.", "imageUrl");
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return ProfileErrors.Unprocessable(ProfileErrors.ImageTruncated, "The image is refused: its header cannot be read (truncated or corrupt).", "imageUrl");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if ((long)width * height > maxPixels || Math.Max(width, height) > MaxSide)
        {
            return ProfileErrors.Unprocessable(
                ProfileErrors.ImageDimensionsTooLarge,
                $"The image is refused: {width} × {height} is more than {maxPixels:N0} pixels or {MaxSide:N0} on a side (checked from the header, before decoding).",
                "imageUrl");
        }

        return new FetchedImage(bytes, mediaType, width, height);
    }
}
