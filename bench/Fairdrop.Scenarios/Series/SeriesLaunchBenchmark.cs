using System.Diagnostics;
using System.Text.Json;
using Fairdrop.Exchange.Dispatch;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Series;
using Microsoft.Extensions.DependencyInjection;

namespace Fairdrop.Scenarios.Series;

/// <summary>
/// One message to every recipient, from its creation to the last in-app inbox row written (matched, then dispatched
/// through the real in-app channel until nothing is due): a plain exchange distribution, and a series launch of the
/// same message with its two buttons. Each is first run once to a few recipients, unmeasured (the code they share
/// is compiled by then); rounds alternate which goes first, so the database growing under them and load from
/// elsewhere on the machine fall on both alike.
/// </summary>
internal static class SeriesLaunchBenchmark
{
    private const int Warm = 100;

    public static async Task<SeriesLaunchResult> RunAsync(SeriesBenchShop shop, int recipients, int rounds, Action<string> progress, CancellationToken cancellationToken)
    {
        var warm = new Audience([.. Enumerable.Range(0, Math.Min(Warm, recipients)).Select(i => $"r{i}")]);
        progress($"warming up: a plain distribution and a series launch to {warm.ExternalIds!.Count}");
        await CheckAsync(shop, (await DistributeAsync(shop, warm, "warm", cancellationToken)).Distribution, warm.ExternalIds.Count, cancellationToken);
        await CheckAsync(shop, (await LaunchAsync(shop, warm, "warm", cancellationToken)).Distribution, warm.ExternalIds.Count, cancellationToken);
        var (plainTime, seriesTime) = (TimeSpan.Zero, TimeSpan.Zero);
        Guid? firstPlain = null, firstLaunch = null;
        for (var round = 1; round <= rounds; round++)
        {
            var seriesFirst = round % 2 == 0;
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == seriesFirst)
                {
                    progress($"round {round}/{rounds}: series launch to {recipients:N0}");
                    var (distribution, elapsed) = await LaunchAsync(shop, new Audience(), $"{round}", cancellationToken);
                    seriesTime += elapsed;
                    firstLaunch ??= distribution;
                    await CheckAsync(shop, distribution, recipients, cancellationToken);
                }
                else
                {
                    progress($"round {round}/{rounds}: plain distribution to {recipients:N0}");
                    var (distribution, elapsed) = await DistributeAsync(shop, new Audience(), $"{round}", cancellationToken);
                    plainTime += elapsed;
                    firstPlain ??= distribution;
                    await CheckAsync(shop, distribution, recipients, cancellationToken);
                }
            }
        }

        var messages = (long)recipients * rounds;
        return new SeriesLaunchResult(messages / plainTime.TotalSeconds, messages / seriesTime.TotalSeconds, firstPlain!.Value, firstLaunch!.Value);
    }

    private static async Task<(Guid Distribution, TimeSpan Elapsed)> DistributeAsync(SeriesBenchShop shop, Audience audience, string round, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.SerializeToElement(new { product = "Red sneaker", round });
        var clock = Stopwatch.StartNew();
        var accepted = await shop.Services.GetRequiredService<DistributionService>().CreateAsync(shop.MerchantId, new DistributionDraft(
            shop.SenderId, "api", null, new DistributionContent(InApp: new InAppContent(SeriesBenchShop.Title, SeriesBenchShop.Body)), audience, data, null, $"bench-plain-{round}"),
            cancellationToken);
        var distribution = accepted.TryGetValue(out var a, out var error) ? a.Distribution.Id : throw new InvalidOperationException($"{error.Code}: {error.Message}");
        await MatchAndDispatchAsync(shop, distribution, cancellationToken);
        return (distribution, clock.Elapsed);
    }

    private static async Task<(Guid Distribution, TimeSpan Elapsed)> LaunchAsync(SeriesBenchShop shop, Audience audience, string round, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var launched = await shop.Services.GetRequiredService<SeriesService>().LaunchAsync(
            shop.MerchantId, shop.Series.Id, new SeriesLaunchRequest(audience, $"bench-launch-{round}"), cancellationToken);
        var distribution = launched.TryGetValue(out var launch, out var error) ? launch.DistributionId!.Value : throw new InvalidOperationException($"{error.Code}: {error.Message}");
        await MatchAndDispatchAsync(shop, distribution, cancellationToken);
        return (distribution, clock.Elapsed);
    }

    private static async Task MatchAndDispatchAsync(SeriesBenchShop shop, Guid distribution, CancellationToken cancellationToken)
    {
        await shop.Services.GetRequiredService<DistributionMatchRunner>().RunAsync(shop.MerchantId, distribution, cancellationToken);
        var dispatcher = shop.Services.GetRequiredService<DeliveryDispatcher>();
        while (await dispatcher.DispatchOnceAsync(cancellationToken) > 0)
        {
        }
    }

    /// <summary>Every recipient has the message in their inbox, or the figure would be of something else.</summary>
    private static async Task CheckAsync(SeriesBenchShop shop, Guid distribution, int recipients, CancellationToken cancellationToken)
    {
        var written = await shop.CountAsync(
            "SELECT COUNT(*) FROM exchange_inbox i JOIN exchange_deliveries d ON d.id = i.delivery_id WHERE d.distribution_id = @distribution", new { distribution }, cancellationToken);
        if (written != recipients)
        {
            throw new InvalidOperationException($"Distribution {distribution} wrote {written} inbox messages for {recipients} recipients.");
        }
    }
}

/// <summary>Inbox messages written per second by each side, and the first distribution of each, whose messages the replies answer.</summary>
internal sealed record SeriesLaunchResult(double PlainPerSecond, double SeriesPerSecond, Guid PlainDistribution, Guid LaunchDistribution);
