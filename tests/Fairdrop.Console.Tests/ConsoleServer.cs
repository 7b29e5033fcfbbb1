using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Fairdrop.Testing;

namespace Fairdrop.Console.Tests;

/// <summary>
/// A real <c>fairdrop serve</c> on loopback over a fresh SQLite folder, set up as a new user would: a merchant made with
/// <c>fairdrop merchants create</c>, its first owner invited with <c>fairdrop staff invite</c>. No SMTP server is
/// configured, so emails land in the data folder's pickup directory, as the README says.
/// </summary>
internal sealed partial class ConsoleServer : IAsyncDisposable
{
    private readonly FairdropProcess _process;

    private ConsoleServer(FairdropProcess process, string dataDirectory, string baseUrl, Guid merchantId, string apiKey, string ownerLink)
    {
        _process = process;
        DataDirectory = dataDirectory;
        BaseUrl = baseUrl;
        MerchantId = merchantId;
        OwnerLink = ownerLink;
        Api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public string DataDirectory { get; }

    public string BaseUrl { get; }

    public Guid MerchantId { get; }

    public string OwnerLink { get; }

    /// <summary>The merchant's API key client: what the shop's backend would do beside the console.</summary>
    public HttpClient Api { get; }

    public string MailFolder => Path.Combine(DataDirectory, "mail");

    /// <summary><paramref name="seed"/>: a command to run with the merchant's id before the server starts (recorded gate traffic, say).</summary>
    public static async Task<ConsoleServer> StartAsync(Func<Guid, string[]>? seed = null)
    {
        var data = Directory.CreateTempSubdirectory("fairdrop-console-").FullName;
        var environment = new Dictionary<string, string> { ["FAIRDROP_DATA"] = data };
        var created = await FairdropProcess.RunAsync(["merchants", "create", "Sneaker Shop"], environment);
        Assert.True(created.ExitCode == 0, created.Stderr);
        var merchantId = Guid.Parse(MerchantLine().Match(created.Stdout).Groups[1].Value);
        var apiKey = KeyLine().Match(created.Stdout).Groups[1].Value;
        var invited = await FairdropProcess.RunAsync(["staff", "invite", "--merchant", merchantId.ToString(), "--email", "olive@shop.test", "--name", "Olive Owner"], environment);
        Assert.True(invited.ExitCode == 0, invited.Stderr);
        if (seed is not null)
        {
            var seeded = await FairdropProcess.RunAsync(seed(merchantId), environment, TimeSpan.FromMinutes(2));
            Assert.True(seeded.ExitCode == 0, seeded.Stderr);
        }

        var port = FairdropProcess.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var ownerLink = LinkLine().Match(invited.Stdout).Groups[1].Value.Replace("http://localhost:5080", baseUrl, StringComparison.Ordinal);
        var process = FairdropProcess.Start(
        [
            "serve", "--urls", baseUrl,
            $"--Fairdrop:Gate:MerchantId={merchantId}",
            $"--Fairdrop:Exchange:PublicBaseUrl={baseUrl}",
            "--Fairdrop:Restock:JobInterval=00:00:01",
            "--Fairdrop:Restock:WaveInterval=00:00:02",
        ], environment);
        await process.WaitUntilServingAsync(baseUrl + "/healthz", TimeSpan.FromSeconds(60));
        return new ConsoleServer(process, data, baseUrl, merchantId, apiKey, ownerLink);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"^merchant ([0-9a-f-]{36})", RegexOptions.Multiline)]
    private static partial Regex MerchantLine();

    [GeneratedRegex(@"^api key\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^link\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex LinkLine();
}
