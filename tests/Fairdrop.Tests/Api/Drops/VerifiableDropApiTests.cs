using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Testing;
using static Fairdrop.Tests.Api.Drops.DropApi;

namespace Fairdrop.Tests.Api.Drops;

/// <summary>
/// A drop in the beacon mode end to end over the API, against a drand relay fake on loopback: receipts at entry, the
/// order placed once the round after sealing is out, verification from the public audit, inclusion proofs, and the
/// auditor's own script (docs/drops-verify.py) agreeing from the same public data.
/// </summary>
public sealed class VerifiableDropApiTests : IAsyncLifetime
{
    private FakeDrand _drand = null!;
    private FairdropFactory _app = null!;

    public async Task InitializeAsync()
    {
        _drand = await FakeDrand.StartAsync();
        _app = await FairdropFactory.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Fairdrop:Drops:BeaconUrl"] = _drand.Url,
            ["Fairdrop:Drops:BeaconChainHash"] = _drand.ChainHash,
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _drand.DisposeAsync();
    }

    [Fact]
    public async Task BeaconDrop_EntriesGetReceipts_TheOrderVerifiesFromPublicData_AndTheAuditorsScriptAgrees()
    {
        var key = await MerchantKeyAsync(_app, "Shop");
        var secret = await ShopperSecretAsync(_app, key);
        var merchant = _app.CreateClient(key);
        var created = await (await merchant.PostAsJsonAsync("/api/v1/drops", new
        {
            name = "Drop", productId = "sku-1", units = 3, opensAt = TimeProvider.System.GetUtcNow().AddSeconds(2), windowOpensAt = TimeProvider.System.GetUtcNow().AddSeconds(-5),
        })).Content.ReadFromJsonAsync<JsonElement>();
        var dropId = created.GetProperty("id").GetString();
        var storefront = _app.CreateClient();
        var entries = new List<JsonElement>();
        for (var i = 0; i < 8; i++)
        {
            var response = await storefront.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperToken = Token(secret, $"shopper-{i}") });
            entries.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        var verification = await VerifiedAsync(storefront, dropId!);
        var proof = await storefront.GetStringAsync($"/api/v1/public/drops/{dropId}/entries/{entries[2].GetProperty("entryId").GetString()}/proof");
        var audit = await storefront.GetStringAsync($"/api/v1/public/drops/{dropId}/audit");

        Assert.Equal("beacon", created.GetProperty("randomness").GetString());
        Assert.Equal(_drand.ChainHash, created.GetProperty("beacon").GetProperty("hash").GetString());
        Assert.Equal("P-256", created.GetProperty("receiptKey").GetProperty("crv").GetString());
        Assert.All(entries, e => Assert.Equal(3, e.GetProperty("receipt").GetString()!.Split('.').Length));
        Assert.True(verification.GetProperty("verified").GetBoolean(), verification.ToString());
        Assert.Equal("beacon", verification.GetProperty("mode").GetString());
        Assert.Equal((0, "included"), await PythonAsync("--proof", proof));
        var (exit, output) = await PythonAsync(null, audit);
        Assert.True(exit == 0, output);
        Assert.StartsWith("verified (beacon mode): 8 places", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OpeningInThePast_Is400_NamingOpensAt()
    {
        var key = await MerchantKeyAsync(_app, "Shop");
        var response = await _app.CreateClient(key).PostAsJsonAsync("/api/v1/drops", new { name = "Drop", productId = "sku-1", units = 3, opensAt = TimeProvider.System.GetUtcNow().AddMinutes(-1) });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("opensAt", problem.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Polls the public verification until the drop is placed and verified (the round after sealing comes within a second).</summary>
    private static async Task<JsonElement> VerifiedAsync(HttpClient client, string dropId)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
        while (true)
        {
            var verification = await client.GetFromJsonAsync<JsonElement>($"/api/v1/public/drops/{dropId}/verify");
            if (verification.GetProperty("verified").GetBoolean() || TimeProvider.System.GetUtcNow() > deadline)
            {
                return verification;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<(int Exit, string Output)> PythonAsync(string? flag, string json)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, json);
        try
        {
            var script = RepoFiles.PathOf("docs", "drops-verify.py");
            using var process = Process.Start(new ProcessStartInfo("python3", flag is null ? [script, file] : [script, flag, file]) { RedirectStandardOutput = true })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, output.Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
