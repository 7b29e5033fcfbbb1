namespace Fairdrop.Restock.Rounds;

/// <summary>A round's status and counts, before and after its execution runs, for <see cref="RoundProgress"/>.</summary>
internal sealed record RoundSnapshot(Guid Id, string Status, long Waves, long Alerted)
{
    internal const string Columns = "id AS Id, status AS Status, waves AS Waves, alerted AS Alerted";
}
