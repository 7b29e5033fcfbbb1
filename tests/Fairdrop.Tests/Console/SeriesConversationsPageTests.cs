using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Core.Staff;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Fairdrop.Tests.Api.Exchange;
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
    private SmsApp _sms = null!;

    private WebApplicationFactory<Program> App => _sms.App;

    public async Task InitializeAsync() => _sms = await SmsApp.StartAsync();

    public async Task DisposeAsync() => await _sms.DisposeAsync();

    [Fact]
    public async Task HandedOff_OwnerAnswersFromThePage_ItGoesOutBySms_ViewerAndAnotherShopCannot()
    {
        var client = await MerchantAsync(App);
        var senderId = await CreateSenderAsync(client, new { channels = new[] { "sms" }, consentRequired = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients = new[] { Recipient("bo", phone: "+1 650-253-0001", emailConsent: false) } })).StatusCode);
        var seriesId = (await (await client.PostAsJsonAsync($"{Base}/series", Definition(senderId))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var launch = await client.PostAsJsonAsync($"{Base}/series/{seriesId}/launches", new { audience = new { externalIds = new[] { "bo" } }, idempotencyKey = "tonight" });
        var launched = await launch.Content.ReadFromJsonAsync<JsonElement>();
        var merchantId = Guid.Parse(launched.GetProperty("merchantId").GetString()!);
        await _sms.TextsAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await _sms.InboundAsync(merchantId.ToString(), "SMq", "Do you have a size 11?")).StatusCode);
        await _sms.TextsAsync(2); // "A person will answer shortly."

        var owner = await StaffSessions.SignedInAsync(App, merchantId, "owner");
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
        await _sms.TextsAsync(3);
        Assert.Contains(_sms.Twilio.Messages.Values, m => m["Body"] == "Yes, size 11 is in.");

        var viewer = await StaffSessions.SignedInAsync(App, merchantId, "viewer");
        var forged = await viewer.SubmitAsync($"{Page}?id={id}", "answer", new Dictionary<string, string> { ["Answer.Key"] = "k-2", ["Answer.Text"] = "Sneaky." });
        var (other, _) = await App.Services.GetRequiredService<Core.Tenancy.MerchantStore>().CreateAsync("Other shop", CancellationToken.None);
        var stranger = await (await StaffSessions.SignedInAsync(App, other.Id, "owner")).Client.GetAsync($"{Page}?id={id}");

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains($"needs {StaffPermissions.ExchangeWrite}", await ConsoleSession.TextOfProblemAsync(forged), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.DoesNotContain("size 11", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(500); // a few dispatch polls: the forged answer must not go out
        Assert.Equal(3, _sms.Twilio.Messages.Count);
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
}
