using System.Text.Json;
using Fairdrop.Testing;

namespace Fairdrop.IntegrationTests;

/// <summary>The command line as an operator meets it: help, version, migrate, proxy. The scenario benchmarks are ScenarioBenchTests.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_ListsTheCommands()
    {
        var (exit, stdout, _) = await FairdropProcess.RunAsync(["--help"]);

        Assert.Equal(0, exit);
        foreach (var command in new[] { "serve", "migrate", "version", "merchants" })
        {
            Assert.Contains(command, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ServeHelp_NamesTheDefaultAddress()
    {
        var (exit, stdout, _) = await FairdropProcess.RunAsync(["serve", "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("http://127.0.0.1:5080", stdout, StringComparison.Ordinal);
        Assert.Contains("--postgres", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var (exit, stdout, _) = await FairdropProcess.RunAsync(["version"]);

        Assert.Equal(0, exit);
        Assert.StartsWith("fairdrop 0.1.0", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ExitsNonZero()
    {
        var (exit, _, stderr) = await FairdropProcess.RunAsync(["frobnicate"]);

        Assert.NotEqual(0, exit);
        Assert.Contains("frobnicate", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_UpstreamNotAnHttpUrl_ExitsWithAUsageErrorNamingIt()
    {
        var (exit, _, stderr) = await FairdropProcess.RunAsync(["proxy", "--upstream", "ftp://shop.example"]);

        Assert.NotEqual(0, exit);
        Assert.Contains("--upstream must be an absolute http:// or https:// URL, not 'ftp://shop.example'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_ForwardsToTheUpstreamItIsGiven()
    {
        // The upstream is a Fairdrop server: its merchant API, which the proxy itself does not have, answers through it.
        var data = Directory.CreateTempSubdirectory("fairdrop-proxy-").FullName;
        try
        {
            var upstreamUrl = $"http://127.0.0.1:{FairdropProcess.FreePort()}";
            await using var upstream = FairdropProcess.Start(["serve", "--urls", upstreamUrl, "--data", Path.Combine(data, "upstream")]);
            await upstream.WaitUntilServingAsync($"{upstreamUrl}/healthz", TimeSpan.FromSeconds(60));
            var proxyUrl = $"http://127.0.0.1:{FairdropProcess.FreePort()}";
            await using var proxy = FairdropProcess.Start(["proxy", "--upstream", upstreamUrl, "--urls", proxyUrl, "--data", Path.Combine(data, "proxy")]);
            await proxy.WaitUntilServingAsync($"{proxyUrl}/readyz", TimeSpan.FromSeconds(60));
            using var http = new HttpClient();

            var direct = await http.GetAsync($"{upstreamUrl}/api/v1/merchant");
            var proxied = await http.GetAsync($"{proxyUrl}/api/v1/merchant");

            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, direct.StatusCode);
            Assert.Equal(direct.StatusCode, proxied.StatusCode);
            var expected = JsonDocument.Parse(await direct.Content.ReadAsStringAsync()).RootElement;
            var actual = JsonDocument.Parse(await proxied.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(expected.GetProperty("code").GetString(), actual.GetProperty("code").GetString()); // the trace ids differ: two requests
            Assert.Equal(expected.GetProperty("title").GetString(), actual.GetProperty("title").GetString());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Migrate_AppliesOnce_ThenFindsNothingPending()
    {
        var data = Directory.CreateTempSubdirectory("fairdrop-migrate-").FullName;
        try
        {
            var first = await FairdropProcess.RunAsync(["migrate", "--data", data]);
            var second = await FairdropProcess.RunAsync(["migrate", "--data", data]);

            Assert.Equal(0, first.ExitCode);
            Assert.Contains("core/0001_tenancy", first.Stdout, StringComparison.Ordinal);
            Assert.Equal(0, second.ExitCode);
            Assert.Contains("applied 0 migration(s)", second.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Migrate_OnPostgres_Applies()
    {
        await using var db = await TestDatabase.CreatePostgresAsync();

        var (exit, stdout, stderr) = await FairdropProcess.RunAsync(["migrate"], new Dictionary<string, string> { ["FAIRDROP_POSTGRES"] = db.PostgresConnectionString! });

        Assert.True(exit == 0, stderr);
        Assert.Contains("PostgreSQL database", stdout, StringComparison.Ordinal);
        Assert.Contains("core/0001_tenancy", stdout, StringComparison.Ordinal);
    }
}
