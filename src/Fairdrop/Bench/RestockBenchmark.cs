using System.Diagnostics;
using Dapper;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Restock.Catalog;
using Fairdrop.Restock.Inventory;
using Fairdrop.Restock.Rounds;
using Fairdrop.Restock.Waitlist;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Bench;

/// <summary>
/// <c>fairdrop bench restock</c>: from the restock message to every due alert written as an exchange delivery
/// (round, planner, distribution, alert and delivery rows), against the storage floor: a prepared single-row
/// insert loop in one transaction writing the same number of rows.
/// </summary>
internal static class RestockBenchmark
{
    public static async Task<RestockBenchResult> RunAsync(IServiceProvider services, int subscribers, long units, Action<string> progress, CancellationToken cancellationToken)
    {
        var connections = services.GetRequiredService<DbConnectionFactory>();
        var ids = services.GetRequiredService<IdGenerator>();
        var time = services.GetRequiredService<TimeProvider>();
        var merchant = (await services.GetRequiredService<MerchantStore>().CreateAsync("bench", cancellationToken)).Merchant.Id;
        await services.GetRequiredService<RestockSettingsStore>().EnsureKeyAsync(merchant, cancellationToken);
        await services.GetRequiredService<ProductStore>().UpsertAsync(merchant, [new ProductInput("bench-1", null, "Bench sneaker", "https://shop.example/b", null, 0)], cancellationToken);
        var productId = (await services.GetRequiredService<ProductStore>().GetAsync(merchant, "bench-1", cancellationToken))!.Id;

        progress($"seeding {subscribers:N0} subscribers");
        var now = time.GetUtcNow();
        var table = new BulkTable<int>("restock_subscriptions",
        [
            new("id", _ => ids.NewId()), new("merchant_id", _ => merchant), new("product_id", _ => productId), new("channel", _ => "email"),
            new("contact", i => $"shopper{i}@example.com"), new("recipient_id", _ => ids.NewId()), new("recipient_external_id", i => $"rs-{i}"),
            new("consent_text", _ => "Email me"), new("tier", _ => 0L), new("time_zone", _ => "UTC"), new("quiet_start", _ => null), new("quiet_end", _ => null),
            new("status", _ => "active"), new("unsubscribe_token", i => $"t{i}"), new("created_at", i => now.ToUnixTimeMilliseconds() - subscribers + i),
            new("expires_at", _ => now.AddDays(90).ToUnixTimeMilliseconds()),
        ]);
        await services.GetRequiredService<BulkWriter>().InsertAsync(table, Enumerable.Range(0, subscribers), cancellationToken);
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE restock_products SET status = 'awaiting_restock' WHERE id = @productId", new { productId }, cancellationToken: cancellationToken));
        }

        progress("restock: inventory message → round → waves → exchange deliveries");
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        var clock = Stopwatch.StartNew();
        await services.GetRequiredService<InventoryService>().ReceiveAsync(merchant, [new InventoryMessage("bench-restock", "bench-1", units)], cancellationToken);
        var round = await services.GetRequiredService<RoundRunner>().AdvanceAsync(cancellationToken);
        var seconds = clock.Elapsed.TotalSeconds;
        long deliveries;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            deliveries = await connection.QuerySingleAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM exchange_deliveries WHERE merchant_id = @merchant", new { merchant }, cancellationToken: cancellationToken));
        }

        progress("floor: prepared insert loop, one transaction");
        var floor = await FloorAsync(connections, round.Alerts, cancellationToken);
        peak = Math.Max(peak, Process.GetCurrentProcess().PeakWorkingSet64);
        return new RestockBenchResult(connections.Dialect.Name, subscribers, units, round.Alerts, deliveries, round.Alerts / seconds, floor, peak / 1024.0 / 1024.0);
    }

    private static async Task<double> FloorAsync(DbConnectionFactory connections, long rows, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS bench_restock_floor (round_id TEXT NOT NULL, subscription_id TEXT NOT NULL, wave BIGINT NOT NULL, send_at BIGINT NOT NULL, PRIMARY KEY (round_id, subscription_id))",
            cancellationToken: cancellationToken));
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO bench_restock_floor (round_id, subscription_id, wave, send_at) VALUES (@r, @s, @w, @t)";
        var parameters = new[] { "r", "s", "w", "t" }.Select(name =>
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        parameters[0].Value = Guid.NewGuid().ToString();
        parameters[2].Value = 1L;
        parameters[3].Value = 0L;
        parameters[1].Value = string.Empty;
        await command.PrepareAsync(cancellationToken);
        for (long i = 0; i < rows; i++)
        {
            parameters[1].Value = Guid.CreateVersion7().ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows / clock.Elapsed.TotalSeconds;
    }
}

/// <summary>The figures of one restock benchmark run.</summary>
internal sealed record RestockBenchResult(string Provider, int Subscribers, long Units, long Alerts, long Deliveries, double AlertsPerSecond, double FloorRowsPerSecond, double PeakRssMb)
{
    public double Ratio => AlertsPerSecond / FloorRowsPerSecond;
}
