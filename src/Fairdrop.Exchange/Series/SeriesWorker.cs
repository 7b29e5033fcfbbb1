using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Series;

/// <summary>
/// Keeps conversations moving without a reply: every poll it opens conversations for first-step recipients whose
/// time to answer ran out, times out the conversations whose step deadline passed, and sends the series' webhooks
/// that are due. Everything it does is an event keyed by the conversation's version or a row's id, so two nodes, or
/// a restart half way, never do a thing twice.
/// </summary>
internal sealed class SeriesWorker(
    ConversationStore conversations, ConversationEngine engine, SeriesStore series, SeriesWebhooks webhooks, IOptions<ExchangeOptions> options, TimeProvider time,
    ILogger<SeriesWorker> logger) : BackgroundService
{
    public const int BatchSize = 200;

    /// <summary>One pass; returns how many things it did (tests call it directly on a fake clock).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        var silentOnes = await conversations.SilentAsync(time.GetUtcNow(), BatchSize, cancellationToken);
        foreach (var silent in silentOnes)
        {
            if (await series.GetLaunchAsync(silent.LaunchId, cancellationToken) is { } launch)
            {
                await engine.StartAsync(launch, silent.RecipientId, silent.Channel, silent.SentAt, cancellationToken);
                done++;
            }
        }

        if (silentOnes.Count == 0)
        {
            // Not counted as work: settling is bookkeeping, and a pass that only settles should let the worker rest.
            await conversations.SettleLaunchesAsync(time.GetUtcNow(), cancellationToken);
        }

        foreach (var due in await conversations.DueAsync(time.GetUtcNow(), BatchSize, cancellationToken))
        {
            done += await engine.TimeOutAsync(due, cancellationToken) is null ? 0 : 1;
        }

        return done + await webhooks.SendDueAsync(BatchSize, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken) > 0)
                {
                    continue;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.SeriesPassFailed(logger, exception);
            }

            await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
