using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Storage;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.SmsPrograms.Tests.Support;

/// <summary>
/// The real app in memory over SQLite or PostgreSQL, its SMS channel aimed at a <see cref="FakeTwilio"/>, every request
/// arriving from loopback, which is a trusted proxy (so <c>X-Forwarded-For</c> is believed, as behind a load balancer),
/// and a small per-client opt-in limit. Built inside each test, so a missing server skips it.
/// </summary>
public abstract class StorefrontApp : IAsyncLifetime
{
    public const string PublicBase = "http://localhost:5080";
    public const string Shop = "https://shop.example";
    public const int ClientLimit = 6;
    private const string OperatorKey = "operator-test-key-0123456789abcdef";
    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _app;

    protected abstract StorageProvider Provider { get; }

    internal FakeTwilio Twilio { get; private set; } = null!;

    internal WebApplicationFactory<Program> App => _app ?? throw new InvalidOperationException("StartAsync first.");

    public async Task InitializeAsync() => Twilio = await FakeTwilio.StartAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        await Twilio.DisposeAsync();
    }

    internal async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in _database.Settings)
            {
                b.UseSetting(key, value);
            }

            b.UseSetting("Fairdrop:OperatorKey", OperatorKey);
            b.UseSetting("Fairdrop:Exchange:PublicBaseUrl", PublicBase);
            b.UseSetting("Fairdrop:Exchange:PollInterval", "00:00:00.100");
            b.UseSetting("Fairdrop:Exchange:Sms:BaseUrl", Twilio.BaseUrl);
            b.UseSetting("Fairdrop:Exchange:Sms:AccountSid", FakeTwilio.AccountSid);
            b.UseSetting("Fairdrop:Exchange:Sms:AuthToken", FakeTwilio.AuthToken);
            b.UseSetting("Fairdrop:Exchange:Sms:From", FakeTwilio.From);
            b.UseSetting("Fairdrop:Gate:TrustedProxies:0", "127.0.0.1");
            b.UseSetting("Fairdrop:SmsPrograms:PublicOptInLimit", ClientLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, FromLoopback>());
        });
        _app = app;
    }

    /// <summary>A new merchant: its API client, id, and publishable key, with <see cref="Shop"/> on its origin allow-list.</summary>
    internal async Task<(HttpClient Merchant, string MerchantId, string Key)> ShopAsync()
    {
        var operatorClient = App.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        var created = await (await operatorClient.PostAsJsonAsync("/api/v1/merchants", new { name = "Shop" })).Content.ReadFromJsonAsync<JsonElement>();
        var merchant = App.CreateClient();
        merchant.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("apiKey").GetProperty("key").GetString());
        (await merchant.PutAsJsonAsync("/api/v1/restock/settings/origins", new { origins = new[] { Shop } })).EnsureSuccessStatusCode();
        var key = (await merchant.GetFromJsonAsync<JsonElement>("/api/v1/restock/settings")).GetProperty("publishableKey").GetString()!;
        return (merchant, created.GetProperty("merchant").GetProperty("id").GetString()!, key);
    }

    internal static async Task<string> ProgramAsync(HttpClient merchant, object draft)
    {
        var created = await merchant.PostAsJsonAsync("/api/v1/sms-programs", draft);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A text from <paramref name="from"/>, signed as Twilio signs it.</summary>
    internal async Task InboundAsync(string merchantId, string from, string body, string sid)
    {
        var path = $"/api/v1/exchange/sms/{merchantId}/inbound";
        var form = new Dictionary<string, string> { ["MessageSid"] = sid, ["From"] = from, ["To"] = FakeTwilio.From, ["Body"] = body };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioRequestSigner.Header, TwilioRequestSigner.Sign(FakeTwilio.AuthToken, PublicBase + path, form));
        (await App.CreateClient().SendAsync(request)).EnsureSuccessStatusCode();
    }

    /// <summary>The texts the fake provider took for a number, once it has at least <paramref name="expected"/> (bounded wait: the dispatcher polls).</summary>
    internal async Task<IReadOnlyList<string>> TextsAsync(string phone, int expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var texts = Twilio.Messages.Values.Where(m => m["To"] == phone).Select(m => m["Body"]).ToList();
            if (texts.Count >= expected || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                return texts;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The in-memory server has no connection, so no address: each request is given loopback's, as Kestrel behind a
    /// proxy on the same host would see it. (WebApplicationFactory's UseKestrel mode failed intermittently here, ObjectDisposedException in StartServer, when test classes started hosts at once.)
    /// </summary>
    private sealed class FromLoopback : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
