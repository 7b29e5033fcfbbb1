using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Model;
using Fairdrop.Learner.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Fairdrop.Tests.Api.Exchange.ExchangeApi;

namespace Fairdrop.Tests.Api.Learner;

/// <summary>
/// A sender with <c>"delivery": "learned"</c> through the real app over SQLite, at a fixed Wednesday 10:00 UTC: each
/// recipient's evidence (seeded as weeks of engagement would leave it) decides their channel and time, the delivery
/// rows carry that choice, and the learner explains it with every alternative's score.
/// </summary>
public sealed class LearnedDeliveryApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Wednesday10 = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Wednesday10);
    private FairdropFactory _factory = null!;
    private WebApplicationFactory<Program> _app = null!;

    public async Task InitializeAsync()
    {
        _factory = await FairdropFactory.CreateAsync();
        _app = _factory.WithWebHostBuilder(b =>
        {
            // Matching runs when the test says (below), on the fake clock; almost no exploration, so the best slot is taken.
            b.UseSetting("Fairdrop:Exchange:RunWorkers", "false");
            b.UseSetting("Fairdrop:Learner:RunWorkers", "false");
            b.UseSetting("Fairdrop:Learner:Exploration", "0.001");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_time));
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [Theory]
    [InlineData("sender")]
    [InlineData("distribution")]
    public async Task Learned_Distribution_SchedulesEachRecipientsBestSlotAndExplainsIt(string optedInBy)
    {
        var (client, merchantId) = await MerchantAsync();
        var senderId = await CreateSenderAsync(client, new
        {
            channels = new[] { "email", "in_app" },
            consentRequired = new[] { "email" },
            sendWindow = new { start = "08:00:00", end = "22:00:00" },
            delivery = optedInBy == "sender" ? "learned" : "standard",
        });
        var bulk = await client.PostAsJsonAsync($"{Base}/recipients/bulk", new
        {
            recipients = new[] { Recipient("evening-app", "app@shoppers.test", inAppUserId: "u-app"), Recipient("morning-mail", "mail@shoppers.test", inAppUserId: "u-mail") },
        });
        var ids = (await bulk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(e => Guid.Parse(e.GetString()!)).ToList();

        // Wednesday buckets (UTC): 08–12 is 20, 16–20 is 22. One engages in-app in the late afternoon only, the other by email in the morning only.
        await SeedAsync(merchantId, (ids[0], [(Channel.InApp, 22, true), (Channel.Email, 20, false), (Channel.Email, 22, false), (Channel.InApp, 20, false)]),
            (ids[1], [(Channel.Email, 20, true), (Channel.InApp, 20, false), (Channel.InApp, 22, false), (Channel.Email, 22, false)]));
        var created = await client.PostAsJsonAsync($"{Base}/distributions", new
        {
            senderId,
            topic = "restock",
            content = new { email = new { subject = "Back", html = "<p>Back</p>", text = "Back" }, inApp = new { title = "Back", body = "Red shoes" } },
            deadline = Wednesday10.AddHours(12),
            delivery = optedInBy == "distribution" ? "learned" : null,
        });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var distributionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await _app.Services.GetRequiredService<MatchingWorker>().RunOnceAsync(CancellationToken.None);

        var deliveries = (await client.GetFromJsonAsync<JsonElement>($"{Base}/deliveries?distributionId={distributionId}")).GetProperty("items").EnumerateArray()
            .ToDictionary(d => Guid.Parse(d.GetProperty("recipientId").GetString()!));
        var decisions = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/learner/decisions?distributionId={distributionId}")).GetProperty("items").EnumerateArray()
            .ToDictionary(d => Guid.Parse(d.GetProperty("recipientId").GetString()!));

        Assert.Equal("in_app", deliveries[ids[0]].GetProperty("channel").GetString());
        Assert.Equal(Wednesday10.AddHours(6), deliveries[ids[0]].GetProperty("sendAt").GetDateTimeOffset());
        Assert.Equal("email", deliveries[ids[1]].GetProperty("channel").GetString());
        Assert.Equal(Wednesday10, deliveries[ids[1]].GetProperty("sendAt").GetDateTimeOffset());
        foreach (var (recipient, decision) in decisions)
        {
            var alternatives = decision.GetProperty("alternatives").EnumerateArray().ToList();
            var chosen = Assert.Single(alternatives, a => a.GetProperty("chosen").GetBoolean());
            Assert.Equal(alternatives.Max(a => a.GetProperty("expected").GetDouble()), chosen.GetProperty("expected").GetDouble());
            Assert.Equal(deliveries[recipient].GetProperty("channel").GetString(), decision.GetProperty("channel").GetString());
            Assert.Equal(8, alternatives.Count); // two channels × 10:00, 12:00, 16:00, 20:00 (the window closes at 22:00)
            Assert.InRange(decision.GetProperty("propensity").GetDouble(), 0.5, 1);
            Assert.Equal("pending", decision.GetProperty("outcome").GetString());
        }

        var explained = await client.GetFromJsonAsync<JsonElement>($"/api/v1/learner/decisions/{deliveries[ids[0]].GetProperty("id").GetString()}");
        var summary = explained.GetProperty("summary").GetString()!;
        Assert.Equal(optedInBy == "distribution" ? "learned" : null, (await client.GetFromJsonAsync<JsonElement>($"{Base}/distributions/{distributionId}")).TryGetProperty("delivery", out var d) ? d.GetString() : null);
        Assert.True(summary.StartsWith("in_app at 2026-03-04 16:00 UTC (Wednesday 16:00–20:00 local): 0.8", StringComparison.Ordinal), summary);
        Assert.EndsWith("; not allowed (sender, contact or consent): sms, web_push", summary, StringComparison.Ordinal);
        Assert.Equal(2, summary.Split(" vs ").Length - 1); // the two best alternatives it was weighed against
    }

    [Fact]
    public async Task StandardSender_DistributionWithoutDelivery_IsMatchedByRuleOrderWithNoLearnedDecision()
    {
        var (client, _) = await MerchantAsync();
        var senderId = await CreateSenderAsync(client, new { channels = new[] { "email", "in_app" }, consentRequired = new[] { "email" } });
        await client.PostAsJsonAsync($"{Base}/recipients/bulk", new { recipients = new[] { Recipient("a", "a@shoppers.test", inAppUserId: "u-a") } });
        var created = await client.PostAsJsonAsync($"{Base}/distributions", Distribution(senderId));
        var distributionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await _app.Services.GetRequiredService<MatchingWorker>().RunOnceAsync(CancellationToken.None);

        var delivery = Assert.Single((await client.GetFromJsonAsync<JsonElement>($"{Base}/deliveries?distributionId={distributionId}")).GetProperty("items").EnumerateArray());
        var decisions = await client.GetFromJsonAsync<JsonElement>($"/api/v1/learner/decisions?distributionId={distributionId}");

        Assert.Equal("email", delivery.GetProperty("channel").GetString());
        Assert.Equal(Wednesday10, delivery.GetProperty("sendAt").GetDateTimeOffset());
        Assert.Equal(0, decisions.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Explain_UnknownDeliveryOrBadInput_IsAProblemWithAStableCode()
    {
        var (client, _) = await MerchantAsync();

        var response = await client.GetAsync($"/api/v1/learner/decisions/{Guid.NewGuid()}");
        var badLimit = await client.GetAsync("/api/v1/learner/decisions?limit=0");
        var badDays = await client.GetAsync("/api/v1/learner/evaluation?days=0");
        var empty = await client.GetFromJsonAsync<JsonElement>("/api/v1/learner/evaluation");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not_found");
        await ProblemAssert.IsProblemAsync(badLimit, HttpStatusCode.BadRequest, "validation_failed");
        await IsBadRequestNamingAsync(badDays, "days");
        Assert.All(empty.EnumerateArray(), e => Assert.Equal(0, e.GetProperty("logged").GetInt32()));
        Assert.Equal(3, empty.GetArrayLength());
    }

    private async Task<(HttpClient Client, Guid MerchantId)> MerchantAsync()
    {
        var response = await Bearer(FairdropFactory.OperatorKey).PostAsJsonAsync("/api/v1/merchants", new { name = "Shop" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = Bearer(body.GetProperty("apiKey").GetProperty("key").GetString()!);
        return (client, Guid.Parse(body.GetProperty("merchant").GetProperty("id").GetString()!));
    }

    private HttpClient Bearer(string key)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Writes each recipient's evidence: 5 trials per arm, one arm a day (under the daily cap), ending the day before.</summary>
    private async Task SeedAsync(Guid merchantId, params (Guid Recipient, (Channel Channel, int Bucket, bool Engaged)[] Arms)[] recipients)
    {
        var yesterday = (int)(Wednesday10.UtcTicks / TimeSpan.TicksPerDay) - 1;
        var states = recipients.Select(r =>
        {
            var state = new RecipientState();
            for (var k = 0; k < r.Arms.Length; k++)
            {
                var (channel, bucket, engaged) = r.Arms[k];
                for (var i = 0; i < 5; i++)
                {
                    state.Observe((int)channel, bucket, engaged, yesterday - r.Arms.Length + 1 + k);
                }
            }

            return (r.Recipient, (string?)null, state);
        }).ToList();
        var connections = _factory.Database.Factory;
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, CancellationToken.None);
        await LearnerStore.SaveStatesAsync(connection, write.Transaction, merchantId, states, Wednesday10, CancellationToken.None);
        await write.CommitAsync(CancellationToken.None);
    }
}
