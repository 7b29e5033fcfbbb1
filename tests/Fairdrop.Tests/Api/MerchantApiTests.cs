using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fairdrop.Tests.Api;

public sealed class MerchantApiTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Operator_CreatesMerchant_MerchantReadsItselfWithTheKey()
    {
        var (id, key) = await CreateMerchantAsync("Midnight Sneakers");

        var self = await _app.CreateClient(key).GetFromJsonAsync<JsonElement>("/api/v1/merchant");

        Assert.Equal(id, self.GetProperty("id").GetString());
        Assert.Equal("Midnight Sneakers", self.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_ReturnsKeyOnce_ListingShowsOnlyPrefix()
    {
        var (_, key) = await CreateMerchantAsync("Shop");

        var keys = await _app.CreateClient(key).GetStringAsync("/api/v1/merchant/keys");

        Assert.DoesNotContain(key, keys, StringComparison.Ordinal);
        Assert.Contains(key[..12], keys, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_WithoutGrace_OldKeyIs401_NewKeyWorks()
    {
        var (_, oldKey) = await CreateMerchantAsync("Shop");

        var rotated = await _app.CreateClient(oldKey).PostAsJsonAsync("/api/v1/merchant/keys/rotate", new { });
        var newKey = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        await ProblemAssert.IsProblemAsync(await _app.CreateClient(oldKey).GetAsync("/api/v1/merchant"), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient(newKey).GetAsync("/api/v1/merchant")).StatusCode);
    }

    [Fact]
    public async Task Rotate_WithGrace_BothKeysWorkMeanwhile()
    {
        var (_, oldKey) = await CreateMerchantAsync("Shop");

        var rotated = await _app.CreateClient(oldKey).PostAsJsonAsync("/api/v1/merchant/keys/rotate", new { graceSeconds = 3600 });
        var newKey = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient(oldKey).GetAsync("/api/v1/merchant")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient(newKey).GetAsync("/api/v1/merchant")).StatusCode);
    }

    [Fact]
    public async Task Rotate_NegativeGrace_Is400NamingTheField()
    {
        var (_, key) = await CreateMerchantAsync("Shop");

        var response = await _app.CreateClient(key).PostAsJsonAsync("/api/v1/merchant/keys/rotate", new { graceSeconds = -1 });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("graceSeconds", out _));
    }

    [Fact]
    public async Task RevokeKey_AnotherMerchantsKey_Is404_AndTheKeyStillWorks()
    {
        var (_, aliceKey) = await CreateMerchantAsync("Alice");
        var (_, bobKey) = await CreateMerchantAsync("Bob");
        var bobKeys = await _app.CreateClient(bobKey).GetFromJsonAsync<JsonElement>("/api/v1/merchant/keys");
        var bobKeyId = bobKeys[0].GetProperty("id").GetString();

        var response = await _app.CreateClient(aliceKey).DeleteAsync($"/api/v1/merchant/keys/{bobKeyId}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient(bobKey).GetAsync("/api/v1/merchant")).StatusCode);
    }

    [Fact]
    public async Task RevokeKey_OwnKey_Is204_ThenThatKeyIs401()
    {
        var (_, key) = await CreateMerchantAsync("Shop");
        var keys = await _app.CreateClient(key).GetFromJsonAsync<JsonElement>("/api/v1/merchant/keys");

        var response = await _app.CreateClient(key).DeleteAsync($"/api/v1/merchant/keys/{keys[0].GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient(key).GetAsync("/api/v1/merchant")).StatusCode);
    }

    [Fact]
    public async Task Operator_ListsMerchantsInPages()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateMerchantAsync($"m{i}");
        }

        var first = await _app.CreateOperatorClient().GetFromJsonAsync<JsonElement>("/api/v1/merchants?limit=2");
        var next = first.GetProperty("next").GetString();
        var second = await _app.CreateOperatorClient().GetFromJsonAsync<JsonElement>($"/api/v1/merchants?limit=2&after={next}");

        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Operator_GetsUnknownMerchant_Is404()
    {
        var response = await _app.CreateOperatorClient().GetAsync($"/api/v1/merchants/{Guid.CreateVersion7()}");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private async Task<(string Id, string Key)> CreateMerchantAsync(string name)
    {
        var response = await _app.CreateOperatorClient().PostAsJsonAsync("/api/v1/merchants", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("merchant").GetProperty("id").GetString()!, body.GetProperty("apiKey").GetProperty("key").GetString()!);
    }
}
