using System.Data.Common;
using Dapper;
using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Core.Shoppers;
using Fairdrop.Core.Storage;
using Fairdrop.Drops.Model;
using Fairdrop.Drops.Polling;
using Fairdrop.Drops.Tokens;

namespace Fairdrop.Drops;

/// <summary>
/// Serving the delay and completing the sale: a shopper whose turn has come gets a signed, single-use,
/// short-lived sale token; a purchase is accepted only with a valid one, and never beyond the units.
/// </summary>
internal sealed class DropCheckout(DropStore store, DropService drops, LateArrivalPlacer late, EntryPollView view, IdGenerator ids, TimeProvider time)
{
    private DbConnectionFactory Connections => store.Connections;

    public async Task<Result<EntryView>> StatusAsync(Guid dropId, Guid entryId, string? entryKey, CancellationToken cancellationToken)
    {
        if (await SettledStatusAsync(dropId, entryId, entryKey, cancellationToken) is { } settled)
        {
            return settled; // a shopper waiting for a turn still ahead: answered from memory
        }

        await drops.EnsureOpenedAsync(dropId, cancellationToken);
        if (view.FreshDrop(dropId) is not { LateOrder: not Drop.LateRolling })
        {
            await late.PlaceClosedWindowsAsync(dropId, cancellationToken); // only rolling drops have windows to place
        }

        var now = time.GetUtcNow();
        await using var connection = await Connections.OpenAsync(cancellationToken);
        var drop = await DropStore.GetAsync(connection, null, dropId, null, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(Guid Id, byte[] KeyHash)>(new CommandDefinition(
            "SELECT id, entry_key_hash FROM drop_entries WHERE id = @entryId AND drop_id = @dropId",
            new { entryId, dropId },
            cancellationToken: cancellationToken));
        // Unknown drop, unknown entry and wrong key look the same: nothing tells a prober which part was right.
        if (drop is null || row.KeyHash is null || !EntryPollView.KeyMatches(row.KeyHash, entryKey))
        {
            return Error.NotFound("The entry");
        }

        var entry = (await GetEntryAsync(connection, null, entryId, cancellationToken))!;
        view.RememberDrop(drop);
        view.Remember(drop, row.KeyHash, entry, now);
        if (!Advances(drop, entry, now))
        {
            return View(drop, entry, now); // a read, no write
        }

        await using var write = await Connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        entry = (await GetEntryAsync(connection, transaction, entryId, cancellationToken))!;
        entry = await AdvanceAsync(connection, transaction, drop, entry, now, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return View(drop, entry, now);
    }

    /// <summary>
    /// The poll's answer from <see cref="EntryPollView"/> when the entry is settled (null when the database must answer);
    /// the drop's row is re-read when what is remembered of it is older than <see cref="EntryPollView.DropFreshness"/>.
    /// </summary>
    private async Task<Result<EntryView>?> SettledStatusAsync(Guid dropId, Guid entryId, string? entryKey, CancellationToken cancellationToken)
    {
        var drop = view.FreshDrop(dropId);
        if (drop is null)
        {
            drop = await store.GetAsync(dropId, null, cancellationToken);
            if (drop is null)
            {
                return null;
            }

            view.RememberDrop(drop);
        }

        var now = time.GetUtcNow();
        if (!view.TryGetSettled(drop, entryId, now, out var keyHash, out var entry))
        {
            return null;
        }

        return EntryPollView.KeyMatches(keyHash, entryKey) ? View(drop, entry, now) : Error.NotFound("The entry");
    }

    /// <summary>Whether this poll changes the entry: its turn has come (a sale token is issued), or its token expired.</summary>
    private static bool Advances(Drop drop, DropEntry entry, DateTimeOffset now) =>
        (entry.Status == DropEntry.Waiting && entry.ReadyAt <= now && drop.UnitsLeft > 0)
        || (entry.Status == DropEntry.Admitted && entry.TokenExpiresAt <= now);

    public async Task<Result<Purchase>> PurchaseAsync(Guid dropId, string? tokenText, string? shopperId, int quantity, CancellationToken cancellationToken)
    {
        if (!ShopperIds.Canonicalize(shopperId).TryGetValue(out var shopper, out var invalid))
        {
            return invalid;
        }

        var drop = await store.GetAsync(dropId, null, cancellationToken);
        if (drop is null)
        {
            return DropErrors.NotFound();
        }

        var claims = tokenText is null ? null : SaleTokenCodec.Decode(tokenText, drop.TokenKey, shopper);
        if (claims is { ShopperMatches: false } && shopperId!.Trim() is var legacy && legacy != shopper)
        {
            // Entries stored before shopper ids were canonical hold the id as it was typed (trimmed), and so do their tokens.
            claims = SaleTokenCodec.Decode(tokenText!, drop.TokenKey, legacy);
        }

        var now = time.GetUtcNow();
        if (claims is not { } token || token.DropId != dropId)
        {
            return DropErrors.Of(DropErrors.TokenInvalid, "The sale token is not valid for this drop.");
        }

        if (!token.ShopperMatches)
        {
            return DropErrors.Of(DropErrors.TokenNotYours, "The sale token belongs to another shopper.");
        }

        if (token.ExpiresAt <= now)
        {
            return DropErrors.Of(DropErrors.TokenExpired, "The sale token has expired.");
        }

        if (quantity < 1 || quantity > drop.MaxPerCustomer)
        {
            return Error.Validation("quantity", $"quantity must be between 1 and {drop.MaxPerCustomer}.");
        }

        await using var connection = await Connections.OpenAsync(cancellationToken);
        await using var write = await Connections.Dialect.BeginWriteAsync(connection, cancellationToken);
        var transaction = write.Transaction;
        var locked = (await DropService.LockAsync(connection, transaction, dropId, cancellationToken))!;
        var entry = await GetEntryAsync(connection, transaction, token.EntryId, cancellationToken);
        if (entry is null || entry.TokenId != token.TokenId)
        {
            return DropErrors.Of(DropErrors.TokenInvalid, "The sale token is not valid for this drop.");
        }

        if (entry.Status != DropEntry.Admitted)
        {
            return DropErrors.Of(DropErrors.TokenUsed, "The sale token has already been used.");
        }

        if (locked.UnitsSold + quantity > locked.Units)
        {
            return DropErrors.Of(DropErrors.SoldOut, locked.UnitsLeft == 0 ? "Sold out." : $"Only {locked.UnitsLeft} unit(s) left.");
        }

        var purchase = new Purchase(ids.NewId(), dropId, entry.Id, entry.ShopperId, quantity, now);
        await WriteSaleAsync(connection, transaction, locked, entry, token.TokenId, purchase, cancellationToken);
        await write.CommitAsync(cancellationToken);
        return purchase;
    }

    private static async Task WriteSaleAsync(DbConnection connection, DbTransaction transaction, Drop drop, DropEntry entry, Guid tokenId, Purchase purchase, CancellationToken cancellationToken)
    {
        // The guarded UPDATE is the last word on units: it cannot take the drop past zero whatever else raced.
        var reserved = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE drops SET units_sold = units_sold + @quantity,
                status = CASE WHEN units_sold + @quantity >= units THEN @soldOut ELSE status END
            WHERE id = @dropId AND units_sold + @quantity <= units
            """,
            new { quantity = purchase.Quantity, dropId = drop.Id, soldOut = Drop.SoldOut },
            transaction,
            cancellationToken: cancellationToken));
        var used = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE drop_entries SET status = @purchased WHERE id = @id AND status = @admitted",
            new { id = entry.Id, purchased = DropEntry.Purchased, admitted = DropEntry.Admitted },
            transaction,
            cancellationToken: cancellationToken));
        if (reserved != 1 || used != 1)
        {
            throw new InvalidOperationException("The drop changed under a held lock.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO drop_purchases (id, drop_id, entry_id, token_id, shopper_id, quantity, priority, created_at)
            VALUES (@Id, @DropId, @EntryId, @TokenId, @ShopperId, @Quantity, @Priority, @CreatedAt)
            """,
            new { purchase.Id, purchase.DropId, purchase.EntryId, TokenId = tokenId, purchase.ShopperId, purchase.Quantity, entry.Priority, purchase.CreatedAt },
            transaction,
            cancellationToken: cancellationToken));
    }

