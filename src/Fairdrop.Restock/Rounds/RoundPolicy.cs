using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>The policy a round was opened with, as stored on it.</summary>
internal static class RoundPolicy
{
    public static RestockPolicy Of(Round round) => new(round.AlertsPerUnit, round.MinInventory, TimeSpan.FromSeconds(round.IntervalSeconds),
        OrderPolicyNames.TryParse(round.OrderPolicy, out var order) ? order : OrderPolicy.OldestFirst);
}
