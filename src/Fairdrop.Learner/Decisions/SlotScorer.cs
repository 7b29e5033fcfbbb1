using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Decisions;

/// <summary>
/// The policy over alternatives: scores each by its arm's posterior; picks with probability 1 − ε the highest Thompson
/// draw θ × value × decay − cost, with probability ε (the stated exploration budget) one at random, so every
/// alternative keeps a propensity of at least ε / K for off-policy evaluation. Not thread-safe: one per worker.
/// </summary>
internal sealed class SlotScorer(OfferTerms terms, double exploration = SlotScorer.DefaultExploration)
{
    public const double DefaultExploration = 0.05;
    public const int MaxOptions = SlotFinder.MaxTimes * WeekBuckets.Channels;

    private readonly ScoredSlot[] _slots = new ScoredSlot[MaxOptions];

    public OfferTerms Terms => terms;

    /// <summary>The alternatives scored by posterior; valid until the next call.</summary>
    public ReadOnlySpan<ScoredSlot> Score(ReadOnlySpan<SlotOption> options, DateTimeOffset now, RecipientState state, PriorTable prior)
    {
        for (var i = 0; i < options.Length; i++)
        {
            var o = options[i];
            _slots[i] = new ScoredSlot(o.Channel, o.SendAt, o.Bucket, prior.Posterior(state, (int)o.Channel, o.Bucket), terms.Value * terms.Decay(now, o.SendAt), terms.Cost(o.Channel));
        }

        return _slots.AsSpan(0, options.Length);
    }

    /// <summary>One draw of the policy: an index into <paramref name="slots"/>, or −1 when there is none.</summary>
    public int Pick(ReadOnlySpan<ScoredSlot> slots, ref LearnerRandom random)
    {
        if (slots.Length == 0)
        {
            return -1;
        }

        return random.NextDouble() < exploration ? random.Next(slots.Length) : Thompson(slots, ref random);
    }

    /// <summary>The probability that <see cref="Pick"/> returns <paramref name="chosen"/>: ε / K plus (1 − ε) × the Thompson share, estimated by draws.</summary>
    public double Propensity(ReadOnlySpan<ScoredSlot> slots, int chosen, int draws, ref LearnerRandom random)
    {
        if (slots.Length == 1)
        {
            return 1; // The only allowed slot: no draws needed.
        }

        var wins = 0;
        for (var i = 0; i < draws; i++)
        {
            wins += Thompson(slots, ref random) == chosen ? 1 : 0;
        }

        return (exploration / slots.Length) + ((1 - exploration) * wins / draws);
    }

    /// <summary>The index of the highest expected value under the posterior means (the greedy policy, for comparison).</summary>
    public static int Greedy(ReadOnlySpan<ScoredSlot> slots)
    {
        var best = 0;
        for (var i = 1; i < slots.Length; i++)
        {
            best = slots[i].Expected > slots[best].Expected ? i : best;
        }

        return best;
    }

    private static int Thompson(ReadOnlySpan<ScoredSlot> slots, ref LearnerRandom random)
    {
        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < slots.Length; i++)
        {
            var value = (slots[i].Posterior.Sample(ref random) * slots[i].Worth) - slots[i].Cost;
            if (value > bestValue)
            {
                best = i;
                bestValue = value;
            }
        }

        return best;
    }
}
