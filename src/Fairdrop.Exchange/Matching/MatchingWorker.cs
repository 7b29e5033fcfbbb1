using Dapper;
using Fairdrop.Core.Hosting;
using Fairdrop.Core.Storage;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Matching;

/// <summary>Claims distributions still matching (new, or left by a node whose lease expired) and runs them to the end.</summary>
internal sealed class MatchingWorker(
    DbConnectionFactory connections, DistributionMatchRunner runner, TimeProvider time, IOptions<ExchangeOptions> options, ILogger<MatchingWorker> logger) : BackgroundService
{
    /// <summary>Matches every claimable distribution; returns how many it ran.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        while (await ClaimAsync(cancellationToken) is { } claimed)
        {
            await runner.RunAsync(claimed.MerchantId, claimed.Id, cancellationToken);
            count++;
        }

        return count;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(ct => RunOnceAsync(ct), () => options.Value.PollInterval, time, e => Log.WorkerFailed(logger, "matching", e), stoppingToken);

    private async Task<(Guid Id, Guid MerchantId)?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var write = await connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var claimed = await connection.QuerySingleOrDefaultAsync<(Guid Id, Guid MerchantId)?>(new CommandDefinition(
            $"""
            UPDATE exchange_distributions SET lease_until = @until
            WHERE id = (SELECT id FROM exchange_distributions WHERE status = @matching AND (lease_until IS NULL OR lease_until <= @now)
                        ORDER BY id LIMIT 1 {connections.Dialect.ForUpdateSkipLocked})
            RETURNING id, merchant_id
            """,
            new { now, until = now + options.Value.ClaimLease, matching = Distribution.Matching },
            transaction,
            cancellationToken: cancellationToken));
        await write.CommitAsync(cancellationToken);
        return claimed;
    }
}
