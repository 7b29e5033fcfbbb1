using Fairdrop.Core.Errors;
using Fairdrop.Profiles.Fetching;

namespace Fairdrop.Profiles.Imaging;

/// <summary>An inspected photo → an avatar encoded within the network's byte limit.</summary>
internal static class AvatarGenerator
{
    public static Result<EncodedAvatar> Generate(FetchedImage source, RenderSpec spec, long maxBytes)
    {
        if (!SourceDecoder.Decode(source).TryGetValue(out var bitmap, out var error))
        {
            return error;
        }

        using (bitmap)
        using (var rendered = AvatarRenderer.Render(bitmap, spec))
        {
            return AvatarEncoder.Encode(rendered.Bitmap, maxBytes);
        }
    }
}
