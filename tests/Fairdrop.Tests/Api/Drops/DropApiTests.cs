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
        var client = _app.CreateClient();
        var entry = await (await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperId = "alice" })).Content.ReadFromJsonAsync<JsonElement>();
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
        var client = _app.CreateClient();
        var entry = await (await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperId = "alice" })).Content.ReadFromJsonAsync<JsonElement>();

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
        var client = _app.CreateClient();
        await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperId = "alice" });

        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperId = "alice" }), HttpStatusCode.Conflict, "duplicate_entry");
        await ProblemAssert.IsProblemAsync(await client.PostAsJsonAsync($"/api/v1/public/drops/{Guid.CreateVersion7()}/entries", new { shopperId = "alice" }), HttpStatusCode.NotFound, "not_found");
    }

    private async Task<string> MerchantKeyAsync(string name)
    {
        var response = await _app.CreateOperatorClient().PostAsJsonAsync("/api/v1/merchants", new { name });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString()!;
    }

    private async Task<string> CreateDropAsync(string key, TimeSpan opensIn)
    {
        var now = TimeProvider.System.GetUtcNow();
        var response = await _app.CreateClient(key).PostAsJsonAsync("/api/v1/drops", new
        {
            name = "Drop",
            productId = "sku-1",
            units = 5,
            windowOpensAt = now.AddSeconds(-5),
            opensAt = now + opensIn,
            admitIntervalMs = 0,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
