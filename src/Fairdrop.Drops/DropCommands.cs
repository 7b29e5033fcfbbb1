using Fairdrop.Core.Errors;
using Fairdrop.Drops.Entries;
using Fairdrop.Drops.Model;

namespace Fairdrop.Drops;

/// <summary>
/// What the API, the CLI and other modules may do to drops: create them, issue priority codes, enter shoppers,
/// serve a shopper's turn and complete purchases. Every expected refusal is an <see cref="Error"/> with a stable code.
/// </summary>
public sealed class DropCommands
{
    /// <summary>The longest a caller may wait for its turn in one <see cref="PollEntryAsync"/>.</summary>
    public static readonly TimeSpan MaxPollWait = TimeSpan.FromSeconds(60);

    private readonly DropStore _store;
    private readonly DropService _drops;
    private readonly DropCheckout _checkout;
    private readonly TimeProvider _time;

    internal DropCommands(DropStore store, DropService drops, DropCheckout checkout, TimeProvider time)
    {
        _store = store;
        _drops = drops;
        _checkout = checkout;
        _time = time;
    }

    /// <summary>Creates a drop and commits to its shuffle seed at once.</summary>
    public Task<Result<Drop>> CreateAsync(Guid merchantId, DropSpec spec, CancellationToken cancellationToken) =>
        _drops.CreateAsync(merchantId, spec, cancellationToken);

    /// <summary>Issues single-use priority codes for one of the merchant's drops (shown once; only their hashes are kept).</summary>
    public Task<Result<IReadOnlyList<string>>> CreatePriorityCodesAsync(Guid merchantId, Guid dropId, int count, CancellationToken cancellationToken) =>
        _drops.CreatePriorityCodesAsync(merchantId, dropId, count, cancellationToken);

    /// <summary>An entry from the merchant's own backend: trusted with a priority segment and a risk score, but only into its own drops.</summary>
    public async Task<Result<EnteredDrop>> EnterAsync(Guid merchantId, Guid dropId, NewEntry entry, CancellationToken cancellationToken)
    {
        // The trusted path still checks ownership: another merchant's drop is simply not found.
        if (await _store.GetAsync(dropId, merchantId, cancellationToken) is null)
        {
            return DropErrors.NotFound();
        }

        return await _drops.EnterAsync(dropId, entry, cancellationToken);
    }

    /// <summary>An entry from a storefront: proved by a shopper token, or unverified where the drop allows it (within rate limits).</summary>
    public Task<Result<EnteredDrop>> EnterFromStorefrontAsync(Guid dropId, NewEntry entry, StorefrontCaller caller, CancellationToken cancellationToken) =>
        _drops.EnterFromStorefrontAsync(dropId, entry, caller, cancellationToken);

    /// <summary>
    /// An entry's place and turn; on its turn the sale token. Waits up to <paramref name="wait"/> (at most
    /// <see cref="MaxPollWait"/>) for the turn: a turn's time is known in advance (the opening, then the entry's ready
    /// time), so the call sleeps until then and answers with the sale token, or sold out.
    /// </summary>
    public async Task<Result<EntryView>> PollEntryAsync(Guid dropId, Guid entryId, string? entryKey, TimeSpan wait, CancellationToken cancellationToken)
    {
        var result = await _checkout.StatusAsync(dropId, entryId, entryKey, cancellationToken);
        var deadline = _time.GetUtcNow() + (wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxPollWait ? MaxPollWait : wait);
        while (result.TryGetValue(out var view, out _) && view.Status == DropEntry.Waiting && view.SaleToken is null)
        {
            var next = view.ReadyAt ?? (view.Place is null ? (await _store.GetAsync(dropId, null, cancellationToken))?.OpensAt : null);
            if (next is null || next.Value > deadline)
            {
                break; // held without a turn, or the turn is further away than the caller will wait
            }

            var sleep = next.Value - _time.GetUtcNow();
            // Past opening with no place yet, the entry's list awaits its beacon round (a few seconds): look again shortly.
            var retry = TimeSpan.FromMilliseconds(view.Place is null ? 200 : 20);
            await Task.Delay(sleep > TimeSpan.Zero ? sleep : retry, _time, cancellationToken);
            result = await _checkout.StatusAsync(dropId, entryId, entryKey, cancellationToken);
        }

        return result;
    }

    /// <summary>Completes a purchase with a valid, unused, unexpired sale token, never beyond the units.</summary>
    public Task<Result<Purchase>> PurchaseAsync(Guid dropId, string? saleToken, string? shopperId, int quantity, CancellationToken cancellationToken) =>
        _checkout.PurchaseAsync(dropId, saleToken, shopperId, quantity, cancellationToken);

    /// <summary>Places the pre-queue if the drop's opening time has come; false before, and once already placed.</summary>
    public Task<bool> EnsureOpenedAsync(Guid dropId, CancellationToken cancellationToken) => _drops.EnsureOpenedAsync(dropId, cancellationToken);
}
