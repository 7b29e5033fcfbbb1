using Fairdrop.Profiles.Imaging;
using SkiaSharp;

namespace Fairdrop.Profiles.Tests.Imaging;

public sealed class AvatarRendererTests
{
    private static RenderSpec Spec(AvatarMask mask = AvatarMask.Square, string? badge = null, BadgePosition position = BadgePosition.Bottom) =>
        new(400, mask, badge, position, null, null);

    [Fact]
    public void Render_ProductOffCentreOnWhite_CropsAroundItWithAMargin()
    {
        using var source = TestImages.ProductOnWhite();

        using var avatar = AvatarRenderer.Render(source, Spec());

        Assert.True(avatar.Trimmed);
        var red = Pixels.Bounds(avatar.Bitmap, Pixels.IsRed) ?? throw new InvalidOperationException("no product in the avatar");
        var margin = (int)(400 * RenderSpec.Margin * 0.8); // a little slack for anti-aliased edges
        Assert.True(red.Left >= margin && red.Top >= margin && red.Right <= 400 - margin && red.Bottom <= 400 - margin, $"product at {red}");
        // The product fills the crop: its larger side is the crop's side less both margins.
        Assert.InRange(Math.Max(red.Width, red.Height), 400 * (1 - (2 * RenderSpec.Margin)) - 6, 400 * (1 - (2 * RenderSpec.Margin)) + 6);
    }

    [Fact]
    public void Render_BusyPhoto_FallsBackToTheCentreSquare()
    {
        using var source = TestImages.Noise(300);

        using var avatar = AvatarRenderer.Render(source, Spec());

        Assert.False(avatar.Trimmed);
        Assert.Equal(new SKRect(0, 0, 400, 400), avatar.ProductArea);
    }

    [Theory]
    [InlineData("Circle")]
    [InlineData("Rounded")]
    public void Render_Mask_CornersTransparentCentreOpaque(string mask)
    {
        using var source = TestImages.ProductOnWhite();

        using var avatar = AvatarRenderer.Render(source, Spec(Enum.Parse<AvatarMask>(mask)));

        foreach (var (x, y) in new[] { (0, 0), (399, 0), (0, 399), (399, 399), (8, 8), (391, 391) })
        {
            Assert.Equal(0, avatar.Bitmap.GetPixel(x, y).Alpha);
        }

        Assert.Equal(255, avatar.Bitmap.GetPixel(200, 200).Alpha);
        Assert.Equal(255, avatar.Bitmap.GetPixel(200, 2).Alpha); // the edge's middle is inside both shapes
    }

    [Theory]
    [InlineData(250, "Bottom")]
    [InlineData(20, "Bottom")]
    [InlineData(128, "Top")]
    public void Render_Badge_TextContrastsWithThePillAndThePillWithWhatLiesBeneath(byte grey, string position)
    {
        using var source = new SKBitmap(new SKImageInfo(800, 800, SKColorType.Rgba8888, SKAlphaType.Premul));
        source.Erase(new SKColor(grey, grey, grey));

        using var avatar = AvatarRenderer.Render(source, Spec(AvatarMask.Circle, "BACK IN STOCK", Enum.Parse<BadgePosition>(position)));

        var area = avatar.BadgeArea ?? throw new InvalidOperationException("no badge");
        // The pill's colour is what most of its pixels are; the text's is the pixel that differs most from it.
        var pixels = Pixels.In(avatar.Bitmap, SKRectI.Inflate(area, -2, -2));
        var pill = pixels.GroupBy(c => c).OrderByDescending(g => g.Count()).First().Key;
        var text = pixels.MaxBy(c => Contrast.Ratio(c, pill));
        Assert.True(Contrast.Ratio(text, pill) >= Contrast.Minimum, $"text {text} on pill {pill}");
        Assert.True(Contrast.Ratio(pill, new SKColor(grey, grey, grey)) >= Contrast.Minimum, $"pill {pill} on grey {grey}");
        Assert.True(pixels.Count(c => Contrast.Ratio(c, pill) >= Contrast.Minimum) > 100, "the text is drawn");
    }

    [Fact]
    public void Render_LongBadgeInACircle_StaysInsideTheCircle()
    {
        using var source = TestImages.ProductOnWhite();

        using var avatar = AvatarRenderer.Render(source, Spec(AvatarMask.Circle, "DROP · FRIDAY 9 PM · ONLY 50 PAIRS LEFT"));

        var area = avatar.BadgeArea!.Value;
        foreach (var (x, y) in new[] { (area.Left, area.Top), (area.Right, area.Top), (area.Left, area.Bottom), (area.Right, area.Bottom) })
        {
            Assert.True(Math.Pow(x - 200, 2) + Math.Pow(y - 200, 2) <= 200 * 200, $"corner ({x}, {y}) outside the circle");
        }
    }
}
