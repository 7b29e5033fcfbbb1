using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Fairdrop.Scenarios.Drops;

/// <summary>Entries sent over HTTP as a crowd (closed loop) or a burst (open loop), with their latencies.</summary>
internal static class EntryFlood
{
    /// <summary>Connections a burst may open at once per node; arrivals beyond wait for one, and that wait counts in their latency.</summary>
    public const int BurstConnections = 1024;

    /// <summary>
    /// Sends <paramref name="count"/> entries, request i to <c>nodes[i % nodes.Length]</c>: a closed loop of
    /// <paramref name="concurrency"/> clients per node, or with <paramref name="burst"/> an open loop over that many seconds.
    /// </summary>
    public static async Task<Flood> RunAsync(
        HttpClient[] nodes, int count, Func<int, (string Path, object Body)> request, double? burst, int concurrency, CancellationToken cancellationToken)
    {
        var latencies = new long[count];
        var clock = Stopwatch.StartNew();
        async Task SendAsync(int i, long scheduledTicks, CancellationToken ct)
        {
            var (path, body) = request(i);
            using var response = await nodes[i % nodes.Length].PostAsJsonAsync(path, body, ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }

            latencies[i] = clock.Elapsed.Ticks - scheduledTicks;
        }

        if (burst is not { } seconds)
        {
            // Closed loop: a fixed crowd of clients, each sending its next entry as soon as the last is answered.
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency * nodes.Length, CancellationToken = cancellationToken },
                (i, ct) => new ValueTask(SendAsync(i, clock.Elapsed.Ticks, ct)));
        }
        else
        {
            // Open loop: entrant i arrives at i × S / N whatever happened before, and its latency counts from then, so
            // a server that falls behind shows it in the tail instead of slowing the arrivals down.
            var sent = new List<Task>(count);
            for (var i = 0; i < count; i++)
            {
                var due = TimeSpan.FromSeconds(seconds * i / count);
                if (due - clock.Elapsed is { TotalMilliseconds: > 1 } ahead)
                {
                    await Task.Delay(ahead, cancellationToken);
                }

                sent.Add(SendAsync(i, due.Ticks, cancellationToken));
            }

            await Task.WhenAll(sent);
        }

        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        return new Flood(elapsed, TimeSpan.FromTicks(latencies[count / 2]), TimeSpan.FromTicks(latencies[Math.Min(count - 1, (int)(count * 0.99))]));
    }
}

/// <summary>How long a flood took, and its entries' latency (p50, p99).</summary>
internal sealed record Flood(TimeSpan Elapsed, TimeSpan P50, TimeSpan P99);
