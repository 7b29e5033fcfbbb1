namespace Fairdrop.Drops.Entries;

/// <summary>The canonical shopper id an entry is made for, and whether a shopper token proved it.</summary>
internal readonly record struct ProvenShopper(string ShopperId, bool Verified);
