namespace Fairdrop.Restock.Planning;

/// <summary>An alert in a wave: who, on which channel, and when it may leave (after quiet hours and the channel's rate).</summary>
public readonly record struct PlannedAlert(WaveCandidate Candidate, DateTimeOffset SendAt);
