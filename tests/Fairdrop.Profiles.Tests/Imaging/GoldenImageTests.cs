using System.Runtime.CompilerServices;
using Fairdrop.Profiles.Imaging;
using SkiaSharp;

namespace Fairdrop.Profiles.Tests.Imaging;

/// <summary>
/// The whole render against a committed image, with a tolerance for anti-aliasing differences between Skia builds.
/// FAIRDROP_UPDATE_GOLDEN=1 rewrites the golden file in the source tree (look at it before committing it).
/// </summary>
public sealed class GoldenImageTests
{
    [Fact]
    public void Render_ProductWithBadgeInACircle_MatchesTheGoldenImage()
    {
        using var source = TestImages.ProductOnWhite();
        using var avatar = AvatarRenderer.Render(source, new RenderSpec(400, AvatarMask.Circle, "DROP · FRI 9 PM", BadgePosition.Bottom, null, null));
        var path = Path.Combine(SourceFolder(), "Golden", "product-circle-badge.png");
        if (Environment.GetEnvironmentVariable("FAIRDROP_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(path, TestImages.Png(avatar.Bitmap));
        }

        using var golden = SKBitmap.Decode(path).Copy(SKColorType.Rgba8888);

        var (mean, shareOver) = Pixels.Difference(avatar.Bitmap, golden, threshold: 48);
        Assert.True(mean < 1.5, $"mean difference {mean:0.00}");
        Assert.True(shareOver < 0.01, $"{shareOver:P2} of pixels differ by more than 48");
    }

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetDirectoryName(Path.GetDirectoryName(file))!;
}
