namespace Fairdrop.Gate.Tests.Activity;

/// <summary>Tests that measure the process's managed heap run alone, so other tests' allocations do not count as theirs.</summary>
[CollectionDefinition(nameof(MemoryMeasurement), DisableParallelization = true)]
public sealed class MemoryMeasurement;
