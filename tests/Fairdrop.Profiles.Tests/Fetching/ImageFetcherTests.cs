using Fairdrop.Core.Errors;
using Fairdrop.Profiles.Imaging;

namespace Fairdrop.Profiles.Tests.Fetching;

public sealed class ImageFetcherTests
{
    [Fact]
    public async Task FetchAsync_LoopbackWithoutTheOperatorsAllowance_IsRefused()
    {
        await using var host = await ImageHost.StartAsync();
        using var services = ProfilesTestServices.Build();

        var result = await services.Fetcher().FetchAsync(host.Url("/product.jpg"), CancellationToken.None);

        Assert.Equal(ErrorCodes.ForbiddenDestination, result.Error?.Code);
        Assert.Contains("loopback", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_AllowedLoopbackJpeg_ReturnsItWithItsDimensions()
    {
        await using var host = await ImageHost.StartAsync();
        using var services = ProfilesTestServices.Build(["127.0.0.1"]);

        var result = await services.Fetcher().FetchAsync(host.Url("/product.jpg"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(("image/jpeg", 1000, 1000), (result.Value!.MediaType, result.Value.Width, result.Value.Height));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata")]
    [InlineData("http://127.0.0.1:9/secret.png", "loopback")]
    [InlineData("http://10.1.2.3/x.png", "private")]
    [InlineData("file:///etc/passwd", "http(s)")]
    public async Task FetchAsync_RedirectToAForbiddenDestination_IsRefused(string target, string reason)
    {
        // The host itself is allowed (127.0.0.2, a loopback alias the operator listed); where it redirects is not.
        await using var host = await ImageHost.StartAsync("127.0.0.2");
        using var services = ProfilesTestServices.Build(["127.0.0.2"]);

        var result = await services.Fetcher().FetchAsync(host.Url("/redirect?to=" + Uri.EscapeDataString(target)), CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Contains("redirect", result.Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_RedirectLoop_StopsAfterThree()
    {
        await using var host = await ImageHost.StartAsync();
        using var services = ProfilesTestServices.Build(["127.0.0.1"]);

        var result = await services.Fetcher().FetchAsync(host.Url("/loop/0"), CancellationToken.None);

        Assert.Equal(ProfileErrors.ImageFetchFailed, result.Error?.Code);
        Assert.Contains("more than 3 redirects", result.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/drawing.svg.png", ProfileErrors.UnsupportedImage, "SVG")]
    [InlineData("/page.png", ProfileErrors.UnsupportedImage, "HTML")]
    [InlineData("/bomb.png", ProfileErrors.ImageDimensionsTooLarge, "50000 × 50000")]
    public async Task FetchAsync_BadBodyLabelledAsPng_IsRefusedBeforeDecoding(string path, string code, string words)
    {
        await using var host = await ImageHost.StartAsync();
        using var services = ProfilesTestServices.Build(["127.0.0.1"]);

        var result = await services.Fetcher().FetchAsync(host.Url(path), CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
        Assert.Contains(words, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_BodyOverTheLimit_IsRefused()
    {
        await using var host = await ImageHost.StartAsync();
        using var services = ProfilesTestServices.Build(["127.0.0.1"], o => o.MaxImageBytes = 4096);

        var result = await services.Fetcher().FetchAsync(host.Url("/product.jpg"), CancellationToken.None);

        Assert.Equal(ProfileErrors.ImageTooLarge, result.Error?.Code);
    }

    [Fact]
    public async Task Generate_TruncatedJpeg_IsRefusedAsTruncated()
    {
        await using var host = await ImageHost.StartAsync();
        using var services = ProfilesTestServices.Build(["127.0.0.1"]);
        var fetched = await services.Fetcher().FetchAsync(host.Url("/truncated.jpg"), CancellationToken.None);
        Assert.True(fetched.IsSuccess, fetched.Error?.Message); // its header is whole: only decoding finds the end missing

        var result = AvatarGenerator.Generate(fetched.Value!, new RenderSpec(400, AvatarMask.Circle, null, BadgePosition.None, null, null), 2_000_000);

        Assert.Equal(ProfileErrors.ImageTruncated, result.Error?.Code);
    }
}
