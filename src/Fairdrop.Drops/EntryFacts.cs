namespace Fairdrop.Drops;

/// <summary>What an entry records about its shopper: the canonical id and how far it is trusted.</summary>
internal readonly record struct EntryFacts(string ShopperId, bool Priority, bool Bot, bool Verified);
