using System.Globalization;
using Dapper;
using Fairdrop.Core.Storage;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Tests.Support;
using Fairdrop.Restock.Waitlist;
using Fairdrop.Testing;
using Xunit.Abstractions;

namespace Fairdrop.Restock.Tests.Rounds;

/// <summary>
/// The real <c>fairdrop serve</c> SIGKILLed three times while it sends a restock round's alerts to the test script's
/// real SMTP server (and to in-app inboxes), restarted each time (docs/adr/0014). Nothing is lost; with the resend
/// policy an email reaches a shopper twice only if it was in flight at a kill (at most the in-flight bound per kill),
/// and every such delivery says so; with the hold policy nobody gets two, and the uncertain ones wait for the operator.
/// In-app messages stay exactly once either way.
/// </summary>
public abstract class DispatchCrashContract(StorageProvider provider, ITestOutputHelper output)
{
    private const int Emails = 20_000;
    private const int InApp = 1_000;
    private const int Bound = 16;

    [SkippableFact]
    public Task Serve_KilledThreeTimesDuringDispatch_ResendsOnlyWhatWasInFlightAndSaysSo() => RunAsync(hold: false);

    [SkippableFact]
    public Task Serve_KilledThreeTimesDuringDispatch_WithTheHoldPolicy_SendsNothingTwice() => RunAsync(hold: true);

    private async Task RunAsync(bool hold)
    {
        var smtp = TestServers.Smtp().Split(';', 2);
        await using var db = await TestDatabase.CreateAsync(provider);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await SeedAsync(db, tag);
        var seeded = clock.Elapsed;
        var total = Emails + InApp;
        var killedAt = new List<long>();
        foreach (var share in new[] { 0.15, 0.45, 0.75 })
        {
            await using var server = Start(db, smtp[0], hold);
            await ServeProcess.PollAsync(async () => server.HasExited || await CountAsync(db, "status IN ('sent', 'uncertain')") >= share * total, server, TimeSpan.FromMinutes(5));
            server.KillHard();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
            killedAt.Add(await CountAsync(db, "status IN ('sent', 'uncertain')"));
        }

        await using (var last = Start(db, smtp[0], hold))
        {
            await ServeProcess.PollAsync(async () => await CountAsync(db, "status IN ('sent', 'uncertain')") == total, last, TimeSpan.FromMinutes(5));
        }

        var received = ReadMaildir(smtp[1], tag);
        var recovered = await RecoveredAsync(db);
        var uncertain = await CountAsync(db, "status = 'uncertain'");
        var inbox = await CountAsync(db, "1 = 1", "exchange_inbox");
        var twice = received.Where(r => r.Value > 1).Select(r => r.Key).ToList();
        var extra = received.Values.Sum(n => n - 1);
        var note = $"seeded in {seeded.TotalSeconds:F0} s, sent by {clock.Elapsed.TotalSeconds:F0} s; kills at {string.Join(", ", killedAt)} of {total}; {extra} extra emails to {twice.Count} shoppers; {recovered.Count} recovered; {uncertain} uncertain";

        output.WriteLine(note);
        Assert.True(killedAt.All(k => k < total), note); // every kill landed during dispatch
        Assert.Equal(InApp, inbox);
        Assert.True(extra <= 3 * Bound, note);
        Assert.All(twice, address => Assert.Contains(address, recovered));
        if (hold)
        {
            Assert.Empty(twice);
            Assert.InRange(uncertain, 1, 3 * Bound);
            Assert.Equal(Emails - uncertain, received.Count(r => !recovered.Contains(r.Key)));
            Assert.True(received.Count >= Emails - uncertain, note);
        }
        else
        {
            Assert.Equal(0, uncertain);
            Assert.Equal(Emails, received.Count);
            Assert.InRange(recovered.Count, 1, 3 * Bound);
        }
    }

