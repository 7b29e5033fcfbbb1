namespace Fairdrop.Restock.Rounds;

/// <summary>A waiting subscription's place in line and nothing else, as read to split a wave into ranges.</summary>
internal sealed record CandidateKey(long Tier, DateTimeOffset CreatedAt, Guid Id)
{
    internal const string Columns = "tier AS Tier, created_at AS CreatedAt, id AS Id";

    public RoundCursor Cursor => new(Tier, CreatedAt, Id);
}
