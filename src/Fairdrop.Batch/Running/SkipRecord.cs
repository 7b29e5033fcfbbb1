namespace Fairdrop.Batch.Running;

/// <summary>An item skipped in a chunk, recorded in the chunk's transaction.</summary>
internal sealed record SkipRecord(string Item, string Phase, string Reason);
