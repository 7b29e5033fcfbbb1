using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Dapper;
using Fairdrop.Cli;
using Fairdrop.Core.Storage;
using Fairdrop.Core.Tenancy;
using Fairdrop.Drops;
using Fairdrop.Drops.Model;
using Fairdrop.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Drops;

/// <summary>
/// <c>fairdrop-bench drops-waiting</c>: a crowd of placed shoppers, none of whose turns comes during the run, each
/// long-polling its status with <c>?wait=</c> and polling again as soon as it is answered, against one
/// <c>fairdrop serve</c> process of its own, whose CPU time and resident memory are read from /proc.
/// </summary>
internal static class DropsWaitingBenchmark
{
    /// <summary>Connections per server address: below the 28,232 ephemeral ports Linux gives one address pair.</summary>
    private const int ConnectionsPerAddress = 25_000;

    /// <summary>HTTP/2 streams per connection when the crowd is multiplexed (Kestrel's default is 100).</summary>
    private const int StreamsPerConnection = 1_000;

    public static async Task<DropsWaitingResult> RunAsync(
        Dictionary<string, string?> settings, int shoppers, TimeSpan wait, TimeSpan measure, bool http2, Action<string> progress, CancellationToken cancellationToken)
    {
        RequireDescriptors(http2 ? shoppers / StreamsPerConnection : shoppers);
        var (dropId, entries) = await SeedAsync(settings, shoppers, progress, cancellationToken);

        var port = FairdropProcess.FreePort();
        var health = $"http://127.0.0.1:{port}";
        // HTTP/1.1: a connection per shopper, 25,000 to a server address. HTTP/2 (prior knowledge, which Kestrel speaks
        // only on an endpoint of its own): the crowd on 127.0.0.2, multiplexed, while the health probe keeps HTTP/1.1.
        var addresses = http2
            ? [$"http://127.0.0.2:{port}"]
            : Enumerable.Range(1, (shoppers / ConnectionsPerAddress) + 1).Select(i => $"http://127.0.0.{i}:{port}").ToArray();
        string[] endpoints = http2
            ? [$"--Kestrel:Endpoints:Health:Url={health}", $"--Kestrel:Endpoints:Crowd:Url={addresses[0]}", "--Kestrel:Endpoints:Crowd:Protocols=Http2",
                $"--Kestrel:Limits:Http2:MaxStreamsPerConnection={StreamsPerConnection}"]
            : ["--urls", string.Join(';', addresses)];
        var environment = ServeEnvironment.For(settings);

        await using var server = FairdropProcess.Start(["serve", .. endpoints, "--Fairdrop:Batch:RunWorkers=false", "--Fairdrop:Exchange:RunWorkers=false"], environment);
        await server.WaitUntilServingAsync(health + "/healthz", TimeSpan.FromSeconds(60));
        var idle = ServerSample.Read(server.Id);
        using (var probe = new HttpClient { BaseAddress = new Uri(addresses[0]), DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact })
        {
            var (entryId, key) = entries[^1];
            var clock = Stopwatch.StartNew();
            var sample = await probe.GetStringAsync($"/api/v1/public/drops/{dropId}/entries/{entryId}?key={Uri.EscapeDataString(key)}&wait=2", cancellationToken);
            progress($"the last shopper's status, answered after {clock.Elapsed.TotalSeconds:0.0} s of ?wait=2: {sample}");
        }

        // HTTP/1.1: a connection per waiting shopper, as browsers would hold. HTTP/2 (--http2): the same requests
        // multiplexed, StreamsPerConnection to a connection, for crowds larger than this machine's open-file limit.
        var clients = addresses.Select(a => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, EnableMultipleHttp2Connections = true })
        {
            BaseAddress = new Uri(a),
            Timeout = TimeSpan.FromMinutes(5),
            DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        }).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var polls = new PollCounters();
        var crowd = new List<Task>(shoppers);
        progress($"{shoppers:N0} shoppers start long-polling (?wait={wait.TotalSeconds:0}) over {addresses.Length} server addresses");
        for (var i = 0; i < shoppers; i++)
        {
            var (entryId, key) = entries[i];
            crowd.Add(PollForeverAsync(clients[i / ConnectionsPerAddress % clients.Length], $"/api/v1/public/drops/{dropId}/entries/{entryId}?key={Uri.EscapeDataString(key)}&wait={wait.TotalSeconds:0}", wait, polls, stop.Token));
            if (i % 1000 == 999)
            {
                await Task.Delay(50, cancellationToken); // a ramp: the crowd does not arrive in one SYN flood
            }
        }

        progress($"all polling; letting the first answers come back ({wait.TotalSeconds:0} s)");
        await Task.Delay(wait, cancellationToken);
        var start = ServerSample.Read(server.Id);
        polls.StartMeasuring();
        var answeredBefore = polls.Snapshot();
        progress($"measuring for {measure.TotalSeconds:0} s");
        await Task.Delay(measure, cancellationToken);
        var end = ServerSample.Read(server.Id);
        var answeredAfter = polls.Snapshot();
        var answered = (Answers: answeredAfter.Answers - answeredBefore.Answers, Failures: answeredAfter.Failures - answeredBefore.Failures);
        var inFlight = polls.InFlight;
        var lateness = polls.LatenessPercentiles();
        await stop.CancelAsync();
        await Task.WhenAll(crowd.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var client in clients)
        {
            client.Dispose();
        }

        return new DropsWaitingResult(
            shoppers, http2, wait, measure, answered.Answers / measure.TotalSeconds, answered.Failures, inFlight,
            (end.CpuSeconds - start.CpuSeconds) / measure.TotalSeconds, idle.ResidentBytes, end.ResidentBytes, lateness.P50, lateness.P99);
    }

    /// <summary>Creates a drop, enters the crowd through the merchant's path and places it, with turns an hour apart.</summary>
    private static async Task<(Guid DropId, (Guid EntryId, string Key)[] Entries)> SeedAsync(
        Dictionary<string, string?> settings, int shoppers, Action<string> progress, CancellationToken cancellationToken)
    {
        await using var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken);
        var merchant = (await services.GetRequiredService<MerchantStore>().CreateAsync("bench", cancellationToken)).Merchant.Id;
        var commands = services.GetRequiredService<DropCommands>();
        var now = TimeProvider.System.GetUtcNow();
        var drop = (await commands.CreateAsync(merchant, new DropSpec("waiting bench", "sku-wait", 500, now.AddHours(1), WindowOpensAt: now, AdmitIntervalMs: 3_600_000), cancellationToken)).Value!;
        progress($"entering {shoppers:N0} shoppers");
        var entries = new (Guid, string)[shoppers];
        await Parallel.ForEachAsync(Enumerable.Range(0, shoppers), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var entered = (await commands.EnterAsync(merchant, drop.Id, new NewEntry($"w-{i}", null), ct)).Value!;
            entries[i] = (entered.Entry.Id, entered.EntryKey);
        });

        await BenchOpening.MoveToNowAsync(services, drop.Id, cancellationToken); // then places, turns an hour apart
        progress("placing");
        await commands.EnsureOpenedAsync(drop.Id, cancellationToken);
        return (drop.Id, entries);
    }

    private static async Task PollForeverAsync(HttpClient http, string path, TimeSpan wait, PollCounters polls, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var sent = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref polls.InFlight);
            try
            {
                using var response = await http.GetAsync(path, cancellationToken);
                polls.Answered(response.IsSuccessStatusCode, sent, Stopwatch.GetElapsedTime(sent) - wait);
                if (response.IsSuccessStatusCode && !(await response.Content.ReadAsStringAsync(cancellationToken)).Contains("\"status\":\"waiting\"", StringComparison.Ordinal))
                {
                    return; // the first place's turn came at opening: that shopper goes to buy, and is out of the crowd
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                polls.Answered(false, sent, TimeSpan.Zero);
                await Task.Delay(1000, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref polls.InFlight);
            }
        }
    }

    /// <summary>Fails early, with what to do, when this process cannot hold the crowd's sockets (the server needs as many).</summary>
    private static void RequireDescriptors(int connections)
    {
        var line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        if (soft != "unlimited" && long.Parse(soft, CultureInfo.InvariantCulture) < connections + 500)
        {
            throw new InvalidOperationException($"{connections:N0} connections need as many open files here and in the server (limit {soft}): run `ulimit -n {connections + 10_000}` first (as root if the hard limit is lower), or multiplex them with --http2.");
        }
    }

    private sealed class PollCounters
    {
        public long InFlight;
        private long _answers;
        private long _failures;
        private readonly ConcurrentQueue<double> _lateness = new();

        private long _measuringSince = long.MaxValue;

        /// <summary>From now on, the lateness of polls sent from now on is kept (the crowd's first polls paid for its first reads).</summary>
        public void StartMeasuring() => Interlocked.Exchange(ref _measuringSince, Stopwatch.GetTimestamp());

        public void Answered(bool ok, long sent, TimeSpan lateness)
        {
            if (ok)
            {
                Interlocked.Increment(ref _answers);
                if (sent >= Interlocked.Read(ref _measuringSince))
                {
                    _lateness.Enqueue(lateness.TotalMilliseconds);
                }
            }
            else
            {
                Interlocked.Increment(ref _failures);
            }
        }

        public (long Answers, long Failures) Snapshot() => (Interlocked.Read(ref _answers), Interlocked.Read(ref _failures));

        public (double P50, double P99) LatenessPercentiles()
        {
            var sorted = _lateness.ToArray();
            Array.Sort(sorted);
            return sorted.Length == 0 ? (0, 0) : (sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]);
        }
    }
}

/// <summary>Figures of one waiting-crowd run: answers per second, the server's CPU (cores busy) and memory.</summary>
internal sealed record DropsWaitingResult(
    int Shoppers, bool Http2, TimeSpan Wait, TimeSpan Measured, double AnswersPerSecond, long Failures, long InFlight,
    double ServerCores, long ResidentIdle, long ResidentWithCrowd, double LatenessP50Ms, double LatenessP99Ms)
{
    public double BytesPerShopper => (ResidentWithCrowd - ResidentIdle) / (double)Shoppers;
}
