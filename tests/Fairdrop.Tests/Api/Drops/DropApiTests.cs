using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Fairdrop.Tests.Api.Drops;

public sealed class DropApiTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task LongPoll_WaitsForTheTurn_ThenHandsOutATokenThatBuys()
    {
        var key = await MerchantKeyAsync("Shop");
        var dropId = await CreateDropAsync(key, opensIn: TimeSpan.FromSeconds(1));
        var secret = await ShopperSecretAsync(key);
        var client = _app.CreateClient();
        var entry = await (await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperToken = Token(secret, "alice") })).Content.ReadFromJsonAsync<JsonElement>();
        var entryId = entry.GetProperty("entryId").GetString();
        var entryKey = entry.GetProperty("entryKey").GetString();

        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/public/drops/{dropId}/entries/{entryId}?key={entryKey}");
        var turn = await client.GetFromJsonAsync<JsonElement>($"/api/v1/public/drops/{dropId}/entries/{entryId}?key={entryKey}&wait=30");
        var token = turn.GetProperty("saleToken").GetString();
        var purchase = await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/purchases", new { token, shopperId = "alice", quantity = 1 });
        var replay = await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/purchases", new { token, shopperId = "alice", quantity = 1 });

        Assert.Equal(JsonValueKind.Null, before.GetProperty("saleToken").ValueKind);
        Assert.NotNull(token);
        Assert.Equal(HttpStatusCode.Created, purchase.StatusCode);
        await ProblemAssert.IsProblemAsync(replay, HttpStatusCode.Conflict, "token_used");
    }

    [Fact]
    public async Task EntryStatus_WrongKey_Is404()
    {
        var key = await MerchantKeyAsync("Shop");
        var dropId = await CreateDropAsync(key, opensIn: TimeSpan.FromHours(1));
        var secret = await ShopperSecretAsync(key);
        var client = _app.CreateClient();
        var entry = await (await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperToken = Token(secret, "alice") })).Content.ReadFromJsonAsync<JsonElement>();

        var response = await client.GetAsync($"/api/v1/public/drops/{dropId}/entries/{entry.GetProperty("entryId").GetString()}?key=guess");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnotherMerchantsDrop_Is404_ForReportAndTrustedEntries()
    {
        var alice = await MerchantKeyAsync("Alice");
        var bob = await MerchantKeyAsync("Bob");
        var dropId = await CreateDropAsync(alice, opensIn: TimeSpan.FromHours(1));

        await ProblemAssert.IsProblemAsync(await _app.CreateClient(bob).GetAsync($"/api/v1/drops/{dropId}/report"), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await _app.CreateClient(bob).PostAsJsonAsync($"/api/v1/drops/{dropId}/entries", new { shopperId = "x", risk = 0.99 }), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task CreateDrop_BadSettings_Is400NamingTheField()
    {
        var key = await MerchantKeyAsync("Shop");

        var response = await _app.CreateClient(key).PostAsJsonAsync("/api/v1/drops", new { name = "x", productId = "sku", units = 10, opensAt = DateTimeOffset.UnixEpoch.AddYears(60), botPolicy = "shoot" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("botPolicy", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Entry_DuplicateShopper_Is409_UnknownDrop_Is404()
    {
        var key = await MerchantKeyAsync("Shop");
        var dropId = await CreateDropAsync(key, opensIn: TimeSpan.FromHours(1));
        var secret = await ShopperSecretAsync(key);
        var client = _app.CreateClient();
        await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperToken = Token(secret, "alice") });

        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperToken = Token(secret, "alice") }), HttpStatusCode.Conflict, "duplicate_entry");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/public/drops/{Guid.CreateVersion7()}/entries", new { shopperToken = Token(secret, "alice") }), HttpStatusCode.NotFound, "not_found");
    }

    private Task<string> MerchantKeyAsync(string name) => DropApi.MerchantKeyAsync(_app, name);

    private Task<string> ShopperSecretAsync(string key) => DropApi.ShopperSecretAsync(_app, key);

    private static string Token(string secret, string shopperId) => DropApi.Token(secret, shopperId);

    private Task<string> CreateDropAsync(string key, TimeSpan opensIn) => DropApi.CreateDropAsync(_app, key, opensIn);
}
