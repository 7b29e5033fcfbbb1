using System.Net;
using System.Net.Http.Json;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>Issue 17, finding 2 through the real app: URLs a merchant aims at the service's own network are refused when saved.</summary>
public sealed class OutboundGuardApiTests : IAsyncLifetime
{
    private const string Key = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string Auth = "BTBZMqHH6r4Tts7J_aSIgg";
    private FairdropFactory _app = null!;

    public async Task InitializeAsync() => _app = await FairdropFactory.CreateAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks")]
    [InlineData("http://[::ffff:127.0.0.1]/hooks")]
    [InlineData("http://2130706433/hooks")]
    [InlineData("http://0x7f.1/hooks")]
    [InlineData("http://localhost/hooks")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://10.0.0.1/hooks")]
    [InlineData("http://[fd00::1]/hooks")]
    public async Task UpsertRecipient_WebhookUrlNotPublic_Is422ForbiddenDestinationNamingTheField(string url)
    {
        var client = await MerchantAsync(_app);

        var response = await client.PostAsJsonAsync($"{Base}/recipients", new { externalId = "s1", contacts = new { webhookUrl = url } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "forbidden_destination");
        Assert.Equal("contacts.webhookUrl", problem.GetProperty("field").GetString());
        Assert.StartsWith("webhookUrl is refused: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkRecipients_OneWebhookUrlAtLoopback_Is422NamingTheEntryAndNothingIsStored()
    {
        var client = await MerchantAsync(_app);

        var response = await client.PostAsJsonAsync($"{Base}/recipients/bulk", new
        {
            recipients = new object[]
            {
                new { externalId = "s1", contacts = new { webhookUrl = "https://hooks.shop.example/x" } },
                new { externalId = "s2", contacts = new { webhookUrl = "http://127.0.0.1:22/" } },
            },
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "forbidden_destination");
        Assert.Equal("recipients[1].contacts.webhookUrl", problem.GetProperty("field").GetString());
        Assert.Empty((await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"{Base}/recipients")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task UpsertRecipient_LoopbackAllowListedByTheOperator_Accepted()
    {
        await using var app = await FairdropFactory.CreateAsync(settings: FairdropFactory.AllowLoopback);
        var client = await MerchantAsync(app);

        var response = await client.PostAsJsonAsync($"{Base}/recipients", new { externalId = "s1", contacts = new { webhookUrl = "http://127.0.0.1:8080/hooks" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("https://127.0.0.1/push/1")]
    [InlineData("https://[::1]/push/1")]
    [InlineData("https://192.168.1.20/push/1")]
    public async Task AddWebPushSubscription_EndpointNotPublic_Is422ForbiddenDestination(string endpoint)
    {
        var client = await MerchantAsync(_app);
        var recipient = (await (await client.PostAsJsonAsync($"{Base}/recipients", Recipient("s1", "s1@shoppers.test"))).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();

        var response = await client.PostAsJsonAsync($"{Base}/recipients/{recipient}/webpush", new { endpoint, keys = new { p256dh = Key, auth = Auth } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "forbidden_destination");
        Assert.Equal("endpoint", problem.GetProperty("field").GetString());
    }
}
