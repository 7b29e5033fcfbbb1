namespace Fairdrop.Drops.Model;

/// <summary>
/// A new entry and its key: the key is shown once and authorises polling the entry's status. The receipt (a compact JWS
/// signed with the drop's receipt key) proves the entry was accepted; null for drops made before receipts.
/// </summary>
public sealed record EnteredDrop(DropEntry Entry, string EntryKey, string? Receipt = null);
