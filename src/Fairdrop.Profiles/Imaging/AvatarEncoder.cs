using Fairdrop.Core.Errors;
using Fairdrop.Profiles.Fetching;
using SkiaSharp;

namespace Fairdrop.Profiles.Imaging;

/// <summary>
/// Encodes within a network's byte limit: PNG first (it keeps the mask's transparent corners); over the limit, JPEG on a
/// white backdrop with the quality stepping down, then the side shrinking. Still over at the lowest setting: refused,
/// never sent.
/// </summary>
internal static class AvatarEncoder
{
    public const int LowestQuality = 40;
    public const int SmallestSide = 128;

    public static Result<EncodedAvatar> Encode(SKBitmap avatar, long maxBytes)
    {
        using (var png = avatar.Encode(SKEncodedImageFormat.Png, 100))
        {
            if (png.Size <= maxBytes)
            {
                return new EncodedAvatar(png.ToArray(), ImageSniffer.Png, avatar.Width);
            }
        }

        for (var side = avatar.Width; side >= SmallestSide; side = (int)(side * 0.8))
        {
            using var flat = Flatten(avatar, side);
            for (var quality = 90; quality >= LowestQuality; quality -= 10)
            {
                using var jpeg = flat.Encode(SKEncodedImageFormat.Jpeg, quality);
                if (jpeg.Size <= maxBytes)
                {
                    return new EncodedAvatar(jpeg.ToArray(), ImageSniffer.Jpeg, side);
                }
            }
        }

        return ProfileErrors.Unprocessable(
            ProfileErrors.ImageOverNetworkLimit,
            $"The avatar is over the network's limit of {maxBytes:N0} bytes even as a {SmallestSide} px JPEG at quality {LowestQuality}; nothing was sent.");
    }

    /// <summary>The avatar on white at <paramref name="side"/> px: JPEG has no alpha, and white is how feeds show the corners.</summary>
    private static SKBitmap Flatten(SKBitmap avatar, int side)
    {
        var flat = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(flat);
        canvas.Clear(SKColors.White);
        using var image = SKImage.FromBitmap(avatar);
        canvas.DrawImage(image, new SKRect(0, 0, side, side), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return flat;
    }
}
