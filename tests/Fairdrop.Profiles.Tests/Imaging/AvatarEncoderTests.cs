using Fairdrop.Profiles.Imaging;

namespace Fairdrop.Profiles.Tests.Imaging;

public sealed class AvatarEncoderTests
{
    [Fact]
    public void Encode_WithinTheLimit_IsPngWithItsTransparency()
    {
        using var source = TestImages.ProductOnWhite();
        using var avatar = AvatarRenderer.Render(source, new RenderSpec(400, AvatarMask.Circle, "BACK IN STOCK", BadgePosition.Bottom, null, null));

        var encoded = AvatarEncoder.Encode(avatar.Bitmap, 1_000_000);

        Assert.Equal(("image/png", 400), (encoded.Value!.MediaType, encoded.Value.Size));
    }

    [Fact]
    public void Encode_PngOverTheLimit_StepsDownToAJpegThatFits()
    {
        using var noise = TestImages.Noise(400);

        var encoded = AvatarEncoder.Encode(noise, 60_000);

        Assert.True(encoded.IsSuccess, encoded.Error?.Message);
        Assert.Equal("image/jpeg", encoded.Value!.MediaType);
        Assert.True(encoded.Value.Bytes.Length <= 60_000);
    }

    [Fact]
    public void Encode_OverTheLimitAtTheLowestSetting_IsRefused()
    {
        using var noise = TestImages.Noise(400);

        var encoded = AvatarEncoder.Encode(noise, 1_000);

        Assert.Equal(ProfileErrors.ImageOverNetworkLimit, encoded.Error?.Code);
    }
}
