using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Decisions;

/// <summary>
/// Chooses, for one offer, each recipient's channel and send time jointly: every allowed channel × every allowed time
/// (<see cref="SlotFinder"/>) is an alternative; with probability 1 − ε the one whose Thompson draw θ × value × decay −
/// cost is highest, with probability ε (the stated exploration budget) one at random, so every alternative keeps a
/// propensity of at least ε / K. Built once per offer like the exchange's matcher: the allowed times depend only on the
/// zone and quiet hours, so they are found once per (zone, quiet hours) and shared. Not thread-safe: one per worker.
/// </summary>
internal sealed class DeliveryDecider
{
    public const double DefaultExploration = 0.05;

    private readonly DateTimeOffset _now;
    private readonly DateTimeOffset _end;
    private readonly DailyWindow? _window;
    private readonly OfferTerms _terms;
    private readonly double _exploration;
    private readonly Dictionary<(TimeZoneInfo Zone, DailyWindow? Quiet), SlotTime[]> _times = [];
    private readonly SlotTime[] _scratch = new SlotTime[SlotFinder.MaxTimes];
    private readonly ScoredSlot[] _slots = new ScoredSlot[SlotFinder.MaxTimes * WeekBuckets.Channels];

    public DeliveryDecider(DateTimeOffset now, DateTimeOffset? deadline, DailyWindow? window, OfferTerms terms, double exploration = DefaultExploration)
    {
        _now = now;
        _end = deadline ?? now + terms.HorizonWithoutDeadline;
        _window = window;
        _terms = terms;
        _exploration = exploration;
    }

    /// <summary>The allowed alternatives for a recipient, scored by posterior mean; valid until the next call.</summary>
    public ReadOnlySpan<ScoredSlot> Alternatives(ChannelSet allowed, TimeZoneInfo zone, DailyWindow? quiet, RecipientState state, PriorTable prior)
    {
        var times = Times(zone, quiet);
        var count = 0;
        for (var c = 0; c < WeekBuckets.Channels; c++)
        {
            var channel = (Channel)c;
            if ((allowed & (ChannelSet)(1 << c)) == 0)
            {
                continue;
            }

            foreach (var time in times)
            {
                var posterior = prior.Posterior(state, c, time.Bucket);
                _slots[count++] = new ScoredSlot(channel, time.SendAt, time.Bucket, posterior, _terms.Value * _terms.Decay(_now, time.SendAt), _terms.Cost(channel));
            }
        }

        return _slots.AsSpan(0, count);
    }

    /// <summary>One draw of the policy: an index into <paramref name="slots"/>, or −1 when there is none.</summary>
    public int Pick(ReadOnlySpan<ScoredSlot> slots, ref LearnerRandom random)
    {
        if (slots.Length == 0)
        {
            return -1;
        }

        if (random.NextDouble() < _exploration)
        {
            return random.Next(slots.Length);
        }

        return Thompson(slots, ref random);
    }

    /// <summary>The probability that <see cref="Pick"/> returns <paramref name="chosen"/>: ε / K plus (1 − ε) × the Thompson share, estimated by draws.</summary>
    public double Propensity(ReadOnlySpan<ScoredSlot> slots, int chosen, int draws, ref LearnerRandom random)
    {
        var wins = 0;
        for (var i = 0; i < draws; i++)
        {
            wins += Thompson(slots, ref random) == chosen ? 1 : 0;
        }

        return (_exploration / slots.Length) + ((1 - _exploration) * wins / draws);
    }

    /// <summary>A recorded decision: alternatives copied out, choice, propensity from <paramref name="draws"/> draws.</summary>
    public LearnedDecision Decide(ChannelSet allowed, TimeZoneInfo zone, DailyWindow? quiet, RecipientState state, PriorTable prior, int draws, ref LearnerRandom random)
    {
        var slots = Alternatives(allowed, zone, quiet, state, prior);
        var chosen = Pick(slots, ref random);
        if (chosen < 0)
        {
            return LearnedDecision.Drop(DropReason.NoSlotBeforeDeadline);
        }

        return new LearnedDecision(DropReason.None, slots.ToArray(), chosen, Propensity(slots, chosen, draws, ref random));
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

    private SlotTime[] Times(TimeZoneInfo zone, DailyWindow? quiet)
    {
        if (!_times.TryGetValue((zone, quiet), out var times))
        {
            var count = SlotFinder.Find(_now, _end, zone, _window, quiet, _scratch);
            times = _scratch.AsSpan(0, count).ToArray();
            _times[(zone, quiet)] = times;
        }

        return times;
    }
}
