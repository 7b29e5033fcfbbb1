using Fairdrop.Core.Errors;
using Fairdrop.Drops.Entries;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Polling;

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
    private readonly DropCreator _creator;
    private readonly EntryPollView _view;
    private readonly TimeProvider _time;

    internal DropCommands(DropStore store, DropCreator creator, DropService drops, DropCheckout checkout, EntryPollView view, TimeProvider time)
    {
        _creator = creator;
        _view = view;
        _store = store;
        _drops = drops;
        _checkout = checkout;
        _time = time;
    }

    /// <summary>Creates a drop and commits to its shuffle seed at once.</summary>
    public Task<Result<Drop>> CreateAsync(Guid merchantId, DropSpec spec, CancellationToken cancellationToken) =>
        _creator.CreateAsync(merchantId, spec, cancellationToken);

    /// <summary>Issues single-use priority codes for one of the merchant's drops (shown once; only their hashes are kept).</summary>
    public Task<Result<IReadOnlyList<string>>> CreatePriorityCodesAsync(Guid merchantId, Guid dropId, int count, CancellationToken cancellationToken) =>
        _creator.CreatePriorityCodesAsync(merchantId, dropId, count, cancellationToken);

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
    /// An entry's place and turn; on its turn the sale token. A long poll: waits up to <paramref name="wait"/> (at most
    /// <see cref="MaxPollWait"/>) and answers at the entry's turn (its ready time, known in advance, or the opening) with
    /// the sale token or sold out, else at the end of the wait with the place and wait as they are then.
    /// </summary>
    public async Task<Result<EntryView>> PollEntryAsync(Guid dropId, Guid entryId, string? entryKey, TimeSpan wait, CancellationToken cancellationToken)
    {
        // The wait counts from the request, not from the first answer: a first read that queues does not lengthen it.
        var deadline = _time.GetUtcNow() + (wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxPollWait ? MaxPollWait : wait);
        var result = await _checkout.StatusAsync(dropId, entryId, entryKey, cancellationToken);
        while (result.TryGetValue(out var view, out _) && view.Status == DropEntry.Waiting && view.SaleToken is null)
        {
            var now = _time.GetUtcNow();
            if (now >= deadline)
            {
                break;
            }

            var turn = view.ReadyAt ?? (view.Place is null ? (_view.FreshDrop(dropId) ?? await _store.GetAsync(dropId, null, cancellationToken))?.OpensAt : null);
            // Past its turn with no token yet: the entry's list awaits its beacon round (a few seconds), or a sale token
            // is being issued elsewhere: look again shortly. Otherwise sleep to the turn, or to the end of the wait.
            var sleep = turn is { } at && at <= now ? TimeSpan.FromMilliseconds(view.Place is null ? 200 : 20)
                : (turn is { } next && next < deadline ? next : deadline) - now;
            await Task.Delay(sleep, _time, cancellationToken);
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
