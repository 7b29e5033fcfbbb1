using Fairdrop.Drops.Model;
using Fairdrop.Drops.Placement;
using Fairdrop.Drops.Sealing;

namespace Fairdrop.Drops.Tests.Sealing;

/// <summary>
/// The operator's attack of issue 28, automated: knowing the seed and every honest entry, the operator makes many
/// candidate entries through the merchant endpoint and keeps the one it expects to place first. In the commitment mode
/// that works (the spec says so); in the beacon mode the attacker's place must be uniform, as anyone else's.
/// </summary>
public sealed class InsiderAttackTests
{
    private const int Honest = 19;
    private const int Candidates = 200;
    private const int Trials = 400;

    [Fact]
    public void BeaconMode_TheAttackersBestCandidate_LandsUniformly()
    {
        var random = new Random(28);
        var counts = new int[Honest + 1];
        for (var trial = 0; trial < Trials; trial++)
        {
            var place = Attack(random, beacon: true);
            counts[place - 1]++;
        }

        // Chi-square against uniform over 20 places, 19 degrees of freedom: 43.8 is the 0.001 critical value.
        var expected = (double)Trials / counts.Length;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 43.8, $"chi-square {chiSquare:0.0}, places {string.Join(' ', counts)}");
        Assert.InRange(counts[0], 5, 40); // first place about 1 in 20, not the attacker's for the asking
    }

    [Fact]
    public void CommitmentMode_TheAttackerWins_AsTheSpecWarns()
    {
        var random = new Random(29);
        var firsts = Enumerable.Range(0, 50).Count(_ => Attack(random, beacon: false) == 1);

        Assert.True(firsts >= 49, $"the attacker placed first in {firsts} of 50");
    }

    /// <summary>One drop attacked: the place the attacker's chosen entry actually gets.</summary>
    private static int Attack(Random random, bool beacon)
    {
        var seed = RandomAudits.Bytes(random, 32);
        var honest = Enumerable.Range(0, Honest).Select(i => Entry(random, i + 1)).ToList();
        var bestPredicted = int.MaxValue;
        Guid chosen = default;
        for (var c = 0; c < Candidates; c++)
        {
            // The attacker knows everything the operator knows when the list is sealed: the seed, the entries, hence the root.
            // It cannot know the beacon round drawn after sealing; its best guess is to predict without it.
            var candidate = Entry(random, Honest + 1);
            var predicted = PlaceOf(candidate.Id, honest.Append(candidate).ToList(), seed, randomness: []);
            if (predicted < bestPredicted)
            {
                (bestPredicted, chosen) = (predicted, candidate.Id);
            }
        }

        var entries = honest.Append(Entry(random, Honest + 1) with { Id = chosen }).ToList();
        return PlaceOf(chosen, entries, seed, beacon ? RandomAudits.Bytes(random, 32) : []);
    }

    private static int PlaceOf(Guid id, IReadOnlyList<Candidate> entries, byte[] seed, byte[] randomness)
    {
        var root = MerkleTree.Root(entries.Select(e => EntryLeaf.Hash(e.Id, e.Seq, e.AtMs, false, false, true, true)).ToList());
        var key = OrderKey.Derive(seed, OrderKey.PreQueue, root, randomness);
        var places = PlacementPlanner.Place(entries.Select(e => new PlacementInput(e.Id, e.Seq, true, false, false)), key, prioritySlots: 0);
        return (int)places.Single(p => p.EntryId == id).Place;
    }

    private static Candidate Entry(Random random, long seq) => new(new Guid(RandomAudits.Bytes(random, 16)), seq, 1_800_000_000_000 + seq);

    private sealed record Candidate(Guid Id, long Seq, long AtMs);
}
