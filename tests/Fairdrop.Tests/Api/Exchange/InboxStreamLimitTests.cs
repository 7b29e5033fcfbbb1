using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>Event streams per API key are capped (issue 17, finding 6): one key cannot hold thousands open.</summary>
public sealed class InboxStreamLimitTests : IAsyncLifetime
{
    private const int Limit = 3;
    private FairdropFactory _factory = null!;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _factory = await FairdropFactory.CreateAsync();
        _app = _factory.WithWebHostBuilder(b => b.UseSetting("Fairdrop:Http:MaxStreamsPerKey", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Stream_OverTheLimitPerKey_Is429UntilOneCloses()
    {
        var (keyA, keyIdA) = await NewKeyAsync("A");
        var (keyB, _) = await NewKeyAsync("B");
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < Limit; i++)
        {
            open.Add(await OpenAsync(keyA, $"user{i}"));
            Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);
        }

        var refused = await OpenAsync(keyA, "one-more");
        var otherKey = await OpenAsync(keyB, "user0");

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);

        // A client that goes away gives its slot back (the server sees the disconnect shortly after).
        open[0].Dispose();
        var limiter = _app.Services.GetRequiredService<StreamLimiter>();
        var clock = Stopwatch.StartNew();
        while (limiter.OpenFor(keyIdA) >= Limit && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        var again = await OpenAsync(keyA, "user0");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        again.Dispose();
        otherKey.Dispose();
        open.ForEach(r => r.Dispose());
    }

    private async Task<HttpResponseMessage> OpenAsync(string key, string userId)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/exchange/inbox/{userId}/stream");
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private async Task<(string Key, Guid KeyId)> NewKeyAsync(string name)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FairdropFactory.OperatorKey);
        var response = await client.PostAsJsonAsync("/api/v1/merchants", new { name });
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey");
        return (key.GetProperty("key").GetString()!, key.GetProperty("id").GetGuid());
    }
}
