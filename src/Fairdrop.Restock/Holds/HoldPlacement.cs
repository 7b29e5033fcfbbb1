namespace Fairdrop.Restock.Holds;

/// <summary>The hold and whether this call placed it (false: its key was already used, and this is the hold it placed).</summary>
public sealed record HoldPlacement(Hold Hold, bool Created);
