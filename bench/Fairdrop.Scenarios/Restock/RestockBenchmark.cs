using System.Diagnostics;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Intake;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Rounds;
using Fairdrop.Restock.Waitlist;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fairdrop.Scenarios.Restock;

/// <summary>
/// <c>fairdrop-bench restock</c>: from the restock message to every due alert handed to a null channel (round,
/// planner, distribution, alert and delivery rows, and beside them, as in the server, the exchange's dispatcher
/// claiming, rendering, sending and recording each delivery), against the storage floor: a prepared single-row insert loop in one transaction writing
/// the same number of rows with the alert table's columns and primary key.
/// </summary>
internal static class RestockBenchmark
{
    public static async Task<RestockBenchResult> RunAsync(
        IServiceProvider services, int subscribers, long units, Func<long> sent, Action<string> progress, CancellationToken cancellationToken)
    {
        var connections = services.GetRequiredService<DbConnectionFactory>();
        var ids = services.GetRequiredService<IdGenerator>();
        var time = services.GetRequiredService<TimeProvider>();
        var merchant = (await services.GetRequiredService<MerchantStore>().CreateAsync("bench", cancellationToken)).Merchant.Id;
        await services.GetRequiredService<RestockSettingsStore>().EnsureKeyAsync(merchant, cancellationToken);
        await services.GetRequiredService<ProductStore>().UpsertAsync(merchant, [new ProductInput("bench-1", null, "Bench sneaker", "https://shop.example/b", null, 0)], cancellationToken);
        var productId = (await services.GetRequiredService<ProductStore>().GetAsync(merchant, "bench-1", cancellationToken))!.Id;

        progress($"seeding {subscribers:N0} subscribers and their exchange recipients");
        var now = time.GetUtcNow();
        var recipientIds = await SeedRecipientsAsync(services, merchant, subscribers, now, cancellationToken);
        var table = new BulkTable<int>("restock_subscriptions",
        [
            new("id", _ => ids.NewId()), new("merchant_id", _ => merchant), new("product_id", _ => productId), new("channel", _ => "email"),
            new("contact", i => $"shopper{i}@example.com"), new("recipient_id", i => recipientIds[i]), new("recipient_external_id", i => $"rs-{i}"),
            new("consent_text", _ => "Email me"), new("tier", _ => 0L), new("time_zone", _ => "UTC"), new("quiet_start", _ => null), new("quiet_end", _ => null),
            new("status", _ => "active"), new("unsubscribe_token", i => $"bench-{merchant:N}-{i}"), new("created_at", i => now.ToUnixTimeMilliseconds() - subscribers + i),
            new("expires_at", _ => now.AddDays(90).ToUnixTimeMilliseconds()),
        ]);
        await services.GetRequiredService<BulkWriter>().InsertAsync(table, Enumerable.Range(0, subscribers), cancellationToken);
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE restock_products SET status = 'awaiting_restock' WHERE id = @productId", new { productId }, cancellationToken: cancellationToken));
        }

        progress("restock: inventory message → round → waves → exchange deliveries → null channel");
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        using var writeLock = new WriteLockMeter();
        var (cpuBefore, allocatedBefore, collectionsBefore) = (Process.GetCurrentProcess().TotalProcessorTime, GC.GetTotalAllocatedBytes(), GC.CollectionCount(0));
        var clock = Stopwatch.StartNew();
        var writing = WriteRoundAsync(services, merchant, units, clock, cancellationToken);

