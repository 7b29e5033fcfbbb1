namespace Fairdrop.Drops.Model;

/// <summary>A new entry and its key: the key is shown once and authorises polling the entry's status.</summary>
public sealed record EnteredDrop(DropEntry Entry, string EntryKey);
