using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fairdrop.SmsPrograms.Tests.Support;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Fairdrop.SmsPrograms.Tests.Api;

/// <summary>
/// The whole loop through the real app in memory (workers running) over SQLite: a program made through the API,
/// texts in through the signed Twilio webhook, texts out to the Twilio-contract fake, the report and consent record
/// read back through the API.
/// </summary>
public sealed partial class SmsProgramApiTests : IAsyncLifetime
{
    private const string PublicBase = "http://localhost:5080";
    private const string OperatorKey = "operator-test-key-0123456789abcdef";
    private const string Ana = "+16502530000";
    private const string Ben = "+16502530001";
    private TestDatabase _database = null!;
    private FakeTwilio _twilio = null!;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        _database = TestDatabase.CreateSqlite();
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in _database.Settings)
            {
                b.UseSetting(key, value);
            }

            b.UseSetting("Fairdrop:OperatorKey", OperatorKey);
            b.UseSetting("Fairdrop:Exchange:PublicBaseUrl", PublicBase);
            b.UseSetting("Fairdrop:Exchange:PollInterval", "00:00:00.100");
            b.UseSetting("Fairdrop:Exchange:Sms:BaseUrl", _twilio.BaseUrl);
            b.UseSetting("Fairdrop:Exchange:Sms:AccountSid", FakeTwilio.AccountSid);
            b.UseSetting("Fairdrop:Exchange:Sms:AuthToken", FakeTwilio.AuthToken);
            b.UseSetting("Fairdrop:Exchange:Sms:From", FakeTwilio.From);
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    [Fact]
    public async Task KeywordJoinYesFriendCodeYes_ThroughSignedWebhooks_AttributedRewardedAndReported()
    {
        var (client, merchantId) = await NewMerchantAsync();
        var created = await client.PostAsJsonAsync("/api/v1/sms-programs", new
        {
            name = "Acme Drops", keyword = "DROPS", aliases = new[] { "DROP" }, frequency = "Up to 6 msgs/month", numbers = new[] { FakeTwilio.From },
            rewardCodes = new[] { "SAVE10" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var programId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var anonymous = _app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await InboundAsync(anonymous, merchantId, Ana, "DROP", "SMa1")).StatusCode);
        var confirmation = await TextsAsync(Ana, 1);
        await InboundAsync(anonymous, merchantId, Ana, "Y", "SMa2");
        var code = CodePattern().Match((await TextsAsync(Ana, 2)).Single(t => t.StartsWith("Welcome", StringComparison.Ordinal))).Groups[1].Value;
        await InboundAsync(anonymous, merchantId, Ben, $"drops {code.ToLowerInvariant()}", "SMb1");
        await InboundAsync(anonymous, merchantId, Ben, "YES", "SMb2");
        var ana = await TextsAsync(Ana, 3);
        var report = await client.GetFromJsonAsync<JsonElement>($"/api/v1/sms-programs/{programId}/report");
        var consents = await client.GetFromJsonAsync<JsonElement>($"/api/v1/sms-programs/{programId}/consents?limit=2");
        var svg = await client.GetAsync($"/api/v1/sms-programs/{programId}/report/funnel.svg");

        Assert.StartsWith("Acme Drops: reply Y to confirm", Assert.Single(confirmation), StringComparison.Ordinal);
        Assert.Contains("Acme Drops: a friend joined with your code. Your reward: SAVE10", ana);
        Assert.Equal(2, (await TextsAsync(Ben, 2)).Count);
        var funnel = report.GetProperty("funnel");
        Assert.Equal((2, 1, 1, 1), (funnel.GetProperty("offersSent").GetInt32(), funnel.GetProperty("codesUsed").GetInt32(), funnel.GetProperty("confirmedFriends").GetInt32(), funnel.GetProperty("rewards").GetInt32()));
        Assert.Equal(2, consents.GetProperty("items").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(consents.GetProperty("next").GetString()));
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Confirmed friends", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptIn_MalformedNumber_400NamingPhone()
    {
        var (client, _) = await NewMerchantAsync();
        var created = await client.PostAsJsonAsync("/api/v1/sms-programs", new { name = "Acme", keyword = "ACME", frequency = "Up to 4 msgs/month" });
        var programId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var response = await client.PostAsJsonAsync($"/api/v1/sms-programs/{programId}/opt-ins", new { phone = "555-12", consentText = "I agree", pageUrl = "https://shop.example/sms" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Equal("phone", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Create_KeywordStop_400NamingKeyword()
    {
        var (client, _) = await NewMerchantAsync();

        var response = await client.PostAsJsonAsync("/api/v1/sms-programs", new { name = "Acme", keyword = "STOP", frequency = "Up to 4 msgs/month" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("keyword", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Inbound_Unsigned_403AndNothingSent()
    {
        var (_, merchantId) = await NewMerchantAsync();
        var anonymous = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/exchange/sms/{merchantId}/inbound")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SMx", ["From"] = Ana, ["Body"] = "DROPS" }),
        };

        var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _twilio.Posts);
    }

    private async Task<(HttpClient Client, string MerchantId)> NewMerchantAsync()
    {
        var operatorClient = _app.CreateClient();
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        var created = await (await operatorClient.PostAsJsonAsync("/api/v1/merchants", new { name = "Shop" })).Content.ReadFromJsonAsync<JsonElement>();
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("apiKey").GetProperty("key").GetString());
        return (client, created.GetProperty("merchant").GetProperty("id").GetString()!);
    }

    private static async Task<HttpResponseMessage> InboundAsync(HttpClient client, string merchantId, string from, string body, string sid)
    {
        var path = $"/api/v1/exchange/sms/{merchantId}/inbound";
        var form = new Dictionary<string, string> { ["MessageSid"] = sid, ["From"] = from, ["To"] = FakeTwilio.From, ["Body"] = body };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioRequestSigner.Header, TwilioRequestSigner.Sign(FakeTwilio.AuthToken, PublicBase + path, form));
        return await client.SendAsync(request);
    }

    /// <summary>The texts the fake provider took for a number, once it has at least <paramref name="expected"/> (bounded wait: the dispatcher polls).</summary>
    private async Task<IReadOnlyList<string>> TextsAsync(string phone, int expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var texts = _twilio.Messages.Values.Where(m => m["To"] == phone).Select(m => m["Body"]).ToList();
            if (texts.Count >= expected || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                return texts;
            }

            await Task.Delay(50);
        }
    }

    [GeneratedRegex("text DROPS ([A-Z0-9]{7}) to")]
    private static partial Regex CodePattern();
}
