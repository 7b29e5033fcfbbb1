using Fairdrop.Core.Storage;
using Fairdrop.Gate.Engine;
using Fairdrop.Gate.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Gate.Decisions;

/// <summary>Drains the decision queue in batches into <c>gate_decisions</c>, off the request path.</summary>
internal sealed class DecisionWriter(DecisionQueue queue, BulkWriter writer, IOptions<GateOptions> options, ILogger<DecisionWriter> logger) : BackgroundService
{
    internal static readonly BulkTable<DecisionRecord> Table = new("gate_decisions",
    [
        new("id", d => d.Id),
        new("merchant_id", d => d.MerchantId),
        new("at", d => d.At.ToUnixTimeMilliseconds()),
        new("decision", d => d.Decision),
        new("rule", d => d.Rule),
        new("matched_rules", d => d.MatchedRules),
        new("shadow_rules", d => d.ShadowRules),
        new("rule_version", d => d.RuleVersion),
        new("method", d => d.Method),
        new("path", d => d.Path),
        new("action", d => d.Action),
        new("ip", d => d.Ip),
        new("customer_id", d => d.CustomerId),
        new("session_id", d => d.SessionId),
        new("device_id", d => d.DeviceId),
        new("user_agent", d => d.UserAgent),
        new("product_id", d => d.ProductId),
        new("headers", d => d.Headers),
    ]);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<DecisionRecord>(options.Value.DecisionLog.BatchSize);
        var linger = options.Value.DecisionLog.FlushInterval;
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Wall-clock on purpose: this only paces I/O, it decides nothing the gate's clock should control.
                if (linger > TimeSpan.Zero)
                {
                    await Task.Delay(linger, stoppingToken);
                }

                await DrainAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: write what is already queued, without waiting for more.
            await DrainAsync(batch, CancellationToken.None);
        }
    }

    private async Task DrainAsync(List<DecisionRecord> batch, CancellationToken cancellationToken)
    {
        while (queue.Reader.TryRead(out var record))
        {
            batch.Add(record);
            if (batch.Count == batch.Capacity)
            {
                await FlushAsync(batch, cancellationToken);
            }
        }

        await FlushAsync(batch, cancellationToken);
    }

    private async Task FlushAsync(List<DecisionRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await writer.InsertAsync(Table, batch, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            GateLog.DecisionWriteFailed(logger, batch.Count, exception);
        }

        batch.Clear();
    }
}