    private static FairdropProcess Start(TestDatabase db, string smtp, bool hold)
    {
        var endpoint = smtp.Split(':', 2);
        var settings = new Dictionary<string, string>
        {
            ["Fairdrop__Exchange__Smtp__Host"] = endpoint[0],
            ["Fairdrop__Exchange__Smtp__Port"] = endpoint[1],
            ["Fairdrop__Exchange__Smtp__Security"] = "none",
            ["Fairdrop__Exchange__InFlightBound"] = Bound.ToString(CultureInfo.InvariantCulture),
            // A batch far larger than the bound: recording once per batch would resend up to 200 a loop after a kill.
            ["Fairdrop__Exchange__DispatchBatchSize"] = "200",
            ["Fairdrop__Exchange__ClaimLease"] = "00:00:05",
            ["Fairdrop__Exchange__PollInterval"] = "00:00:00.200",
        };
        if (hold)
        {
            settings["Fairdrop__Exchange__Recovery__email"] = "hold";
        }

        return ServeProcess.Start(db, settings);
    }

    /// <summary>One product restocked with enough units for one wave: every shopper is alerted at once.</summary>
    private static async Task SeedAsync(TestDatabase db, string tag)
    {
        var (_, inventory, products, waitlist, merchant) = await RestockStack.CreateAsync(db, TimeProvider.System, new RestockOptions());
        Assert.True((await products.UpsertAsync(merchant, [new ProductInput("boot", "BOOT", "Boot", "https://shop.example/boot", null, 0)], default)).IsSuccess);
        await Parallel.ForAsync(0, Emails + InApp, new ParallelOptions { MaxDegreeOfParallelism = db.PostgresConnectionString is null ? 1 : 8 }, async (i, token) =>
        {
            var request = i < Emails
                ? new SubscribeRequest("boot", "email", $"{tag}-{i}@example.com", "Tell me when it is back")
                : new SubscribeRequest("boot", "in_app", $"{tag}-user-{i}", "Tell me when it is back");
            Assert.True((await waitlist.SubscribeAsync(merchant, request, token)).IsSuccess);
        });
        Assert.True((await inventory.ReceiveAsync(merchant, [new InventoryMessage("restock-1", "boot", Emails + InApp)], default)).IsSuccess);
    }

    private static async Task<long> CountAsync(TestDatabase db, string where, string table = "exchange_deliveries")
    {
        await using var connection = await db.Factory.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE {where}");
    }

    /// <summary>The email addresses whose delivery was sent again, or held, after a crash left it uncertain.</summary>
    private static async Task<HashSet<string>> RecoveredAsync(TestDatabase db)
    {
        await using var connection = await db.Factory.OpenAsync(default);
        var rows = await connection.QueryAsync<string>(
            """
            SELECT s.contact FROM exchange_deliveries d JOIN restock_subscriptions s ON s.recipient_id = d.recipient_id
            WHERE d.reason = 'recovered_after_crash' AND s.channel = 'email'
            """);
        return rows.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>How many emails each of this run's shoppers received, read from the Maildir's files.</summary>
    private static Dictionary<string, int> ReadMaildir(string maildir, string tag)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(maildir, "new")))
        {
            using var reader = new StreamReader(file);
            string? line;
            while (!string.IsNullOrEmpty(line = reader.ReadLine()))
            {
                if (line.StartsWith("To:", StringComparison.OrdinalIgnoreCase) && line.Contains(tag, StringComparison.Ordinal))
                {
                    var address = line[(line.IndexOf(tag, StringComparison.Ordinal))..].TrimEnd('>', ' ');
                    counts[address] = counts.GetValueOrDefault(address) + 1;
                    break;
                }
            }
        }

        return counts;
    }
}

public sealed class SqliteDispatchCrashTests(ITestOutputHelper output) : DispatchCrashContract(StorageProvider.Sqlite, output);

public sealed class PostgresDispatchCrashTests(ITestOutputHelper output) : DispatchCrashContract(StorageProvider.Postgres, output);
