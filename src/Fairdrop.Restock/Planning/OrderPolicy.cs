namespace Fairdrop.Restock.Planning;

/// <summary>Who is alerted first: the longest waiting (default), the latest, or by priority tier (lower first) then oldest.</summary>
public enum OrderPolicy
{
    OldestFirst = 0,
    NewestFirst = 1,
    PriorityTiers = 2,
}
