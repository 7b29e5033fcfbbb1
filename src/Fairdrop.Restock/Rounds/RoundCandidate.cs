namespace Fairdrop.Restock.Rounds;

/// <summary>A waiting subscription read for a chunk of a round, with the slice it was read in.</summary>
internal sealed record RoundCandidate(CandidateRow Row, WaveSlice Slice);
