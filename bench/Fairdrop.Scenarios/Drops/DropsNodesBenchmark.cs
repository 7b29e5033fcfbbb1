using System.Diagnostics;
using Dapper;
using Fairdrop.Cli;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Drops;
using Fairdrop.Drops.Model;
using Fairdrop.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Drops;

/// <summary>
/// <c>fairdrop-bench drops --nodes N</c> (PostgreSQL): the same crowd enters one drop through one <c>fairdrop serve</c>
/// process, and another drop through N of them sharing the database, in the same run, with the same crowd (64 clients per
/// node: the one node gets them all, so neither side is short of load); both drops are then placed and checked (every
/// entry placed once, places 1..n).
/// </summary>
internal static class DropsNodesBenchmark
{
    private const int ClientsPerNode = 64;

    /// <summary>Entries each fresh node takes first, into a drop of its own, so that neither side pays for the JIT.</summary>
    private const int WarmupPerNode = 2_000;

    public static async Task<DropsNodesResult> RunAsync(Dictionary<string, string?> settings, int nodes, int entries, double? burst, Action<string> progress, CancellationToken cancellationToken)
    {
        var postgres = settings.GetValueOrDefault("Fairdrop:Storage:Postgres") ?? throw new InvalidOperationException("--nodes needs --postgres: several nodes share one PostgreSQL.");
        await using var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken);
        var merchant = (await services.GetRequiredService<MerchantStore>().CreateAsync("bench", cancellationToken)).Merchant.Id;
        var secret = (await services.GetRequiredService<ShopperSecretStore>().RotateAsync(merchant, TimeSpan.Zero, cancellationToken)).Secret;
        var commands = services.GetRequiredService<DropCommands>();
        var now = TimeProvider.System.GetUtcNow();
        var spec = new DropSpec("nodes bench", "sku-nodes", 500, now.AddHours(1), WindowOpensAt: now, AdmitIntervalMs: 0);
        var alone = (await commands.CreateAsync(merchant, spec, cancellationToken)).Value!;
        var shared = (await commands.CreateAsync(merchant, spec, cancellationToken)).Value!;
        var warmup = (await commands.CreateAsync(merchant, spec, cancellationToken)).Value!;

        var servers = new List<FairdropProcess>();
        var clients = new List<HttpClient>();
        try
        {
            for (var n = 0; n < nodes; n++)
            {
                var url = $"http://127.0.0.1:{FairdropProcess.FreePort()}";
                servers.Add(FairdropProcess.Start(["serve", "--urls", url, "--Fairdrop:Batch:RunWorkers=false", "--Fairdrop:Exchange:RunWorkers=false"],
                    ServeEnvironment.For(settings)));
                await servers[^1].WaitUntilServingAsync(url + "/healthz", TimeSpan.FromSeconds(60));
                clients.Add(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = burst is null ? ClientsPerNode * nodes : EntryFlood.BurstConnections }) { BaseAddress = new Uri(url) });
            }

            var expires = now.AddMinutes(50);
            (string, object) Entry(Guid dropId, string prefix, int i) => ($"/api/v1/public/drops/{dropId}/entries", new { shopperToken = ShopperTokens.Sign(secret, $"{prefix}-{i}", expires) });
            progress($"warming up: {WarmupPerNode} entries per node");
            await EntryFlood.RunAsync([.. clients], WarmupPerNode * nodes, i => Entry(warmup.Id, "w", i), null, ClientsPerNode, cancellationToken);
            progress($"one node: {entries:N0} entries");
            var (one, oneCores) = await MeasuredAsync(servers, () => EntryFlood.RunAsync([clients[0]], entries, i => Entry(alone.Id, "a", i), burst, ClientsPerNode * nodes, cancellationToken));
            progress($"{nodes} nodes: {entries:N0} entries");
            var (many, manyCores) = await MeasuredAsync(servers, () => EntryFlood.RunAsync([.. clients], entries, i => Entry(shared.Id, "s", i), burst, ClientsPerNode, cancellationToken));

            var placed = await PlaceAsync(services, [alone.Id, shared.Id], cancellationToken);
            return new DropsNodesResult(nodes, entries, entries / one.Elapsed.TotalSeconds, entries / many.Elapsed.TotalSeconds, one, many, placed)
            {
                Cores = (oneCores, manyCores),
            };
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The flood, and the cores it kept busy: the nodes' (sum over the server processes), this load generator's, and
    /// PostgreSQL's and everything else's (the machine's busy time from /proc/stat, less the other two).
    /// </summary>
    private static async Task<(Flood Flood, CoresBusy Cores)> MeasuredAsync(List<FairdropProcess> servers, Func<Task<Flood>> flood)
    {
        var nodesBefore = servers.Sum(s => ServerSample.Read(s.Id).CpuSeconds);
        var selfBefore = ServerSample.Read(Environment.ProcessId).CpuSeconds;
        var machineBefore = MachineBusySeconds();
        var result = await flood();
        var seconds = result.Elapsed.TotalSeconds;
        var nodes = (servers.Sum(s => ServerSample.Read(s.Id).CpuSeconds) - nodesBefore) / seconds;
        var self = (ServerSample.Read(Environment.ProcessId).CpuSeconds - selfBefore) / seconds;
        var machine = (MachineBusySeconds() - machineBefore) / seconds;
        return (result, new CoresBusy(nodes, self, machine - nodes - self, Environment.ProcessorCount));
    }

    /// <summary>Seconds the machine's CPUs were busy (all but idle and iowait, first line of /proc/stat, 1/100 s ticks).</summary>
    private static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (fields.Sum() - fields[3] - fields[4]) / 100.0;
    }

    /// <summary>Moves both openings to now, places them, and checks that each drop's places are exactly 1..entries.</summary>
    private static async Task<bool> PlaceAsync(IServiceProvider services, Guid[] drops, CancellationToken cancellationToken)
    {
        var ok = true;
        await using var connection = await services.GetRequiredService<DbConnectionFactory>().OpenAsync(cancellationToken);
        foreach (var dropId in drops)
        {
            await BenchOpening.MoveToNowAsync(services, dropId, cancellationToken);
            await services.GetRequiredService<DropCommands>().EnsureOpenedAsync(dropId, cancellationToken);
            var (count, distinct, min, max) = await connection.QuerySingleAsync<(long, long, long, long)>(new CommandDefinition(
                "SELECT COUNT(*), COUNT(DISTINCT place), MIN(place), MAX(place) FROM drop_entries WHERE drop_id = @dropId", new { dropId }, cancellationToken: cancellationToken));
            ok &= count == distinct && min == 1 && max == count;
        }

        return ok;
    }
}

/// <summary>Entries per second through one node and through <see cref="Nodes"/> nodes, and whether both drops placed exactly.</summary>
internal sealed record DropsNodesResult(int Nodes, int Entries, double OneNodePerSecond, double NodesPerSecond, Flood One, Flood Many, bool PlacesExact)
{
    public double Scaling => NodesPerSecond / OneNodePerSecond;

    /// <summary>Cores busy during the one-node flood and during the several-node flood.</summary>
    public (CoresBusy One, CoresBusy Many) Cores { get; init; }
}

/// <summary>Cores kept busy during a flood: by the nodes, by the load generator, by the rest (PostgreSQL, others); of how many.</summary>
internal sealed record CoresBusy(double Nodes, double LoadGenerator, double Rest, int Machine)
{
    public override string ToString() => FormattableString.Invariant($"{Nodes:0.00} nodes + {LoadGenerator:0.00} load + {Rest:0.00} other, of {Machine}");
}
