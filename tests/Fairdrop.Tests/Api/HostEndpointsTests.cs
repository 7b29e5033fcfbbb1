using System.Net;
using System.Text.Json;
using Fairdrop.Core.Storage;

namespace Fairdrop.Tests.Api;

public sealed class HostEndpointsTests
{
    [SkippableTheory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task HealthAndReady_AreOk_OnEachDatabase(StorageProvider provider)
    {
        await using var app = await FairdropFactory.CreateAsync(provider);
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApiAndTheBearerScheme()
    {
        await using var app = await FairdropFactory.CreateAsync();

        var document = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/merchants", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/merchant/keys/rotate", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task ApiPage_IsServed()
    {
        await using var app = await FairdropFactory.CreateAsync();

        var page = await app.CreateClient().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Fairdrop API", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ArePrometheusTextWithRequestDurations()
    {
        await using var app = await FairdropFactory.CreateAsync();
        var client = app.CreateClient();
        await client.GetAsync("/healthz");

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("# TYPE", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
    }
}