        // The server's dispatch worker runs these same loops beside the round, from its first committed chunk: claim a
        // batch of due deliveries, send each, record the batch's outcomes; they stop when the round is written and
        // nothing is due.
        var dispatcher = services.GetRequiredService<DeliveryDispatcher>();
        var loops = services.GetRequiredService<IOptions<ExchangeOptions>>().Value.DispatchLoops;
        await Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(() => DispatchUntilWrittenAsync(dispatcher, writing, cancellationToken), cancellationToken)));

        var (round, planned) = await writing;
        var elapsed = clock.Elapsed;
        var (held, waited, sites) = (writeLock.Held, writeLock.Waited, writeLock.Sites);
        var (cpu, allocated, collections) = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore, GC.GetTotalAllocatedBytes() - allocatedBefore, GC.CollectionCount(0) - collectionsBefore);
        long delivered;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            delivered = await connection.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM exchange_deliveries WHERE merchant_id = @merchant AND status = 'sent'", new { merchant }, cancellationToken: cancellationToken));
        }

        progress("floor: prepared insert loop of alert rows, one transaction");
        var floor = await FloorAsync(connections, round.Alerts, cancellationToken);
        peak = Math.Max(peak, Process.GetCurrentProcess().PeakWorkingSet64);
        return new RestockBenchResult(connections.Dialect.Name, subscribers, units, round.Alerts, delivered, sent(), round.Alerts / elapsed.TotalSeconds,
            round.Alerts / planned.TotalSeconds, (elapsed - planned).TotalSeconds, floor, peak / 1024.0 / 1024.0)
        {
            Elapsed = elapsed,
            WriteLockHeld = held,
            WriteLockWaited = waited,
            WriteLockSites = sites,
            Cpu = cpu,
            AllocatedBytes = allocated,
            Collections = collections,
        };
    }

    /// <summary>The shoppers' exchange recipients, handed in through the exchange's intake as a subscription does, many to a transaction.</summary>
    private static async Task<Guid[]> SeedRecipientsAsync(IServiceProvider services, Guid merchant, int subscribers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const int PerTransaction = 10_000;
        var connections = services.GetRequiredService<DbConnectionFactory>();
        var intake = services.GetRequiredService<ExchangeIntake>();
        var consents = new Dictionary<Channel, Consent> { [Channel.Email] = new(WaitlistService.ConsentSource, "Email me", now) };
        var rules = new RecipientRules(TimeZone: "UTC");
        var ids = new Guid[subscribers];
        await using var connection = await connections.OpenAsync(cancellationToken);
        for (var start = 0; start < subscribers; start += PerTransaction)
        {
            await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
            for (var i = start; i < Math.Min(subscribers, start + PerTransaction); i++)
            {
                var recipient = new IntakeRecipient($"rs-{i}", new Contacts(Email: $"shopper{i}@example.com"), consents, rules);
                var stored = await intake.UpsertRecipientAsync(connection, write.Transaction, merchant, recipient, now, cancellationToken);
                ids[i] = stored.IsSuccess ? stored.Value : throw new InvalidOperationException(stored.Error!.Message);
            }

            await write.CommitAsync(cancellationToken);
        }

        return ids;
    }

    private static async Task DispatchUntilWrittenAsync(DeliveryDispatcher dispatcher, Task writing, CancellationToken cancellationToken)
    {
        using var attached = dispatcher.AttachLoop();
        while (true)
        {
            var written = writing.IsCompleted;
            if (await dispatcher.DispatchOnceAsync(cancellationToken) == 0)
            {
                if (written)
                {
                    return;
                }

                await Task.WhenAny(writing, Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken));
            }
        }
    }

    /// <summary>The inventory message and the round it opens, through every wave chunk; returns when the last alert is written.</summary>
    private static async Task<(RoundProgress Round, TimeSpan Written)> WriteRoundAsync(
        IServiceProvider services, Guid merchant, long units, Stopwatch clock, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await services.GetRequiredService<InventoryService>().ReceiveAsync(merchant, [new InventoryMessage("bench-restock", "bench-1", units)], cancellationToken);
        var round = await services.GetRequiredService<RoundRunner>().AdvanceAsync(cancellationToken);
        return (round, clock.Elapsed);
    }

    private static async Task<double> FloorAsync(DbConnectionFactory connections, long rows, CancellationToken cancellationToken)
    {
        // The alert table's columns and primary key, as the database stores them (UUIDs are text on SQLite).
        var sqlite = connections.Dialect.Name == "sqlite";
        var uuid = sqlite ? "TEXT" : "uuid";
        object Id(Guid id) => sqlite ? id.ToString() : id;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            CREATE TABLE IF NOT EXISTS bench_restock_floor (round_id {uuid} NOT NULL, subscription_id {uuid} NOT NULL, wave BIGINT NOT NULL, chunk BIGINT NOT NULL,
                distribution_id {uuid} NOT NULL, delivery_id {uuid} NOT NULL, send_at BIGINT NOT NULL, PRIMARY KEY (round_id, subscription_id))
            """,
            cancellationToken: cancellationToken));
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO bench_restock_floor (round_id, subscription_id, wave, chunk, distribution_id, delivery_id, send_at) VALUES (@r, @s, @w, @c, @d, @e, @t)";
        var parameters = new[] { "@r", "@s", "@w", "@c", "@d", "@e", "@t" }.Select(name =>
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        parameters[0].Value = Id(Guid.CreateVersion7());
        parameters[1].Value = parameters[5].Value = parameters[0].Value;
        parameters[2].Value = 1L;
        parameters[3].Value = 0L;
        parameters[4].Value = Id(Guid.CreateVersion7());
        parameters[6].Value = 0L;
        await command.PrepareAsync(cancellationToken);
        for (long i = 0; i < rows; i++)
        {
            parameters[1].Value = Id(Guid.CreateVersion7());
            parameters[5].Value = Id(Guid.CreateVersion7());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows / clock.Elapsed.TotalSeconds;
    }
}

/// <summary>The figures of one restock benchmark run.</summary>
internal sealed record RestockBenchResult(
    string Provider, int Subscribers, long Units, long Alerts, long Delivered, long NullChannelSent, double AlertsPerSecond,
    double WritePerSecond, double DispatchTailSeconds, double FloorRowsPerSecond, double PeakRssMb)
{
    public TimeSpan Elapsed { get; init; }

    /// <summary>How long write transactions held the SQLite file's write lock during the run (zero on PostgreSQL).</summary>
    public TimeSpan WriteLockHeld { get; init; }

    /// <summary>How long write transactions of this process waited for that lock, added up over all of them.</summary>
    public TimeSpan WriteLockWaited { get; init; }

    /// <summary>Held time per site of write transactions, when asked for with <c>--lock-sites</c>.</summary>
    public IReadOnlyList<(string Site, long Transactions, TimeSpan Held)> WriteLockSites { get; init; } = [];

    /// <summary>Processor time the whole process used from the restock message to the last alert sent.</summary>
    public TimeSpan Cpu { get; init; }

    /// <summary>Managed bytes allocated over the same span, and the garbage collections it took.</summary>
    public long AllocatedBytes { get; init; }

    public int Collections { get; init; }

    public double Ratio => AlertsPerSecond / FloorRowsPerSecond;
}
