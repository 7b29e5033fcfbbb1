namespace Fairdrop.Restock.Rounds;

/// <summary>What a chunk of a round is: the round's own, one of a partitioned wave's, or the end of a partitioned wave.</summary>
internal enum SliceKind
{
    /// <summary>Alerts the round's execution writes itself; the chunk moves the wave on, ends it or ends the round.</summary>
    Chunk,

    /// <summary>Alerts of one partition of a wave (job <c>restock-wave</c>); the chunk only adds to the round's counts.</summary>
    Partition,

    /// <summary>No alerts: the partitioned wave is written, and the round's checkpoint moves to its last subscription.</summary>
    WaveEnd,
}
