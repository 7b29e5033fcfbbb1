using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>
/// What one read of a round found, shared by the chunk's candidates: the round as it stood, how many alerts the chunk
/// was asked for (fewer read: the audience is exhausted), and the wave's channel spacing carried from chunk to chunk.
/// </summary>
internal sealed class WaveSlice(Round round, RestockPolicy policy, int want, Dictionary<string, long> sent)
{
    public Round Round { get; } = round;

    public RestockPolicy Policy { get; } = policy;

    public int Want { get; } = want;

    public Dictionary<string, long> Sent { get; } = sent;

    /// <summary>How the chunk moves the round on.</summary>
    public SliceKind Kind { get; init; } = SliceKind.Chunk;

    /// <summary>For <see cref="SliceKind.WaveEnd"/>: the wave found fewer candidates than its size, so the round is done.</summary>
    public bool Exhausted { get; init; }
}
