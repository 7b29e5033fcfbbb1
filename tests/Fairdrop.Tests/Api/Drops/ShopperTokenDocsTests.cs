using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Fairdrop.Tests.Api.Drops;

/// <summary>The shell recipe of docs/drops.md, run as written: the token it prints enters a drop.</summary>
public sealed partial class ShopperTokenDocsTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [SkippableFact]
    public async Task DocumentedOpensslRecipe_SignsATokenThatEnters()
    {
        Skip.If(!File.Exists("/usr/bin/openssl") && !File.Exists("/usr/local/bin/openssl"), "openssl is not installed");
        var key = await DropApi.MerchantKeyAsync(_app, "Shop");
        var secret = await DropApi.ShopperSecretAsync(_app, key);
        var dropId = await DropApi.CreateDropAsync(_app, key, TimeSpan.FromHours(1));

        var token = await RunAsync(FirstShellBlock(), new() { ["SECRET"] = secret, ["SHOPPER_ID"] = "Customer-42" });
        var response = await _app.CreateClient().PostAsJsonAsync($"/api/v1/public/drops/{dropId}/entries", new { shopperToken = token });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static string FirstShellBlock()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Fairdrop.slnx")))
        {
            directory = directory.Parent;
        }

        var docs = File.ReadAllText(Path.Combine(directory!.FullName, "docs", "drops.md"));
        return ShellBlock().Match(docs).Groups[1].Value;
    }

    private static async Task<string> RunAsync(string script, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash", ["-euc", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return output.Trim();
    }

    [GeneratedRegex("```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
