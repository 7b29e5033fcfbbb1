using Fairdrop.Profiles.Imaging;
using SkiaSharp;

namespace Fairdrop.Profiles.Tests;

public sealed class ContrastTests
{
    [Fact]
    public void Ratio_BlackOnWhite_Is21()
    {
        Assert.Equal(21, Contrast.Ratio(SKColors.Black, SKColors.White), 3);
    }

    [Fact]
    public void BlackOrWhite_AnyGrey_ReachesTheMinimum()
    {
        for (var v = 0; v < 256; v++)
        {
            var grey = new SKColor((byte)v, (byte)v, (byte)v);
            Assert.True(Contrast.Ratio(grey, Contrast.BlackOrWhite(grey)) >= Contrast.Minimum, $"grey {v}");
        }
    }
}
