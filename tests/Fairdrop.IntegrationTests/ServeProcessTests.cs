using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fairdrop.Testing;

namespace Fairdrop.IntegrationTests;

/// <summary>The real `fairdrop serve` process on a free loopback port, driven over HTTP.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private const string OperatorKey = "e2e-operator-key-0123456789abcdef";
    private readonly string _data = Directory.CreateTempSubdirectory("fairdrop-e2e-").FullName;

    [Fact]
    public async Task Serve_OnSqliteDefault_ServesHealthAndTheMerchantApi_AndStopsCleanlyOnSigterm()
    {
        var port = FairdropProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";
        await using var fairdrop = FairdropProcess.Start(["serve", "--urls", url, "--data", _data], new Dictionary<string, string> { ["FAIRDROP_OPERATOR_KEY"] = OperatorKey });
        await fairdrop.WaitUntilServingAsync($"{url}/healthz", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        var created = await Send(http, HttpMethod.Post, "/api/v1/merchants", OperatorKey, JsonContent.Create(new { name = "E2E Shop" }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetProperty("key").GetString();
        var self = await Send(http, HttpMethod.Get, "/api/v1/merchant", key);
        Assert.Equal("E2E Shop", (await self.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        // Kestrel's own limit, with a streamed body of unknown length.
        var huge = new StreamContent(new MemoryStream(new byte[3 << 20]));
        huge.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var tooLarge = await Send(http, HttpMethod.Post, "/api/v1/merchants", OperatorKey, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        Assert.True(File.Exists(Path.Combine(_data, "fairdrop.db")));
        Assert.Equal(0, await fairdrop.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(OperatorKey, fairdrop.StandardOutput + fairdrop.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(key!, fairdrop.StandardOutput + fairdrop.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnreachablePostgres_ExitsWithOneLineMessage_NoStackTrace()
    {
        var port = FairdropProcess.FreePort();
        var (exit, _, stderr) = await FairdropProcess.RunAsync(
            ["serve", "--urls", $"http://127.0.0.1:{FairdropProcess.FreePort()}", "--postgres", $"Host=127.0.0.1;Port={port};Username=nobody;Password=secret-pw;Timeout=3"]);

        Assert.Equal(2, exit);
        Assert.Contains("fairdrop: cannot use the database (PostgreSQL database", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PortAlreadyInUse_ExitsWithAClearMessage()
    {
        using var occupant = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var (exit, _, stderr) = await FairdropProcess.RunAsync(["serve", "--urls", $"http://127.0.0.1:{port}", "--data", _data]);

        Assert.Equal(2, exit);
        Assert.Contains("cannot listen", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MerchantsCreate_ThenServe_TheCliKeyWorksOverHttp()
    {
        var (exit, stdout, stderr) = await FairdropProcess.RunAsync(["merchants", "create", "CLI Shop", "--data", _data]);
        Assert.True(exit == 0, stderr);
        var key = stdout.Split('\n').Single(l => l.StartsWith("api key", StringComparison.Ordinal))["api key".Length..].Trim();

        var url = $"http://127.0.0.1:{FairdropProcess.FreePort()}";
        await using var fairdrop = FairdropProcess.Start(["serve", "--urls", url, "--data", _data]);
        await fairdrop.WaitUntilServingAsync($"{url}/healthz", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var self = await Send(http, HttpMethod.Get, "/api/v1/merchant", key);

        Assert.Equal(HttpStatusCode.OK, self.StatusCode);
        Assert.Contains("CLI Shop", await self.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string? key, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http.SendAsync(request);
    }
}
