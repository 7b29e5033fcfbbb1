using Dapper;
using Fairdrop.Core.Hosting;
using Fairdrop.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Learner.Updates;

/// <summary>
/// Every poll interval, for each merchant with learned decisions: the incremental update, and the refit when the
/// merchant's priors are older than the refit interval. Both are idempotent, so several nodes may run it.
/// </summary>
internal sealed class LearnerWorker(
    DbConnectionFactory connections, LearnerUpdater updater, PriorRefit refit, TimeProvider time, IOptions<LearnerOptions> options, ILogger<LearnerWorker> logger) : BackgroundService
{
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<(Guid MerchantId, DateTimeOffset? FittedAt)> merchants;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            merchants = (await connection.QueryAsync<(Guid, DateTimeOffset?)>(new CommandDefinition(
                """
                SELECT d.merchant_id, p.fitted_at FROM (SELECT DISTINCT merchant_id FROM learner_decisions) AS d
                LEFT JOIN learner_priors AS p ON p.merchant_id = d.merchant_id ORDER BY d.merchant_id
                """,
                cancellationToken: cancellationToken))).AsList();
        }

        foreach (var (merchantId, fittedAt) in merchants)
        {
            var update = await updater.UpdateAsync(merchantId, cancellationToken);
            if (update.Engaged + update.NotEngaged > 0)
            {
                LearnerLog.Updated(logger, merchantId, update.EventsRead, update.Engaged, update.NotEngaged);
            }

            if (fittedAt is null || now - fittedAt >= options.Value.RefitInterval)
            {
                LearnerLog.Refitted(logger, merchantId, await refit.RefitAsync(merchantId, cancellationToken));
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PollingLoop.RunAsync(RunOnceAsync, () => options.Value.PollInterval, time, e => LearnerLog.WorkerFailed(logger, e), stoppingToken);
}
