namespace Fairdrop.Drops.Placement;

/// <summary>What placement knows of an entry: exactly what the public audit publishes.</summary>
internal sealed record PlacementInput(Guid EntryId, long ArrivalSeq, bool PreQueue, bool Priority, bool Bot);
