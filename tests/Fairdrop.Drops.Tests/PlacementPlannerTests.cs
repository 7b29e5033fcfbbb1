using CsCheck;
using Fairdrop.Drops.Placement;

namespace Fairdrop.Drops.Tests;

public sealed class PlacementPlannerTests
{
    [Fact]
    public void Place_ManyDrops_EveryPreQueuePositionEquallyLikelyForEveryEntrant()
    {
        // 5 entrants, 20,000 independent drops with fresh cryptographic seeds. For each entrant (by arrival),
        // a chi-square test of its place counts against uniform, df = 4, at significance 0.0001 (critical 23.51).
        const int entrants = 5, drops = 20_000;
        var counts = new int[entrants, entrants];
        for (var d = 0; d < drops; d++)
        {
            var entries = Enumerable.Range(0, entrants).Select(i => new PlacementInput(Guid.CreateVersion7(), i + 1, true, false, false)).ToList();
            var places = PlacementPlanner.Place(entries, VerifiableShuffle.NewSeed(), prioritySlots: 0).ToDictionary(p => p.EntryId, p => p.Place);
            for (var i = 0; i < entrants; i++)
            {
                counts[i, places[entries[i].EntryId] - 1]++;
            }
        }

        const double expected = (double)drops / entrants;
        for (var i = 0; i < entrants; i++)
        {
            var chiSquare = Enumerable.Range(0, entrants).Sum(p => Math.Pow(counts[i, p] - expected, 2) / expected);
            Assert.True(chiSquare < 23.51, $"entrant {i + 1} (by arrival): chi-square {chiSquare:0.00} over the 0.0001 critical value");
        }
    }

    [Fact]
    public void Place_PriorityBeyondTheCap_MovesUpOnlyUpToTheSlots()
    {
        var entries = Enumerable.Range(0, 100).Select(i => new PlacementInput(Guid.CreateVersion7(), i + 1, true, Priority: i % 3 == 0, Bot: false)).ToList();

        var places = PlacementPlanner.Place(entries, VerifiableShuffle.NewSeed(), prioritySlots: 10).ToDictionary(p => p.EntryId, p => p.Place);

        var priorityIds = entries.Where(e => e.Priority).Select(e => e.EntryId).ToHashSet();
        var firstTen = places.Where(p => p.Value <= 10).Select(p => p.Key).ToList();
        Assert.All(firstTen, id => Assert.Contains(id, priorityIds));
        Assert.True(priorityIds.Count > 10);
    }

    [Fact]
    public void Place_SuspectedBots_EndBehindEveryHuman()
    {
        var entries = Enumerable.Range(0, 200).Select(i => new PlacementInput(Guid.CreateVersion7(), i + 1, true, false, Bot: i < 40)).ToList();

        var places = PlacementPlanner.Place(entries, VerifiableShuffle.NewSeed(), 0).ToDictionary(p => p.EntryId, p => p.Place);

        var lastHuman = entries.Where(e => !e.Bot).Max(e => places[e.EntryId]);
        var firstBot = entries.Where(e => e.Bot).Min(e => places[e.EntryId]);
        Assert.True(firstBot > lastHuman);
    }

    [Fact]
    public void Place_AnyEntries_IsAPermutationOfThePreQueue_AndDeterministicForTheSeed()
    {
        Gen.Select(Gen.Int[0, 60], Gen.Int[0, 10], Gen.Bool.Array[60], Gen.Bool.Array[60])
            .Sample((count, slots, priority, bot) =>
            {
                var entries = Enumerable.Range(0, count).Select(i => new PlacementInput(Guid.NewGuid(), i + 1, true, priority[i], bot[i])).ToList();
                var seed = VerifiableShuffle.NewSeed();
                var first = PlacementPlanner.Place(entries, seed, slots);
                var again = PlacementPlanner.Place(entries.AsEnumerable().Reverse(), seed, slots);
                return first.Select(p => p.Place).Order().SequenceEqual(Enumerable.Range(1, count).Select(i => (long)i))
                    && first.OrderBy(p => p.EntryId).SequenceEqual(again.OrderBy(p => p.EntryId));
            }, iter: 300);
    }

    [Fact]
    public void ReadyAt_BotsWaitTheMultiplier_OrForeverWhenEndless()
    {
        var opens = DateTimeOffset.UnixEpoch.AddYears(56);

        Assert.Equal(opens.AddMilliseconds(900), PlacementPlanner.ReadyAt(opens, 10, 100, false, "delay", 5));
        Assert.Equal(opens.AddMilliseconds(4500), PlacementPlanner.ReadyAt(opens, 10, 100, true, "delay", 5));
        Assert.Null(PlacementPlanner.ReadyAt(opens, 10, 100, true, "endless", 5));
    }

    [Fact]
    public void Commitment_MatchesOnlyItsSeed()
    {
        var seed = VerifiableShuffle.NewSeed();
        var commitment = VerifiableShuffle.Commit(seed);

        Assert.True(VerifiableShuffle.Matches(seed, commitment));
        Assert.False(VerifiableShuffle.Matches(VerifiableShuffle.NewSeed(), commitment));
    }
}
