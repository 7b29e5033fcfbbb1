namespace Fairdrop.Gate.Activity;

/// <summary>A run of entries inside an arena array: where a slab chunk's entries start.</summary>
internal readonly record struct SlabChunk(ulong[] Array, int Start);