    private async Task<DropEntry> AdvanceAsync(DbConnection connection, DbTransaction transaction, Drop drop, DropEntry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (entry.Status == DropEntry.Waiting && entry.ReadyAt <= now && drop.UnitsLeft > 0)
        {
            var tokenId = ids.NewId();
            var expires = now.AddMilliseconds(drop.TokenTtlMs);
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE drop_entries SET status = @admitted, token_id = @tokenId, token_expires_at = @expires WHERE id = @id AND status = @waiting",
                new { id = entry.Id, tokenId, expires, admitted = DropEntry.Admitted, waiting = DropEntry.Waiting },
                transaction,
                cancellationToken: cancellationToken));
            return changed == 1 ? entry with { Status = DropEntry.Admitted, TokenId = tokenId, TokenExpiresAt = expires } : entry;
        }

        if (entry.Status == DropEntry.Admitted && entry.TokenExpiresAt <= now)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE drop_entries SET status = @missed WHERE id = @id AND status = @admitted",
                new { id = entry.Id, missed = DropEntry.Missed, admitted = DropEntry.Admitted },
                transaction,
                cancellationToken: cancellationToken));
            return entry with { Status = DropEntry.Missed };
        }

        return entry;
    }

    private static EntryView View(Drop drop, DropEntry entry, DateTimeOffset now)
    {
        // Once units run out, everyone not holding a sale is told at once instead of waiting on.
        var status = drop.UnitsLeft == 0 && entry.Status is DropEntry.Waiting or DropEntry.Held or DropEntry.Admitted ? Drop.SoldOut : entry.Status;
        // A held (suspected bot) entry looks like any other waiting one: the policy is not advertised to the bot.
        status = status == DropEntry.Held ? DropEntry.Waiting : status;
        string? token = null;
        if (status == DropEntry.Admitted && entry.TokenId is { } tokenId)
        {
            token = SaleTokenCodec.Encode(new SaleToken(tokenId, drop.Id, entry.Id, entry.ShopperId, entry.TokenExpiresAt!.Value), drop.TokenKey);
        }

        double? wait = entry.ReadyAt is { } ready ? Math.Max(0, (ready - now).TotalSeconds) : null;
        return new EntryView(entry.Id, status, entry.Place, entry.ReadyAt, wait, token, status == DropEntry.Admitted ? entry.TokenExpiresAt : null, drop.UnitsLeft);
    }

    private static Task<DropEntry?> GetEntryAsync(DbConnection connection, DbTransaction? transaction, Guid entryId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<DropEntry>(new CommandDefinition(
            $"SELECT {DropStore.EntryColumns} FROM drop_entries WHERE id = @entryId",
            new { entryId },
            transaction,
            cancellationToken: cancellationToken));
}
