namespace Fairdrop.Restock.Rounds;

/// <summary>What one pass of the rounds job did.</summary>
public sealed record RoundProgress(int Opened, int Waves, long Alerts, int Paused, int Completed);
