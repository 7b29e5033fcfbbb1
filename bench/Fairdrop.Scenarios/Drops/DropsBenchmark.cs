using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Drops;
using Fairdrop.Drops.Model;
using Fairdrop.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Drops;

/// <summary>
/// <c>fairdrop-bench drops</c>: a crowd enters a drop over loopback HTTP through the real endpoint,
/// against a baseline endpoint on the same host that only records each entry in one INSERT; then the
/// pre-queue is placed at opening, and the first shoppers buy until sold out.
/// </summary>
internal sealed class DropsBenchmark(Dictionary<string, string?> settings, double? burst = null)
{
    private const int Concurrency = 64;

    public async Task<DropsBenchmarkResult> RunAsync(int entries, int units, Action<string> progress, CancellationToken cancellationToken)
    {
        var port = FreePort();
        settings["urls"] = $"http://127.0.0.1:{port}";
        settings["Logging:LogLevel:Default"] = "Warning";
        await using var app = FairdropWebApp.Build([], settings);
        MapBaseline(app);
        await app.Services.GetRequiredService<Core.Storage.Migrations.MigrationRunner>().ApplyAsync(cancellationToken);
        await CreateBaselineTableAsync(app.Services, cancellationToken);
        await app.StartAsync(cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = burst is null ? Concurrency : EntryFlood.BurstConnections }) { BaseAddress = new Uri(settings["urls"]!) };

        var (merchant, _) = await app.Services.GetRequiredService<MerchantStore>().CreateAsync("bench", cancellationToken);
        var time = app.Services.GetRequiredService<TimeProvider>();
        // Storefront entries prove their shopper: the bench signs a token per shopper, as a shop's backend would.
        var secret = (await app.Services.GetRequiredService<ShopperSecretStore>().RotateAsync(merchant.Id, TimeSpan.Zero, cancellationToken)).Secret;
        var expires = time.GetUtcNow().AddMinutes(50);
        var drop = (await app.Services.GetRequiredService<DropCommands>().CreateAsync(merchant.Id,
            new DropSpec("bench drop", "sku-bench", units, time.GetUtcNow().AddHours(1), WindowOpensAt: time.GetUtcNow(), AdmitIntervalMs: 0), cancellationToken)).Value!;

        progress($"baseline: {entries:N0} entries into a plain INSERT endpoint");
        var baseline = await EntryFlood.RunAsync([http], entries, i => ("/bench/baseline/entries", new { shopperId = $"b-{i}" }), burst, Concurrency, cancellationToken);
        progress($"fairdrop: {entries:N0} entries into the drop");
        var fairdrop = await EntryFlood.RunAsync([http], entries, i => ($"/api/v1/public/drops/{drop.Id}/entries", new { shopperToken = ShopperTokens.Sign(secret, $"s-{i}", expires) }), burst, Concurrency, cancellationToken);

        await BenchOpening.MoveToNowAsync(app.Services, drop.Id, cancellationToken);

        progress("placing the pre-queue");
        var place = Stopwatch.StartNew();
        await app.Services.GetRequiredService<DropCommands>().EnsureOpenedAsync(drop.Id, cancellationToken);
        place.Stop();

        progress("selling out");
        await SellOutAsync(http, app.Services, drop.Id, units, cancellationToken);
        var report = (await app.Services.GetRequiredService<DropQueries>().OperatorReportAsync(drop.Id, cancellationToken)).Value!;
        await app.StopAsync(cancellationToken);
        return new DropsBenchmarkResult(app.Services.GetRequiredService<DbConnectionFactory>().Dialect.Name, entries, units,
            entries / fairdrop.Elapsed.TotalSeconds, entries / baseline.Elapsed.TotalSeconds, place.Elapsed.TotalMilliseconds, report.UnitsSold, report.Oversold, report.ArrivalPlaceKendallTau)
        {
            Burst = burst,
            Latency = (baseline.P50, baseline.P99, fairdrop.P50, fairdrop.P99),
        };
    }

    private static void MapBaseline(WebApplication app) =>
        app.MapPost("/bench/baseline/entries", async (BaselineEntry entry, DbConnectionFactory connections, CancellationToken cancellationToken) =>
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO bench_drop_entries (shopper_id, arrived_at) VALUES (@ShopperId, @at)",
                new { entry.ShopperId, at = Stopwatch.GetTimestamp() },
                cancellationToken: cancellationToken));
            return Results.Created();
        }).AllowAnonymous().ExcludeFromDescription();

    private static async Task CreateBaselineTableAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var connection = await services.GetRequiredService<DbConnectionFactory>().OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DROP TABLE IF EXISTS bench_drop_entries; CREATE TABLE bench_drop_entries (shopper_id TEXT PRIMARY KEY, arrived_at BIGINT NOT NULL)",
            cancellationToken: cancellationToken));
    }

    private static async Task SellOutAsync(HttpClient http, IServiceProvider services, Guid dropId, int units, CancellationToken cancellationToken)
    {
        // The shoppers at the head of the queue poll and buy over HTTP. Their entry keys were not kept by the
        // flood, so the bench gives each a known key first (a bench-only shortcut, outside the timed parts).
        var head = (await services.GetRequiredService<DropQueries>().OperatorEntriesAsync(dropId, cancellationToken)).Value!.Where(e => e.Place is not null).OrderBy(e => e.Place).Take(units + (units / 5)).ToList();
        var connections = services.GetRequiredService<DbConnectionFactory>();
        await Parallel.ForEachAsync(head, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (entry, ct) =>
        {
            const string benchKey = "bench-entry-key";
            await using (var connection = await connections.OpenAsync(ct))
            {
                await connection.ExecuteAsync(new CommandDefinition("UPDATE drop_entries SET entry_key_hash = @hash WHERE id = @id",
                    new { id = entry.Id, hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(benchKey)) }, cancellationToken: ct));
            }

            var view = await http.GetFromJsonAsync<JsonElement>($"/api/v1/public/drops/{dropId}/entries/{entry.Id}?key={benchKey}", ct);
            if (view.GetProperty("saleToken").GetString() is { } token)
            {
                using var _ = await http.PostAsJsonAsync($"/api/v1/public/drops/{dropId}/purchases", new { token, shopperId = entry.ShopperId, quantity = 1 }, ct);
            }
        });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record BaselineEntry(string ShopperId);
}

/// <summary>Figures of one drops benchmark run.</summary>
internal sealed record DropsBenchmarkResult(string Database, int Entries, int Units, double EntriesPerSecond, double BaselineEntriesPerSecond, double PlaceMilliseconds, long UnitsSold, long Oversold, double KendallTau)
{
    /// <summary>The seconds the arrivals were spread over (an open-loop burst), or null for the closed-loop crowd.</summary>
    public double? Burst { get; init; }

    /// <summary>Entry latency, p50 and p99, of the baseline and of the drop; in a burst counted from each scheduled arrival.</summary>
    public (TimeSpan BaselineP50, TimeSpan BaselineP99, TimeSpan P50, TimeSpan P99) Latency { get; init; }

    public double Ratio => EntriesPerSecond / BaselineEntriesPerSecond;
}
