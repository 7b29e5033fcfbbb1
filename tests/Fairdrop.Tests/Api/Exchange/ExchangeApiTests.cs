using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>The exchange API through the real app over a fresh SQLite database (its workers run, as in production).</summary>
public sealed class ExchangeApiTests : IAsyncLifetime
{
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Senders_CreateReadUpdateList_RoundTripRulesAndPage()
    {
        var client = await MerchantAsync(_app);
        var rules = new { channels = new[] { "in_app", "email" }, sendWindow = new { start = "09:00:00", end = "21:00:00" }, caps = new { perDay = 2, perWeek = 5 }, consentRequired = new[] { "email" }, critical = false };

        var created = await client.PostAsJsonAsync($"{Base}/senders", SenderBody(rules: rules));
        var sender = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = sender.GetProperty("id").GetString();
        var updated = await client.PutAsJsonAsync($"{Base}/senders/{id}", SenderBody("Renamed", new { channels = new[] { "webhook" }, critical = true }));
        await client.PostAsJsonAsync($"{Base}/senders", SenderBody("Second"));
        var read = await client.GetFromJsonAsync<JsonElement>($"{Base}/senders/{id}");
        var first = await client.GetFromJsonAsync<JsonElement>($"{Base}/senders?limit=1");
        var second = await client.GetFromJsonAsync<JsonElement>($"{Base}/senders?limit=1&after={first.GetProperty("next").GetString()}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/exchange/senders/{id}", created.Headers.Location?.OriginalString);
        Assert.StartsWith("whsec_", sender.GetProperty("webhookSecret").GetString(), StringComparison.Ordinal);
        Assert.Equal("09:00:00", sender.GetProperty("rules").GetProperty("sendWindow").GetProperty("start").GetString());
        Assert.Equal(5, sender.GetProperty("rules").GetProperty("caps").GetProperty("perWeek").GetInt32());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Renamed", read.GetProperty("name").GetString());
        Assert.Equal("webhook", read.GetProperty("rules").GetProperty("channels")[0].GetString());
        Assert.True(read.GetProperty("rules").GetProperty("critical").GetBoolean());
        Assert.Equal(sender.GetProperty("webhookSecret").GetString(), read.GetProperty("webhookSecret").GetString());
        Assert.Single(first.GetProperty("items").EnumerateArray());
        Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.NotEqual(first.GetProperty("items")[0].GetProperty("id").GetString(), second.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Recipients_BulkUpsertTwice_SameIdsReplacedValuesPhoneInE164()
    {
        var client = await MerchantAsync(_app);
        var batch = Enumerable.Range(0, 20).Select(i => Recipient($"shopper-{i}", $"s{i}@shoppers.test", phone: i == 0 ? "+1 650-253-0000" : null)).ToList();

        var first = await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients = batch });
        var again = await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients = batch.Select((_, i) => Recipient($"shopper-{i}", $"s{i}@shoppers.test", tier: "silver", phone: i == 0 ? "+1 650-253-0000" : null)) });
        var firstIds = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToList();
        var againIds = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToList();
        var one = await client.GetFromJsonAsync<JsonElement>($"{Base}/recipients/{firstIds[0]}");
        var list = await client.GetFromJsonAsync<JsonElement>($"{Base}/recipients?limit=1000");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(20, firstIds.Count);
        Assert.Equal(firstIds, againIds);
        Assert.Equal(20, list.GetProperty("items").GetArrayLength());
        Assert.Equal("silver", one.GetProperty("attributes").GetProperty("tier").GetString());
        Assert.Equal("+16502530000", one.GetProperty("contacts").GetProperty("phone").GetString());
        Assert.Equal("checkout", one.GetProperty("consents").GetProperty("email").GetProperty("source").GetString());
    }

    [Theory]
    [InlineData("not-an-email", null, "UTC", "contacts.email")]
    [InlineData(null, "12345", "UTC", "contacts.phone")]
    [InlineData(null, "+1 555 0100 999 99", "UTC", "contacts.phone")]
    [InlineData(null, null, "Mars/Olympus_Mons", "rules.timeZone")]
    public async Task Recipients_BadInput_Is400NamingTheField(string? email, string? phone, string zone, string field)
    {
        var client = await MerchantAsync(_app);

        var single = await client.PostAsJsonAsync($"{Base}/recipients", Recipient("r1", email, phone: phone, timeZone: zone));
        var bulk = await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients = new[] { Recipient("ok", "ok@shoppers.test"), Recipient("r1", email, phone: phone, timeZone: zone) } });

        await IsBadRequestNamingAsync(single, field);
        await IsBadRequestNamingAsync(bulk, $"recipients[1].{field}");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"{Base}/recipients")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Senders_BadFromAddress_Is400NamingTheField()
    {
        var client = await MerchantAsync(_app);

        var response = await client.PostAsJsonAsync($"{Base}/senders", new { name = "x", fromAddress = "nope", rules = new { channels = new[] { "email" } } });

        await IsBadRequestNamingAsync(response, "fromAddress");
    }

    [Fact]
    public async Task Distributions_TemplateSyntaxError_Is400NamingTheFieldWithPosition()
    {
        var client = await MerchantAsync(_app);
        var senderId = await CreateSenderAsync(client);

        var broken = await client.PostAsJsonAsync($"{Base}/distributions", Distribution(senderId, subject: "Back: {{ data.product "));
        var unknown = await client.PostAsJsonAsync($"{Base}/distributions", Distribution(senderId, subject: "Back: {{ secret.value }}"));

        var problem = await IsBadRequestNamingAsync(broken, "content.email.subject");
        Assert.Contains("line 1, column 23", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await IsBadRequestNamingAsync(unknown, "content.email.subject");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"{Base}/distributions")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Distributions_SameIdempotencyKeyTwice_OneDistribution()
    {
        var client = await MerchantAsync(_app);
        var senderId = await CreateSenderAsync(client);

        var first = await client.PostAsJsonAsync($"{Base}/distributions", Distribution(senderId, "drop-42"));
        var second = await client.PostAsJsonAsync($"{Base}/distributions", Distribution(senderId, "drop-42"));
        using var byHeader = new HttpRequestMessage(HttpMethod.Post, $"{Base}/distributions") { Content = JsonContent.Create(Distribution(senderId)) };
        byHeader.Headers.Add("Idempotency-Key", "drop-42");
        var third = await client.SendAsync(byHeader);
        var list = await client.GetFromJsonAsync<JsonElement>($"{Base}/distributions");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(id, (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(id, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Funnel_AccountsForEveryRecipientByStatusAndDropReason()
    {
        var client = await MerchantAsync(_app);
        var senderId = await CreateSenderAsync(client, new { channels = new[] { "email" }, consentRequired = new[] { "email" } });
        var recipients = Enumerable.Range(0, 12).Select(i => i switch
        {
            < 3 => Recipient($"r{i}", $"r{i}@shoppers.test", emailConsent: false), // no_consent
            < 5 => Recipient($"r{i}", null), // no_contact
            _ => Recipient($"r{i}", $"r{i}@shoppers.test"),
        });
        await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients });
        var created = await client.PostAsJsonAsync($"{Base}/distributions", Distribution(senderId, "funnel"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var funnel = await FunnelWhenMatchedAsync(client, id, 12, TimeSpan.FromSeconds(30));
        var deliveries = await client.GetFromJsonAsync<JsonElement>($"{Base}/deliveries?distributionId={id}&status=dropped&limit=3");
        var more = await client.GetFromJsonAsync<JsonElement>($"{Base}/deliveries?distributionId={id}&status=dropped&limit=3&after={deliveries.GetProperty("next").GetString()}");

        Assert.Equal(12, funnel.GetProperty("matched").GetInt64());
        Assert.Equal(3, funnel.GetProperty("droppedByReason").GetProperty("no_consent").GetInt64());
        Assert.Equal(2, funnel.GetProperty("droppedByReason").GetProperty("no_contact").GetInt64());
        var byStatus = funnel.GetProperty("byStatus");
        Assert.Equal(5, byStatus.GetProperty("dropped").GetInt64());
        Assert.Equal(7, DeliveryStatuses.Sum(s => byStatus.GetProperty(s).GetInt64()));
        Assert.Equal(3, deliveries.GetProperty("items").GetArrayLength());
        Assert.Equal(2, more.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AnotherMerchantsResources_Are404_AndItsSenderCannotBeUsed()
    {
        var alice = await MerchantAsync(_app, "Alice");
        var bob = await MerchantAsync(_app, "Bob");
        var bobSender = await CreateSenderAsync(bob);
        var bobRecipient = (await (await bob.PostAsJsonAsync($"{Base}/recipients", Recipient("b1", "b1@shoppers.test"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var bobDistribution = (await (await bob.PostAsJsonAsync($"{Base}/distributions", Distribution(bobSender, "b"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await ProblemAssert.IsProblemAsync(await alice.GetAsync($"{Base}/senders/{bobSender}"), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await alice.PutAsJsonAsync($"{Base}/senders/{bobSender}", SenderBody("Stolen")), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await alice.GetAsync($"{Base}/recipients/{bobRecipient}"), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await alice.GetAsync($"{Base}/distributions/{bobDistribution}"), HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(await alice.GetAsync($"{Base}/distributions/{bobDistribution}/funnel"), HttpStatusCode.NotFound, "not_found");
        await IsBadRequestNamingAsync(await alice.PostAsJsonAsync($"{Base}/distributions", Distribution(bobSender, "a")), "senderId");
        Assert.Equal(0, (await alice.GetFromJsonAsync<JsonElement>($"{Base}/deliveries")).GetProperty("items").GetArrayLength());
        Assert.Equal("Shop news", (await bob.GetFromJsonAsync<JsonElement>($"{Base}/senders/{bobSender}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Unsubscribe_ForgedToken_Is404_WithoutCredentials()
    {
        var response = await _app.CreateClient().PostAsync($"{Base}/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private static readonly string[] DeliveryStatuses = ["scheduled", "sending", "sent", "retrying", "failed", "dead"];
}
