using Fairdrop.Core.Errors;
using Fairdrop.Drops.Fairness;
using Fairdrop.Drops.Model;

namespace Fairdrop.Drops;

/// <summary>
/// What the API, the CLI and other modules may read about drops. A merchant's read is scoped to that merchant's drops
/// (another merchant's drop is not found); the operator's reads (<c>Operator…</c>: the command line, benchmarks) see
/// any drop. Audit and verification are public to anyone, and open a drop that is due first, so its seed is revealed.
/// </summary>
public sealed class DropQueries
{
    private readonly DropStore _store;
    private readonly DropService _drops;

    internal DropQueries(DropStore store, DropService drops)
    {
        _store = store;
        _drops = drops;
    }

    /// <summary>The merchant's drops, newest first, before the cursor; the caller has checked the limit.</summary>
    public Task<IReadOnlyList<Drop>> ListAsync(Guid merchantId, Guid? before, int limit, CancellationToken cancellationToken) =>
        _store.ListAsync(merchantId, before, limit, cancellationToken);

    public async Task<Result<Drop>> GetAsync(Guid merchantId, Guid dropId, CancellationToken cancellationToken) =>
        await _store.GetAsync(dropId, merchantId, cancellationToken) is { } drop ? drop : DropErrors.NotFound();

    /// <summary>A drop's entries in arrival order, with their places once placed.</summary>
    public Task<Result<IReadOnlyList<DropEntry>>> EntriesAsync(Guid merchantId, Guid dropId, CancellationToken cancellationToken) =>
        EntriesOfAsync(merchantId, dropId, cancellationToken);

    /// <summary>Any merchant's drop's entries, for the operator.</summary>
    public Task<Result<IReadOnlyList<DropEntry>>> OperatorEntriesAsync(Guid dropId, CancellationToken cancellationToken) =>
        EntriesOfAsync(null, dropId, cancellationToken);

    /// <summary>The fairness report: Kendall tau of arrival against place, priority share, bot delays, waits, oversold.</summary>
    public Task<Result<FairnessReport>> ReportAsync(Guid merchantId, Guid dropId, CancellationToken cancellationToken) =>
        ReportOfAsync(merchantId, dropId, cancellationToken);

    /// <summary>Any merchant's drop's fairness report, for the operator.</summary>
    public Task<Result<FairnessReport>> OperatorReportAsync(Guid dropId, CancellationToken cancellationToken) =>
        ReportOfAsync(null, dropId, cancellationToken);

    private async Task<Result<IReadOnlyList<DropEntry>>> EntriesOfAsync(Guid? merchantId, Guid dropId, CancellationToken cancellationToken) =>
        await _store.GetAsync(dropId, merchantId, cancellationToken) is null
            ? DropErrors.NotFound()
            : Result<IReadOnlyList<DropEntry>>.Success(await _store.EntriesAsync(dropId, cancellationToken));

    private async Task<Result<FairnessReport>> ReportOfAsync(Guid? merchantId, Guid dropId, CancellationToken cancellationToken)
    {
        if (await _store.GetAsync(dropId, merchantId, cancellationToken) is not { } drop)
        {
            return DropErrors.NotFound();
        }

        return FairnessCalculator.Compute(drop, await _store.EntriesAsync(dropId, cancellationToken), await _store.PurchasesAsync(dropId, cancellationToken));
    }

    /// <summary>What anyone may see to check a drop: the seed commitment, the seed once the pre-queue is placed, every entry's inputs and place.</summary>
    public async Task<Result<DropAudit>> AuditAsync(Guid dropId, CancellationToken cancellationToken)
    {
        // A drop past its opening time reveals its seed even if no one has polled it open yet.
        await _drops.EnsureOpenedAsync(dropId, cancellationToken);
        if (await _store.GetAsync(dropId, null, cancellationToken) is not { } drop)
        {
            return DropErrors.NotFound();
        }

        return DropAudit.From(drop, await _store.EntriesAsync(dropId, cancellationToken));
    }

    /// <summary>Recomputes the pre-queue's order from the revealed seed and the entries, and compares it with the recorded places.</summary>
    public async Task<Result<DropVerification>> VerifyAsync(Guid dropId, CancellationToken cancellationToken)
    {
        return (await AuditAsync(dropId, cancellationToken)).TryGetValue(out var audit, out var error) ? audit.Verify() : error;
    }
}
