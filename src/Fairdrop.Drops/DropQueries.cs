using Fairdrop.Core.Errors;
using Fairdrop.Drops.Fairness;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;
using Fairdrop.Drops.Sealing;

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
    private readonly LateArrivalPlacer _late;
    private readonly TimeProvider _time;

    internal DropQueries(DropStore store, DropService drops, LateArrivalPlacer late, TimeProvider time)
    {
        _store = store;
        _drops = drops;
        _late = late;
        _time = time;
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

    /// <summary>What anyone may see to check a drop: the seed commitment, the seed once revealed, the seals, every entry's inputs and place.</summary>
    public async Task<Result<DropAudit>> AuditAsync(Guid dropId, CancellationToken cancellationToken)
    {
        // A drop past its opening time is sealed and placed (when its randomness is out) even if no one has polled it yet.
        await _drops.EnsureOpenedAsync(dropId, cancellationToken);
        await _late.PlaceClosedWindowsAsync(dropId, cancellationToken);
        if (await _store.GetAsync(dropId, null, cancellationToken) is not { } drop)
        {
            return DropErrors.NotFound();
        }

        return DropAudit.From(drop, await _store.EntriesAsync(dropId, cancellationToken), await _store.SealsAsync(dropId, cancellationToken), _time.GetUtcNow());
    }

    /// <summary>
    /// The proof that an entry is in its scope's sealed list: its leaf, its index in arrival order and the RFC 6962 audit
    /// path to the sealed root. Not found until the entry's scope is sealed.
    /// </summary>
    public async Task<Result<EntryProof>> ProofAsync(Guid dropId, Guid entryId, CancellationToken cancellationToken)
    {
        await _drops.EnsureOpenedAsync(dropId, cancellationToken);
        await _late.PlaceClosedWindowsAsync(dropId, cancellationToken);
        if (await _store.GetAsync(dropId, null, cancellationToken) is not { } drop)
        {
            return DropErrors.NotFound();
        }

        var entries = await _store.EntriesAsync(dropId, cancellationToken);
        if (entries.FirstOrDefault(e => e.Id == entryId) is not { } entry)
        {
            return Error.NotFound("The entry");
        }

        long ScopeOf(DropEntry e) => e.ArrivedAt < drop.OpensAt ? OrderKey.PreQueue : drop.WindowOf(e.ArrivedAt) ?? long.MinValue;
        var scope = ScopeOf(entry);
        var seal = (await _store.SealsAsync(dropId, cancellationToken)).FirstOrDefault(s => s.Scope == scope);
        if (drop.OrderVersion < Drop.CurrentOrderVersion || scope == long.MinValue || seal is null)
        {
            return DropErrors.Of(DropErrors.NotSealed, "The entry's list is not sealed: the pre-queue seals at opening, a rolling window when it closes; first-come-first-served entries after opening are placed by arrival and not sealed.");
        }

        var leaves = entries.Where(e => ScopeOf(e) == scope).OrderBy(e => e.ArrivalSeq).Select(e => (e.Id, Leaf: ScopeSealer.LeafOf(e))).ToList();
        var index = leaves.FindIndex(l => l.Id == entryId);
        var path = MerkleTree.Proof(leaves.Select(l => l.Leaf).ToList(), index);
        return new EntryProof(entryId, scope, index, leaves.Count, Convert.ToHexStringLower(leaves[index].Leaf),
            path.Select(Convert.ToHexStringLower).ToList(), Convert.ToHexStringLower(seal.Root));
    }

    /// <summary>Recomputes the pre-queue's order from the revealed seed and the entries, and compares it with the recorded places.</summary>
    public async Task<Result<DropVerification>> VerifyAsync(Guid dropId, CancellationToken cancellationToken)
    {
        return (await AuditAsync(dropId, cancellationToken)).TryGetValue(out var audit, out var error) ? audit.Verify() : error;
    }
}
