using System.Diagnostics;
using Fairdrop.Cli;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Tenancy;
using Fairdrop.Exchange.Sdk;
using Fairdrop.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Sdk;

/// <summary>
/// Idle SDK streams held by one <c>fairdrop serve</c> process: shoppers with the storefront open, waiting for a message.
/// The server runs as its own process so its memory is its own; the bench opens the streams over loopback, waits until
/// each has said <c>ready</c>, and reads the server's resident memory before and after.
/// </summary>
internal static class SdkStreamsBenchmark
{
    private const int Warmup = 200;

    public static async Task<SdkStreamsResult> RunAsync(Dictionary<string, string?> settings, int streams, Action<string> progress, CancellationToken cancellationToken)
    {
        Guid channel;
        string secret;
        await using (var services = await CommandServices.CreateMigratedAsync(settings, cancellationToken))
        {
            var merchant = (await services.GetRequiredService<MerchantStore>().CreateAsync("bench", cancellationToken)).Merchant.Id;
            secret = (await services.GetRequiredService<ShopperSecretStore>().RotateAsync(merchant, TimeSpan.Zero, cancellationToken)).Secret;
            channel = (await services.GetRequiredService<SdkService>().CreateChannelAsync(merchant, "bench", ["https://shop.example"], cancellationToken)).Value!.Id;
        }

        var url = $"http://127.0.0.1:{FairdropProcess.FreePort()}";
        var environment = ServeEnvironment.For(settings);

        await using var server = FairdropProcess.Start(["serve", "--urls", url, "--Fairdrop:Batch:RunWorkers=false", "--Fairdrop:Exchange:RunWorkers=false"], environment);
        await server.WaitUntilServingAsync(url + "/healthz", TimeSpan.FromSeconds(60));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = Timeout.InfiniteTimeSpan };
        var expires = TimeProvider.System.GetUtcNow().AddMinutes(50);
        var open = new List<(HttpResponseMessage Response, Stream Body)>(streams);
        try
        {
            progress($"opening {Warmup} streams to warm the server");
            await OpenAsync(http, url, channel, secret, expires, 0, Warmup, open, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var before = Drops.ServerSample.Read(server.Id).ResidentBytes;
            progress($"opening {streams - Warmup:N0} more ({streams:N0} in all)");
            var clock = Stopwatch.StartNew();
            await OpenAsync(http, url, channel, secret, expires, Warmup, streams, open, cancellationToken);
            var opened = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            GC.KeepAlive(open);
            var after = Drops.ServerSample.Read(server.Id).ResidentBytes;
            var healthy = (await http.GetAsync(url + "/healthz", cancellationToken)).IsSuccessStatusCode;
            return new SdkStreamsResult(streams, before, after, (after - before) / (double)(streams - Warmup), streams / opened.TotalSeconds, healthy);
        }
        finally
        {
            foreach (var (response, body) in open)
            {
                await body.DisposeAsync();
                response.Dispose();
            }
        }
    }

    /// <summary>Opens streams <paramref name="from"/>..<paramref name="to"/>, 200 at a time, each read up to its 'ready' event.</summary>
    private static async Task OpenAsync(
        HttpClient http, string url, Guid channel, string secret, DateTimeOffset expires, int from, int to, List<(HttpResponseMessage, Stream)> open, CancellationToken cancellationToken)
    {
        for (var start = from; start < to; start += 200)
        {
            var batch = await Task.WhenAll(Enumerable.Range(start, Math.Min(200, to - start)).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/api/v1/sdk/channels/{channel}/inbox/stream");
                request.Headers.Add("X-Fairdrop-User-Token", ShopperTokens.Sign(secret, $"shopper-{i}", expires, channel));
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var buffer = new byte[256];
                var read = await body.ReadAsync(buffer, cancellationToken);
                if (read == 0 || !System.Text.Encoding.UTF8.GetString(buffer, 0, read).Contains("event: ready", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"stream {i} did not say ready");
                }

                return (response, body);
            }));
            open.AddRange(batch);
        }
    }
}

/// <summary>Streams held, the server's resident memory before and after the last of them, and what each cost.</summary>
internal sealed record SdkStreamsResult(int Streams, long ResidentBefore, long ResidentAfter, double BytesPerStream, double OpenedPerSecond, bool Healthy);
