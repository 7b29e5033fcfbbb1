using Fairdrop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fairdrop.Profiles.Tests.Fetching;

/// <summary>An image host on loopback serving good and bad bodies, all labelled image/png as a hostile host would.</summary>
internal sealed class ImageHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ImageHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<ImageHost> StartAsync(string address = "127.0.0.1")
    {
        var app = LoopbackApp.Create();
        app.Urls.Clear();
        app.Urls.Add($"http://{address}:0");
        using var product = TestImages.ProductOnWhite();
        var jpeg = TestImages.Jpeg(product);
        Map(app, "/product.jpg", jpeg);
        Map(app, "/truncated.jpg", jpeg[..(jpeg.Length / 2)]);
        Map(app, "/bomb.png", TestImages.PngHeader(50_000, 50_000));
        Map(app, "/drawing.svg.png", TestImages.Svg);
        Map(app, "/page.png", TestImages.Html);
        app.MapGet("/redirect", (string to) => Results.Redirect(to));
        app.MapGet("/loop/{n:int}", (int n) => Results.Redirect($"/loop/{n + 1}"));
        return new ImageHost(app, await LoopbackApp.StartAsync(app));
    }

    public string Url(string path) => BaseUrl + path;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static void Map(WebApplication app, string path, byte[] body) => app.MapGet(path, () => Results.Bytes(body, "image/png"));
}
