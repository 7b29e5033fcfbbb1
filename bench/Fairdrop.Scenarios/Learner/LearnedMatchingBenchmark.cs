using System.Diagnostics;
using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;
using Fairdrop.Scenarios.Exchange;

namespace Fairdrop.Scenarios.Learner;

/// <summary>
/// Decisions at send time over the exchange benchmark's audience (eight zones, quiet hours, caps, consents): the plain
/// matcher alone (the baseline), then the matcher followed by the learner's joint channel × time choice for every
/// recipient it did not drop, each recipient with a state of random evidence, both on one core in the same run.
/// </summary>
internal static class LearnedMatchingBenchmark
{
    /// <summary>A state per recipient with a few random trials on random arms, as weeks of alerts leave it.</summary>
    public static RecipientState[] States(int count)
    {
        var random = new LearnerRandom(42);
        var states = new RecipientState[count];
        for (var i = 0; i < count; i++)
        {
            var state = new RecipientState();
            var trials = random.Next(16);
            for (var t = 0; t < trials; t++)
            {
                state.Observe(random.Next(WeekBuckets.Channels), random.Next(WeekBuckets.Count), random.NextDouble() < 0.2, 20_000 + (t / 8));
            }

            states[i] = state;
        }

        return states;
    }

    public static double MatcherOnly(MatchRequest request, RecipientProfile[] profiles) => ExchangeMatchingBenchmark.RunMatcher(request, profiles).PerSecond;

    /// <summary>Matcher, then the learner's choice (Thompson, no recording): decisions per second, and how many were placed.</summary>
    public static (double PerSecond, int Placed) Learned(MatchRequest request, RecipientProfile[] profiles, RecipientState[] states, PriorTable prior)
    {
        var clock = Stopwatch.StartNew();
        var matcher = new Matcher(request);
        var decider = new DeliveryDecider(request.Now, request.Deadline, request.Sender.SendWindow, new SlotScorer(OfferTerms.Default));
        var random = new LearnerRandom(7);
        var placed = 0;
        for (var i = 0; i < profiles.Length; i++)
        {
            var decision = matcher.Decide(profiles[i]);
            if (decision.IsDropped || request.Sender.Critical)
            {
                continue;
            }

            var slots = decider.Alternatives(decision.Eligible, profiles[i].Zone, profiles[i].QuietHours, states[i], prior);
            placed += decider.Pick(slots, ref random) >= 0 ? 1 : 0;
        }

        return (profiles.Length / clock.Elapsed.TotalSeconds, placed);
    }

    /// <summary>As <see cref="Learned"/>, recording each decision as the exchange does: alternatives copied, propensity from <paramref name="draws"/> draws.</summary>
    public static double Recorded(MatchRequest request, RecipientProfile[] profiles, RecipientState[] states, PriorTable prior, int draws)
    {
        var clock = Stopwatch.StartNew();
        var matcher = new Matcher(request);
        var decider = new DeliveryDecider(request.Now, request.Deadline, request.Sender.SendWindow, new SlotScorer(OfferTerms.Default));
        var random = new LearnerRandom(7);
        var kept = 0L;
        for (var i = 0; i < profiles.Length; i++)
        {
            var decision = matcher.Decide(profiles[i]);
            if (!decision.IsDropped)
            {
                kept += decider.Decide(decision.Eligible, profiles[i].Zone, profiles[i].QuietHours, states[i], prior, draws, ref random).Alternatives.Length;
            }
        }

        GC.KeepAlive(kept);
        return profiles.Length / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Managed bytes per recipient state, measured: heap growth over allocating <paramref name="count"/> of them.</summary>
    public static double BytesPerState(int count)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var states = States(count);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(states);
        return (after - before) / (double)count;
    }
}
