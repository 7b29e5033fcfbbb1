using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit.Abstractions;

namespace Fairdrop.Tests.Fuzz;

/// <summary>
/// The API fuzz (issue 17): every operation of the OpenAPI document, sent valid and mutated (types, ranges, encodings,
/// sizes, content types), with every kind of credential, against the real app on SQLite. Seeded and bounded: the
/// default is the short CI lane; see <see cref="FuzzSettings"/> for the long run. A failure prints the seed and, per
/// operation and kind of failure, the first request and response.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ApiFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxReported = 40;
    private FairdropFactory _factory = null!;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _factory = await FairdropFactory.CreateAsync();
        _app = _factory.WithWebHostBuilder(b =>
        {
            // Every channel that could leave the process points at the loopback discard port.
            b.UseSetting("Fairdrop:Exchange:PublicBaseUrl", "http://127.0.0.1:9");
            b.UseSetting("Fairdrop:Exchange:Sms:BaseUrl", FuzzExamples.Loopback);
            b.UseSetting("Fairdrop:Exchange:Sms:AuthToken", "fuzz-twilio-token");
            b.UseSetting("Fairdrop:Exchange:Smtp:Host", "127.0.0.1");
            b.UseSetting("Fairdrop:Exchange:Smtp:Port", "9");
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Fuzz_EveryOperation_NoServerErrorNoUndocumentedProblemNoOtherMerchantsData()
    {
        var settings = FuzzSettings.FromEnvironment();
        output.WriteLine($"API fuzz: seed {settings.Seed} (FAIRDROP_FUZZ_SEED), up to {settings.MaxRequests} requests or {settings.Budget}.");
        var random = new Random(settings.Seed);
        var http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var operations = FuzzOperation.ReadAll(document);
        Assert.True(operations.Count > 50, $"the document lists only {operations.Count} operations");

        var operatorClient = Client(FairdropFactory.OperatorKey);
        var a = await FuzzSeeder.SeedAsync(operatorClient, Client, "A", random.Next(100_000, 999_999));
        var b = await FuzzSeeder.SeedAsync(operatorClient, Client, "B", random.Next(100_000, 999_999));
        var factory = new FuzzRequestFactory(document, random, a, b);
        var oracle = new FuzzOracle(KnownErrorCodes.Load(), a, b);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        var sent = 0;
        var clock = Stopwatch.StartNew();

        // First every operation, valid, with every credential; then mutations, round-robin over operations.
        var firstPass = operations.SelectMany(o => FuzzRequestFactory.Credentials.Select(c => (o, c))).ToList();
        for (var i = 0; sent < settings.MaxRequests && clock.Elapsed < settings.Budget; i++)
        {
            var request = i < firstPass.Count
                ? factory.Create(firstPass[i].o, firstPass[i].c, mutate: false)
                : factory.Create(operations[i % operations.Count], PickCredential(random), mutate: true);
            var failure = await SendAsync(request, oracle, a, b);
            sent++;
            if (failure is { } found)
            {
                failures.TryAdd($"{request.Operation.Key} | {found.Verdict}", found.Report);
            }
        }

        var healthy = await http.GetAsync("/healthz");
        var ready = await http.GetAsync("/readyz");
        output.WriteLine($"Sent {sent} requests to {operations.Count} operations in {clock.Elapsed.TotalSeconds:F1} s; {failures.Count} distinct failures.");
        Assert.True(healthy.IsSuccessStatusCode && ready.IsSuccessStatusCode, $"the host stopped answering its health checks after the fuzz (seed {settings.Seed})");
        Assert.True(failures.Count == 0, $"API fuzz, seed {settings.Seed}: {failures.Count} distinct failures\n\n"
            + string.Join("\n\n", failures.Values.Take(MaxReported)));
    }

    /// <summary>
    /// Every operation, valid, from signed-in console sessions of tenant A (an owner, then a viewer) instead of a key: the
    /// cookie path never fails with a server error, a viewer never changes anything (403), and an owner is refused
    /// nothing an API key may do.
    /// </summary>
    [Fact]
    public async Task Staff_EveryOperation_NoServerError_ViewerChangesNothing()
    {
        var random = new Random(23);
        var http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var operations = FuzzOperation.ReadAll(document);
        var a = await FuzzSeeder.SeedAsync(Client(FairdropFactory.OperatorKey), Client, "A", random.Next(100_000, 999_999));
        var b = await FuzzSeeder.SeedAsync(Client(FairdropFactory.OperatorKey), Client, "B", random.Next(100_000, 999_999));
        var factory = new FuzzRequestFactory(document, random, a, b);
        var failures = new List<string>();
        foreach (var role in new[] { "owner", "viewer" })
        {
            var session = await Console.StaffSessions.SignedInAsync(_app, a.MerchantId, role);
            var token = await session.TokenAsync();
            // Operator endpoints (merchants, batch) refuse merchants whatever their credential; rotating the key would cut the seed's own client off.
            foreach (var operation in operations.Where(o => !o.Key.Contains("/merchants", StringComparison.Ordinal) && !o.Key.Contains("/batch/", StringComparison.Ordinal)
                && !o.Key.Contains("/keys/rotate", StringComparison.Ordinal)))
            {
                var request = factory.Create(operation, "A", mutate: false);
                using var message = new HttpRequestMessage(new HttpMethod(request.Operation.Method), request.Url);
                message.Headers.Add("X-Fairdrop-Antiforgery", token);
                if (request.Body is not null)
                {
                    message.Content = new ByteArrayContent(request.Body);
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType ?? "application/json");
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                using var response = await session.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                var changes = request.Operation.Method is not ("GET" or "HEAD");
                var anonymous = request.Url.Contains("/public/", StringComparison.Ordinal) || request.Url.Contains("/exchange/sms/", StringComparison.Ordinal)
                    || request.Url.Contains("/unsubscribe/", StringComparison.Ordinal) || request.Url.Contains("/exchange/o/", StringComparison.Ordinal)
                    || request.Url.Contains("/exchange/r/", StringComparison.Ordinal) || request.Url.Contains("/exchange/c/", StringComparison.Ordinal);
                if (status >= 500 || (role == "viewer" && changes && !anonymous && status / 100 == 2) || (role == "owner" && status == 403 && !anonymous))
                {
                    failures.Add($"{role}: {request.Operation.Key} {request.Url} → {status}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string PickCredential(Random random) => random.Next(20) switch
    {
        < 10 => "A",
        < 13 => "B",
        < 16 => "operator",
        < 18 => "none",
        _ => "forged",
    };

    private HttpClient Client(string key)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task<(string Verdict, string Report)?> SendAsync(FuzzRequest request, FuzzOracle oracle, FuzzTenant a, FuzzTenant b)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Operation.Method), request.Url);
        var key = request.Credential switch
        {
            "A" => a.Key,
            "B" => b.Key,
            "operator" => FairdropFactory.OperatorKey,
            "forged" => "fdk_forgedKeyThatWasNeverIssuedByThisServer0000000",
            _ => null,
        };
        if (key is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        // An event stream never ends: its headers are judged, its body is not read.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        HttpResponseMessage response;
        string body;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            body = mediaType == "text/event-stream" ? string.Empty : await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return ("timeout", $"{request}\n  → no response within 20 s");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            Follow(request, status, body, a, b);
            var verdict = oracle.Judge(request, status, response.Content.Headers.ContentType?.MediaType, body, response.Headers.Location?.ToString());
            return verdict is null ? null : (verdict, $"{request}\n  → {status} {response.Content.Headers.ContentType}: {FuzzRequest.Shorten(body, 800)}\n  ✗ {verdict}");
        }
    }

    /// <summary>A rotation retires the key the fuzz was using: carry on with the new one.</summary>
    private static void Follow(FuzzRequest request, int status, string body, FuzzTenant a, FuzzTenant b)
    {
        if (status / 100 == 2 && request.Operation.Key == "POST /api/v1/merchant/keys/rotate" && request.Credential is "A" or "B")
        {
            var key = JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
            (request.Credential == "A" ? a : b).Key = key;
        }
    }
}
