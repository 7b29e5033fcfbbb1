using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Storage;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Evaluation;
using Fairdrop.Learner.Storage;
using Fairdrop.Learner.Updates;

namespace Fairdrop.Learner;

/// <summary>The learner as the API and the CLI use it: explain recorded decisions, run an update or a refit now.</summary>
public sealed class LearnerService
{
    private readonly DbConnectionFactory _connections;
    private readonly LearnerUpdater _updater;
    private readonly PriorRefit _refit;
    private readonly LoggedEvaluation _logged;
    private readonly TimeProvider _time;

    internal LearnerService(DbConnectionFactory connections, LearnerUpdater updater, PriorRefit refit, LoggedEvaluation logged, TimeProvider time)
    {
        _connections = connections;
        _updater = updater;
        _refit = refit;
        _logged = logged;
        _time = time;
    }

    /// <summary>The longest history an off-policy evaluation reads.</summary>
    public const int MaxEvaluationDays = 365;

    /// <summary>The decision that placed a delivery, with every alternative's score.</summary>
    public async Task<Result<DecisionExplanation>> ExplainAsync(Guid merchantId, Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DecisionRow>(new CommandDefinition(
            $"SELECT {DecisionRow.Columns} FROM learner_decisions WHERE merchant_id = @merchantId AND delivery_id = @deliveryId",
            new { merchantId, deliveryId },
            cancellationToken: cancellationToken));
        return row is null ? Error.NotFound("The learned decision") : row.ToExplanation();
    }

    /// <summary>Decisions by delivery id, of a recipient or a distribution, after the cursor; the caller has checked the limit.</summary>
    public async Task<IReadOnlyList<DecisionExplanation>> ListAsync(Guid merchantId, Guid? recipientId, Guid? distributionId, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var where = "merchant_id = @merchantId";
        where += recipientId is null ? string.Empty : " AND recipient_id = @recipientId";
        where += distributionId is null ? string.Empty : " AND distribution_id = @distributionId";
        where += after is null ? string.Empty : " AND delivery_id > @after";
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DecisionRow>(new CommandDefinition(
            $"SELECT {DecisionRow.Columns} FROM learner_decisions WHERE {where} ORDER BY delivery_id LIMIT @limit",
            new { merchantId, recipientId, distributionId, after, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToExplanation())];
    }

    /// <summary>
    /// Off-policy estimates (IPS and doubly robust) of other policies — email or SMS as soon as allowed, the learner
    /// without exploration — from the merchant's settled learned decisions of the last days.
    /// </summary>
    public async Task<Result<IReadOnlyList<OffPolicyEstimate>>> EvaluateLoggedAsync(Guid merchantId, int days, CancellationToken cancellationToken)
    {
        if (days is < 1 or > MaxEvaluationDays)
        {
            return Error.Validation("days", $"days must be between 1 and {MaxEvaluationDays}.");
        }

        return Result<IReadOnlyList<OffPolicyEstimate>>.Success(await _logged.EstimateAsync(merchantId, _time.GetUtcNow().AddDays(-days), cancellationToken));
    }

    /// <summary>Reads new engagement events and settles decisions now, rather than at the worker's next pass.</summary>
    public Task<LearnerUpdate> UpdateAsync(Guid merchantId, CancellationToken cancellationToken) => _updater.UpdateAsync(merchantId, cancellationToken);

    /// <summary>Refits the merchant's priors now; returns how many recipients they were fitted from.</summary>
    public Task<int> RefitAsync(Guid merchantId, CancellationToken cancellationToken) => _refit.RefitAsync(merchantId, cancellationToken);
}
