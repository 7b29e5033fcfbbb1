using System.Collections.Concurrent;
using System.Security.Cryptography;
using Fairdrop.Drops.Model;

namespace Fairdrop.Drops.Polling;

/// <summary>
/// Serves a waiting shopper's status poll from memory when nothing about the entry can have changed since this node last
/// read it, so that a crowd polling for its turn costs no database read per poll (issue 29).
/// </summary>
/// <remarks>
/// An entry is settled until its turn: a placed entry waiting for a ready time still ahead, a held (suspected bot)
/// entry, or a pre-queue entry before opening. Only its turn (the sale token), its token's expiry and placement change an
/// entry, and placement happens at or after opening: so a settled entry read once is read for good, on any node. The
/// drop itself (units left, placement) is re-read at most every <see cref="DropFreshness"/>, so a poll may show
/// units left that are up to that old; purchases always check the database. A poll that is not settled takes the
/// database path, which also refreshes what is remembered here.
/// </remarks>
internal sealed class EntryPollView(TimeProvider time)
{
    /// <summary>How old a remembered drop row may be when it answers a poll.</summary>
    public static readonly TimeSpan DropFreshness = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Entries remembered at most (about 200 bytes each); past it the memory starts over, which costs one read per entry.
    /// </summary>
    internal const int MaxEntries = 1_000_000;

    private readonly ConcurrentDictionary<Guid, (Drop Drop, DateTimeOffset ReadAt)> _drops = new();
    private readonly ConcurrentDictionary<Guid, (byte[] KeyHash, DropEntry Entry)> _entries = new();

    /// <summary>The drop as remembered, if read within <see cref="DropFreshness"/>.</summary>
    public Drop? FreshDrop(Guid dropId) =>
        _drops.TryGetValue(dropId, out var cached) && time.GetUtcNow() - cached.ReadAt < DropFreshness ? cached.Drop : null;

    public void RememberDrop(Drop drop) => _drops[drop.Id] = (drop, time.GetUtcNow());

    /// <summary>
    /// The remembered entry of <paramref name="drop"/> if it is still settled for <paramref name="drop"/> at
    /// <paramref name="now"/>; its key hash lets the caller check the entry key without the database.
    /// </summary>
    public bool TryGetSettled(Drop drop, Guid entryId, DateTimeOffset now, out byte[] keyHash, out DropEntry entry)
    {
        if (_entries.TryGetValue(entryId, out var cached) && cached.Entry.DropId == drop.Id && IsSettled(drop, cached.Entry, now))
        {
            (keyHash, entry) = cached;
            return true;
        }

        (keyHash, entry) = (Array.Empty<byte>(), null!);
        return false;
    }

    /// <summary>Remembers an entry just read from the database if it is settled; forgets it otherwise.</summary>
    public void Remember(Drop drop, byte[] keyHash, DropEntry entry, DateTimeOffset now)
    {
        if (!IsSettled(drop, entry, now))
        {
            _entries.TryRemove(entry.Id, out _);
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[entry.Id] = (keyHash, entry);
    }

    /// <summary>Whether the entry key matches the remembered hash, in constant time.</summary>
    public static bool KeyMatches(byte[] keyHash, string? entryKey) =>
        entryKey is not null && keyHash.Length > 0
        && CryptographicOperations.FixedTimeEquals(keyHash, SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(entryKey)));

    /// <summary>Nothing but a read of the drop can change what this entry's poll answers before its turn.</summary>
    internal static bool IsSettled(Drop drop, DropEntry entry, DateTimeOffset now) => entry switch
    {
        { Place: not null, Status: DropEntry.Held } => true,
        { Place: not null, Status: DropEntry.Waiting, ReadyAt: var ready } => ready is null || ready > now,
        { Place: null, Status: DropEntry.Waiting } => drop.PlacedAt is null && drop.Status == Drop.Scheduled && now < drop.OpensAt,
        _ => false,
    };
}
