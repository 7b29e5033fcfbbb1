using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Testing;
using Xunit.Abstractions;

namespace Fairdrop.IntegrationTests;

/// <summary>
/// The real <c>fairdrop serve</c> SIGKILLed three times while it sends a distribution's webhooks to a loopback receiver,
/// restarted each time (docs/adr/0014, issue 27). Everything is set up through the API alone. A receiver that drops
/// repeats of a <c>webhook-id</c> processes every delivery exactly once: nothing is missing, a repeat happens only for a
/// delivery that was in flight at a kill (at most the in-flight bound per kill), and every repeated one says so.
/// </summary>
public abstract class WebhookCrashContract(StorageProvider provider, ITestOutputHelper output)
{
    private const int Recipients = 20_000;
    private const int Bound = 16;
    private const string OperatorKey = "webhook-crash-operator-key-0123456789";
    private const string Api = "/api/v1/exchange";

    [SkippableFact]
    public async Task Serve_KilledThreeTimesDuringWebhookDispatch_DedupingReceiverGetsEveryDeliveryOnce()
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // A few milliseconds per answer keep up to the bound of sends open at any instant, for a kill to cut.
        await using var receiver = await WebhookReceiver.StartAsync(TimeSpan.FromMilliseconds(3));
        var clock = Stopwatch.StartNew();
        var killedAt = new List<(int Received, long Sent)>();
        TimeSpan seeded = default;
        foreach (var share in new[] { 0.15, 0.45, 0.75 })
        {
            await using var server = Start(db);
            if (killedAt.Count == 0)
            {
                await SeedAsync(server, receiver.Url);
                seeded = clock.Elapsed;
            }

            await PollAsync(() => Task.FromResult(receiver.Unique >= share * Recipients), server);
            server.Process.KillHard();
            await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            killedAt.Add((receiver.Unique, await CountAsync(db, "status = 'sent'")));
        }

        await using (var last = Start(db))
        {
            await PollAsync(async () => await CountAsync(db, "status = 'sent'") == Recipients, last);
        }

        var seen = receiver.Seen();
        var expected = (await DeliveryIdsAsync(db, "1 = 1")).Select(WebhookId).ToHashSet(StringComparer.Ordinal);
        var recovered = (await DeliveryIdsAsync(db, "reason = 'recovered_after_crash'")).Select(WebhookId).ToHashSet(StringComparer.Ordinal);
        var inFlight = await CountAsync(db, "1 = 1", "exchange_in_flight");
        var missing = expected.Count(id => !seen.ContainsKey(id));
        var twice = seen.Where(s => s.Value > 1).Select(s => s.Key).ToList();
        var extra = receiver.Requests - seen.Count;
        var note = string.Create(
            CultureInfo.InvariantCulture,
            $"{provider}: seeded in {seeded.TotalSeconds:F1} s, all sent by {clock.Elapsed.TotalSeconds:F1} s; kills at {string.Join(", ", killedAt.Select(k => $"{k.Received} received/{k.Sent} recorded sent"))} of {Recipients}; {receiver.Requests} requests, {seen.Count} unique webhook-ids ({extra} repeats, {twice.Count} ids repeated, {missing} missing); {recovered.Count} recovered after a crash; {inFlight} left in the ledger");
        output.WriteLine(note);

