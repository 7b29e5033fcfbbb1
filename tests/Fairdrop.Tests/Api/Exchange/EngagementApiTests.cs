using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>
/// SMS, tracking, inbound and engagement through the real app (workers running) over SQLite, with SMS going to a
/// loopback Twilio stand-in and email recorded instead of sent over SMTP: every engagement kind reaches the funnel.
/// </summary>
public sealed partial class EngagementApiTests : IAsyncLifetime
{
    private const string PublicBase = "http://localhost:5080";
    private readonly RecordingEmailChannel _email = new();
    private FairdropFactory _factory = null!;
    private WebApplicationFactory<Program> _app = null!;
    private FakeTwilio _twilio = null!;

    public async Task InitializeAsync()
    {
        _twilio = await FakeTwilio.StartAsync();
        _factory = await FairdropFactory.CreateAsync();
        _app = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Fairdrop:Exchange:PublicBaseUrl", PublicBase);
            b.UseSetting("Fairdrop:Exchange:PollInterval", "00:00:00.100");
            b.UseSetting("Fairdrop:Exchange:UnsubscribeSecret", "test-unsubscribe-secret");
            b.UseSetting("Fairdrop:Exchange:Sms:BaseUrl", _twilio.BaseUrl);
            b.UseSetting("Fairdrop:Exchange:Sms:AccountSid", FakeTwilio.AccountSid);
            b.UseSetting("Fairdrop:Exchange:Sms:AuthToken", FakeTwilio.AuthToken);
            b.UseSetting("Fairdrop:Exchange:Sms:From", FakeTwilio.From);
            b.ConfigureTestServices(s =>
            {
                foreach (var email in s.Where(d => d.ServiceType == typeof(IChannel) && d.ImplementationType == typeof(EmailChannel)).ToList())
                {
                    s.Remove(email);
                }

                s.AddSingleton<IChannel>(_email);
            });
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    [Fact]
    public async Task Funnel_EveryEngagementKind_LandsInTheDistributionFunnel()
    {
        var client = await MerchantAsync(_app);
        var anonymous = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var senderId = await CreateSenderAsync(client, new { channels = new[] { "email", "sms" }, consentRequired = Array.Empty<string>() });
        var recipients = new[]
        {
            Recipient("mail", "mail@shoppers.test"),
            Recipient("sms-a", phone: "+1 650-253-0000", emailConsent: false),
            Recipient("sms-b", phone: "+1 650-253-0001", emailConsent: false),
            Recipient("sms-c", phone: "+1 650-253-0002", emailConsent: false),
        };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients })).StatusCode);
        _twilio.Faults.Enqueue(FakeTwilio.Fault.NotCreated(400, TwilioErrors.InvalidTo)); // the first SMS is refused for good: failed

        var created = await client.PostAsJsonAsync($"{Base}/distributions", new
        {
            senderId,
            topic = "restock",
            content = new
            {
                email = new { subject = "Back", html = "<html><body><a href=\"https://shop.example/p/1\">Buy</a></body></html>", text = "https://shop.example/p/1" },
                sms = new { text = "{{ data.product }} is back: https://shop.example/p/1" },
            },
            data = new { product = "Red shoes" },
        });
        var distributionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var deliveries = await SettledDeliveriesAsync(client, distributionId, 4);

        // Email: opened (pixel), clicked (redirect), unsubscribed (RFC 8058 one-click); delivered when sent.
        var mail = Assert.Single(_email.Sent);
        var pixel = await anonymous.GetAsync(Path(PixelUrl().Match(mail.Content.Html!).Value));
        var click = await anonymous.GetAsync(Path(ClickUrl().Match(mail.Content.Html!).Value));
        var unsubscribe = await anonymous.PostAsync(Path(mail.UnsubscribeUrl!), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal("image/gif", pixel.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Redirect, click.StatusCode);
        Assert.Equal("https://shop.example/p/1", click.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);

        // SMS: one failed at the provider, one delivered and answered, one bounced.
        var sms = deliveries.Where(d => d.GetProperty("channel").GetString() == "sms").ToList();
        var sent = sms.Where(d => d.GetProperty("status").GetString() == "sent").ToList();
        Assert.Equal(2, sent.Count);
        Assert.Single(sms, d => d.GetProperty("status").GetString() == "failed");
        Assert.Equal(HttpStatusCode.NoContent, (await StatusCallbackAsync(anonymous, sent[0], "delivered")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await StatusCallbackAsync(anonymous, sent[1], "undelivered", "30003")).StatusCode);
        var phone = _twilio.Messages.Values.Single(m => m["StatusCallback"].EndsWith(Guid.Parse(sent[0].GetProperty("id").GetString()!).ToString("N"), StringComparison.Ordinal))["To"];
        var merchantId = sent[0].GetProperty("merchantId").GetString()!;
        var inbound = await SignedPostAsync(anonymous, $"/api/v1/exchange/sms/{merchantId}/inbound", new() { ["MessageSid"] = "SMreply1", ["From"] = phone, ["To"] = FakeTwilio.From, ["Body"] = "YES" });
        var replay = await SignedPostAsync(anonymous, $"/api/v1/exchange/sms/{merchantId}/inbound", new() { ["MessageSid"] = "SMreply1", ["From"] = phone, ["To"] = FakeTwilio.From, ["Body"] = "YES" });
        Assert.Equal("text/xml", inbound.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);

        var funnel = await client.GetFromJsonAsync<JsonElement>($"{Base}/distributions/{distributionId}/funnel");
        var engagement = funnel.GetProperty("engagement");
        Assert.Equal(2, engagement.GetProperty("delivered").GetInt64());
        foreach (var kind in new[] { "opened", "clicked", "replied", "bounced", "unsubscribed", "failed" })
        {
            Assert.True(engagement.GetProperty(kind).GetInt64() == 1, $"{kind}: {engagement}");
        }

        var history = await client.GetFromJsonAsync<JsonElement>($"{Base}/engagement/history?channel=sms");
        Assert.Contains(history.EnumerateArray(), r => r.GetProperty("kind").GetString() == "replied" && r.GetProperty("count").GetInt64() == 1);
        var inboundList = await client.GetFromJsonAsync<JsonElement>($"{Base}/inbound");
        Assert.Equal(1, inboundList.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Webhooks_UnsignedOrMisSigned_403InvalidSignatureNothingStored()
    {
        var client = await MerchantAsync(_app);
        var anonymous = _app.CreateClient();
        var merchantId = Guid.NewGuid();
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM1", ["From"] = "+16502530000", ["Body"] = "STOP" };

        var unsigned = await anonymous.PostAsync($"/api/v1/exchange/sms/{merchantId}/inbound", new FormUrlEncodedContent(form));
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/exchange/sms/{merchantId}/inbound") { Content = new FormUrlEncodedContent(form) };
        forged.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute("not-the-token", $"{PublicBase}/api/v1/exchange/sms/{merchantId}/inbound", form));
        var misSigned = await anonymous.SendAsync(forged);
        var status = await anonymous.PostAsync($"/api/v1/exchange/sms/status/{Guid.NewGuid()}", new FormUrlEncodedContent(form));

        await ProblemAssert.IsProblemAsync(unsigned, HttpStatusCode.Forbidden, "invalid_signature");
        await ProblemAssert.IsProblemAsync(misSigned, HttpStatusCode.Forbidden, "invalid_signature");
        await ProblemAssert.IsProblemAsync(status, HttpStatusCode.Forbidden, "invalid_signature");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"{Base}/inbound")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Inbound_MalformedPhoneSigned_400InvalidPhone()
    {
        var response = await SignedPostAsync(_app.CreateClient(), $"/api/v1/exchange/sms/{Guid.NewGuid()}/inbound", new() { ["MessageSid"] = "SM2", ["From"] = "not a phone", ["Body"] = "hi" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_phone");
    }

    [Theory]
    [InlineData("/api/v1/exchange/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/api/v1/exchange/r/aHR0cHM6Ly9ldmlsLmV4YW1wbGU")]
    [InlineData("/api/v1/exchange/o/not-a-token")]
    public async Task Tracking_AlteredToken_400InvalidTokenNeverARedirect(string path)
    {
        var response = await _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_token");
        Assert.Null(response.Headers.Location);
    }

    /// <summary>A merchant client on this test's host (the plain factory's host is never started: its workers would race ours).</summary>
    private static string Path(string url) => new Uri(url).PathAndQuery;

    private static Task<HttpResponseMessage> StatusCallbackAsync(HttpClient client, JsonElement delivery, string status, string? errorCode = null)
    {
        var form = new Dictionary<string, string> { ["MessageSid"] = delivery.GetProperty("providerId").GetString()!, ["MessageStatus"] = status };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }

        return SignedPostAsync(client, $"/api/v1/exchange/sms/status/{delivery.GetProperty("id").GetString()}", form);
    }

    private static async Task<HttpResponseMessage> SignedPostAsync(HttpClient client, string path, Dictionary<string, string> form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(FakeTwilio.AuthToken, PublicBase + path, form));
        return await client.SendAsync(request);
    }

    /// <summary>Polls (bounded) until every delivery of the distribution is sent or failed.</summary>
    private static async Task<List<JsonElement>> SettledDeliveriesAsync(HttpClient client, string distributionId, int expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"{Base}/deliveries?distributionId={distributionId}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            if ((items.Count == expected && items.All(d => d.GetProperty("status").GetString() is "sent" or "failed")) || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Equal(expected, items.Count);
                return items;
            }

            await Task.Delay(100);
        }
    }

    [GeneratedRegex("""http://localhost:5080/api/v1/exchange/o/[A-Za-z0-9_-]+""")]
    private static partial Regex PixelUrl();

    [GeneratedRegex("""http://localhost:5080/api/v1/exchange/r/[A-Za-z0-9_-]+""")]
    private static partial Regex ClickUrl();
}
