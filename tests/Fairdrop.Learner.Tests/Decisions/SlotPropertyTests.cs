using CsCheck;
using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Tests.Decisions;

/// <summary>Whatever the evidence, zone, window, quiet hours and deadline: no chosen slot ever breaks a constraint.</summary>
public sealed class SlotPropertyTests
{
    private static readonly string[] Zones = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "UTC"];
    private static readonly DateTimeOffset[] Anchors = [new(2025, 3, 9, 0, 0, 0, TimeSpan.Zero), new(2025, 3, 30, 0, 0, 0, TimeSpan.Zero), new(2025, 10, 26, 0, 0, 0, TimeSpan.Zero), new(2025, 6, 4, 0, 0, 0, TimeSpan.Zero)];
    private static readonly Gen<TimeOnly> Minute = Gen.Int[0, (24 * 60) - 1].Select(m => new TimeOnly(m / 60, m % 60));
    private static readonly Gen<DailyWindow?> Window = Gen.Frequency((1, Gen.Const((DailyWindow?)null)), (3, Gen.Select(Minute, Minute, (a, b) => (DailyWindow?)new DailyWindow(a, b))));
    private static readonly Gen<DateTimeOffset> Now = Gen.Select(Gen.Int[0, Anchors.Length - 1], Gen.Int[-3 * 24 * 60, 3 * 24 * 60], (a, m) => Anchors[a].AddMinutes(m));
    private static readonly Gen<TimeZoneInfo> Zone = Gen.Int[0, Zones.Length - 1].Select(i => TimeZoneInfo.FindSystemTimeZoneById(Zones[i]));
    private static readonly Gen<ChannelSet> Allowed = Gen.Int[1, 31].Select(i => (ChannelSet)i);

    /// <summary>Evidence: a few random trials on random arms, so posteriors differ from one case to the next.</summary>
    private static readonly Gen<RecipientState> Evidence = Gen.Select(Gen.Int[0, 4], Gen.Int[0, WeekBuckets.Count - 1], Gen.Bool).Array[0, 30].Select(trials =>
    {
        var state = new RecipientState();
        foreach (var (channel, bucket, engaged) in trials)
        {
            state.Observe(channel, bucket, engaged, 20_000);
        }

        return state;
    });

    [Fact]
    public void Decide_AnyCase_ChosenSlotIsAllowedInTimeOnAnAllowedChannel()
    {
        Gen.Select(Now, Gen.Int[0, 48 * 60], Zone, Window, Window, Allowed, Evidence, Gen.ULong).Sample((now, minutes, zone, window, quiet, allowed, state, seed) =>
        {
            var deadline = now.AddMinutes(minutes);
            var decider = new DeliveryDecider(now, deadline, window, new SlotScorer(OfferTerms.Default));
            var random = new LearnerRandom(seed);
            var decision = decider.Decide(allowed, zone, quiet, state, PriorTable.Flat(), 32, ref random);
            if (decision.Reason != DropReason.None)
            {
                // Dropped only when truly nothing is allowed before the deadline.
                return decision.Reason == DropReason.NoSlotBeforeDeadline
                    && (SendTimePlanner.NextAllowed(now, zone, window, quiet) is not { } first || first > deadline);
            }

            var chosen = decision.Choice;
            return (allowed & (ChannelSet)(1 << (int)chosen.Channel)) != 0
                && SendTimePlanner.IsAllowed(chosen.SendAt, zone, window, quiet)
                && chosen.SendAt >= now
                && chosen.SendAt <= deadline
                && decision.Propensity > 0 && decision.Propensity <= 1
                && decision.Alternatives.All(a => SendTimePlanner.IsAllowed(a.SendAt, zone, window, quiet) && a.SendAt >= now && a.SendAt <= deadline);
        }, iter: 400);
    }

    [Fact]
    public void Find_AnyCase_FirstSlotIsTheMatchersNextAllowedAndBucketsDiffer()
    {
        Gen.Select(Now, Gen.Int[0, 48 * 60], Zone, Window, Window).Sample((now, minutes, zone, window, quiet) =>
        {
            var end = now.AddMinutes(minutes);
            var times = new SlotTime[SlotFinder.MaxTimes];
            var count = SlotFinder.Find(now, end, zone, window, quiet, times);
            var first = SendTimePlanner.NextAllowed(now, zone, window, quiet);
            var expected = first is { } f && f <= end ? 1 : 0;
            return Math.Min(count, 1) == expected
                && (count == 0 || times[0].SendAt == first)
                && times.Take(count).Select(t => t.Bucket).Distinct().Count() == count
                && times.Take(count).Zip(times.Skip(1).Take(Math.Max(0, count - 1))).All(p => p.First.SendAt < p.Second.SendAt);
        }, iter: 400);
    }
}