        Assert.Equal(3, killedAt.Count);
        Assert.True(killedAt.All(k => k.Received < Recipients && k.Sent < Recipients), note); // every kill landed during dispatch
        Assert.Equal(Recipients, expected.Count);
        Assert.Equal(0, missing);
        Assert.Equal(Recipients, seen.Count); // no webhook-id the deliveries do not account for
        Assert.True(extra <= 3 * Bound, note);
        Assert.All(twice, id => Assert.Contains(id, recovered));
        Assert.InRange(recovered.Count, 1, 3 * Bound); // the crash path ran, and stayed within the bound
        Assert.Equal(0, inFlight);
    }

    private static string WebhookId(Guid deliveryId) => "msg_" + deliveryId.ToString("N");

    private static Server Start(TestDatabase db)
    {
        var url = $"http://127.0.0.1:{FairdropProcess.FreePort()}";
        var environment = new Dictionary<string, string>
        {
            ["FAIRDROP_OPERATOR_KEY"] = OperatorKey,
            ["Fairdrop__Outbound__AllowedNetworks__0"] = "127.0.0.1/32",
            ["Fairdrop__Exchange__InFlightBound"] = Bound.ToString(CultureInfo.InvariantCulture),
            // A batch far larger than the bound: recording once per batch would resend up to 200 a loop after a kill.
            ["Fairdrop__Exchange__DispatchBatchSize"] = "200",
            ["Fairdrop__Exchange__ClaimLease"] = "00:00:05",
            ["Fairdrop__Exchange__PollInterval"] = "00:00:00.200",
            // 10,000 recipients in one bulk call (its limit) are about 1 MB of JSON, the default body limit.
            ["Fairdrop__Http__MaxRequestBodyBytes"] = (16 << 20).ToString(CultureInfo.InvariantCulture),
        };
        if (db.PostgresConnectionString is { } postgres)
        {
            environment["FAIRDROP_POSTGRES"] = postgres;
        }
        else
        {
            environment["FAIRDROP_DATA"] = db.DataDirectory!;
        }

        return new Server(FairdropProcess.Start(["serve", "--urls", url], environment), url);
    }

    /// <summary>A merchant, a webhook sender, every recipient with the receiver as webhook URL, and one distribution to all.</summary>
    private static async Task SeedAsync(Server server, string receiverUrl)
    {
        await server.Process.WaitUntilServingAsync($"{server.Url}/healthz", TimeSpan.FromSeconds(60));
        using var client = await MerchantAsync(server.Url);
        var sender = await client.PostAsJsonAsync($"{Api}/senders", new
        {
            name = "Restock hooks",
            fromAddress = "hooks@midnight.test",
            rules = new { channels = new[] { "webhook" } },
        });
        Assert.Equal(HttpStatusCode.Created, sender.StatusCode);
        var senderId = (await sender.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var recipients = Enumerable.Range(0, Recipients).Select(i => new
        {
            externalId = $"shopper-{i}",
            contacts = new { webhookUrl = $"{receiverUrl}/hooks/{i}" },
        }).ToList();
        foreach (var chunk in recipients.Chunk(10_000))
        {
            var bulk = await client.PostAsJsonAsync($"{Api}/recipients/bulk", new { recipients = chunk });
            Assert.True(bulk.StatusCode == HttpStatusCode.OK, await bulk.Content.ReadAsStringAsync());
        }

        var distribution = await client.PostAsJsonAsync($"{Api}/distributions", new
        {
            senderId,
            topic = "restock",
            idempotencyKey = "webhook-crash",
            data = new { product = "Red shoes" },
            content = new { webhook = new { body = """{"product":"{{ data.product }}","shopper":"{{ recipient.externalId }}"}""" } },
        });
        Assert.True(distribution.StatusCode == HttpStatusCode.Accepted, await distribution.Content.ReadAsStringAsync());
    }

    private static Task<HttpClient> MerchantAsync(string url) => MerchantClient.CreateAsync(url, OperatorKey, "Midnight Sneakers");

    private static async Task<long> CountAsync(TestDatabase db, string where, string table = "exchange_deliveries")
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where}");
    }

    private static async Task<List<Guid>> DeliveryIdsAsync(TestDatabase db, string where)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return (await connection.QueryAsync<Guid>($"SELECT id FROM exchange_deliveries WHERE {where}")).AsList();
    }

    private static async Task PollAsync(Func<Task<bool>> done, Server server)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (server.Process.HasExited)
            {
                throw new InvalidOperationException($"fairdrop exited on its own.\n{server.Process.StandardError}");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"Dispatch did not get there in time.\n{server.Process.StandardError}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>One run of the real process and the address it serves on.</summary>
    private sealed record Server(FairdropProcess Process, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}

// One collection: two real processes sending 20,000 webhooks each at once would only slow each other down.
[Collection(nameof(WebhookCrashContract))]
public sealed class SqliteWebhookCrashTests(ITestOutputHelper output) : WebhookCrashContract(StorageProvider.Sqlite, output);

[Collection(nameof(WebhookCrashContract))]
public sealed class PostgresWebhookCrashTests(ITestOutputHelper output) : WebhookCrashContract(StorageProvider.Postgres, output);
