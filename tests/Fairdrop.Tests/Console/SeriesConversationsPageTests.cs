using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Staff;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Console;

/// <summary>
/// The "handed to a person" page without a browser, over the real app (workers running): a shopper's free text in an SMS
/// series hands the conversation to a person; the owner sees it waiting, reads the shopper's words and answers from the
/// page, and the answer goes out by SMS; a viewer's forged answer is a 403 that sends nothing; another shop's staff
/// cannot open it.
/// </summary>
public sealed class SeriesConversationsPageTests : IAsyncLifetime
{
    private const string Page = "/console/exchange/conversations";
    private const string PublicBase = "http://localhost:5080";
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
            b.UseSetting("Fairdrop:Exchange:Sms:BaseUrl", _twilio.BaseUrl);
            b.UseSetting("Fairdrop:Exchange:Sms:AccountSid", FakeTwilio.AccountSid);
            b.UseSetting("Fairdrop:Exchange:Sms:AuthToken", FakeTwilio.AuthToken);
            b.UseSetting("Fairdrop:Exchange:Sms:From", FakeTwilio.From);
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    [Fact]
    public async Task HandedOff_OwnerAnswersFromThePage_ItGoesOutBySms_ViewerAndAnotherShopCannot()
    {
        var client = await MerchantAsync(_app);
        var senderId = await CreateSenderAsync(client, new { channels = new[] { "sms" }, consentRequired = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients = new[] { Recipient("bo", phone: "+1 650-253-0001", emailConsent: false) } })).StatusCode);
        var seriesId = (await (await client.PostAsJsonAsync($"{Base}/series", Definition(senderId))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var launch = await client.PostAsJsonAsync($"{Base}/series/{seriesId}/launches", new { audience = new { externalIds = new[] { "bo" } }, idempotencyKey = "tonight" });
        var launched = await launch.Content.ReadFromJsonAsync<JsonElement>();
        var merchantId = Guid.Parse(launched.GetProperty("merchantId").GetString()!);
        await TextsAsync(1);
        await SentAsync(client, launched.GetProperty("distributionId").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await InboundAsync(merchantId, "SMq", "Do you have a size 11?")).StatusCode);
        await TextsAsync(2); // "A person will answer shortly."

        var owner = await StaffSessions.SignedInAsync(_app, merchantId, "owner");
        var inbox = WebUtility.HtmlDecode(await owner.Client.GetStringAsync(Page));
        var id = (await client.GetFromJsonAsync<JsonElement>($"{Base}/conversations?status=handed_off")).GetProperty("items")[0].GetProperty("id").GetString()!;
        var thread = WebUtility.HtmlDecode(await owner.Client.GetStringAsync($"{Page}?id={id}"));

        Assert.Contains("Waiting for a person (1)", inbox, StringComparison.Ordinal);
        Assert.Contains($"id={id}", inbox, StringComparison.Ordinal);
        Assert.Contains("Do you have a size 11?", thread, StringComparison.Ordinal);
        Assert.Contains("return it to the series at step offer", thread, StringComparison.Ordinal);

        var answered = await owner.SubmitAsync($"{Page}?id={id}", "answer", new Dictionary<string, string> { ["Answer.Key"] = "k-1", ["Answer.Text"] = "Yes, size 11 is in.", ["Answer.Step"] = "" });

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains("Yes, size 11 is in.", WebUtility.HtmlDecode(await answered.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await TextsAsync(3);
        Assert.Contains(_twilio.Messages.Values, m => m["Body"] == "Yes, size 11 is in.");

        var viewer = await StaffSessions.SignedInAsync(_app, merchantId, "viewer");
        var forged = await viewer.SubmitAsync($"{Page}?id={id}", "answer", new Dictionary<string, string> { ["Answer.Key"] = "k-2", ["Answer.Text"] = "Sneaky." });
        var (other, _) = await _app.Services.GetRequiredService<Core.Tenancy.MerchantStore>().CreateAsync("Other shop", CancellationToken.None);
        var stranger = await (await StaffSessions.SignedInAsync(_app, other.Id, "owner")).Client.GetAsync($"{Page}?id={id}");

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains($"needs {StaffPermissions.ExchangeWrite}", await ConsoleSession.TextOfProblemAsync(forged), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.DoesNotContain("size 11", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(500); // a few dispatch polls: the forged answer must not go out
        Assert.Equal(3, _twilio.Messages.Count);
    }

    private static object Definition(string senderId) => new
    {
        name = "Back in stock",
        senderId,
        steps = new object[]
        {
            new
            {
                id = "offer",
                message = new { title = "Trail boot is back", body = "Want one?", sms = "Trail boot is back. Reply YES, or ask us anything." },
                replies = new object[] { new { keywords = new[] { "YES" }, button = "Yes", actions = new object[] { new { type = "goto", step = "thanks" } } } },
                freeText = new { actions = new object[] { new { type = "handoff", text = "A person will answer shortly." } } },
                timeout = new { minutes = 60 },
            },
            new { id = "thanks", message = new { title = "Thanks", body = "Thanks!", sms = "Thanks!" }, timeout = new { minutes = 15 } },
        },
    };

    // The provider has the text a moment before the exchange records it sent; a reply answers what was recorded sent.
    private static async Task SentAsync(HttpClient client, string distributionId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var sent = await client.GetFromJsonAsync<JsonElement>($"{Base}/deliveries?distributionId={distributionId}&status=sent");
            if (sent.GetProperty("items").GetArrayLength() > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The offer was not recorded sent in 20 s.");
    }

    private async Task TextsAsync(int count)
    {
        var clock = Stopwatch.StartNew();
        while (_twilio.Messages.Count < count && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
        }

        Assert.Equal(count, _twilio.Messages.Count);
    }

    private async Task<HttpResponseMessage> InboundAsync(Guid merchantId, string sid, string body)
    {
        var path = $"/api/v1/exchange/sms/{merchantId}/inbound";
        var form = new Dictionary<string, string> { ["MessageSid"] = sid, ["From"] = "+16502530001", ["To"] = FakeTwilio.From, ["Body"] = body };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(FakeTwilio.AuthToken, PublicBase + path, form));
        return await _app.CreateClient().SendAsync(request);
    }
}
