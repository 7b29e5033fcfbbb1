using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Tests.Decisions;

public sealed class DeliveryDeciderTests
{
    private static readonly DateTimeOffset Wednesday10 = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly DailyWindow Daytime = new(new TimeOnly(8, 0), new TimeOnly(22, 0));

    [Fact]
    public void Decide_QuietUntilAfterTheDeadline_IsDroppedWithAReasonNotSentLate()
    {
        var decider = new DeliveryDecider(Wednesday10, Wednesday10.AddHours(2), Daytime, new SlotScorer(OfferTerms.Default));
        var random = new LearnerRandom(1);

        var decision = decider.Decide(ChannelSet.Email | ChannelSet.Sms, TimeZoneInfo.Utc, new DailyWindow(new TimeOnly(9, 0), new TimeOnly(23, 0)), new RecipientState(), PriorTable.Flat(), 16, ref random);

        Assert.Equal(DropReason.NoSlotBeforeDeadline, decision.Reason);
        Assert.Equal("no_slot_before_deadline", decision.Reason.Code());
    }

    [Fact]
    public void Alternatives_NoHistory_EveryAllowedChannelAtEveryDaypartUntilTheDeadline()
    {
        var decider = new DeliveryDecider(Wednesday10, Wednesday10.AddHours(12), Daytime, new SlotScorer(OfferTerms.Default));

        var slots = decider.Alternatives(ChannelSet.Email | ChannelSet.InApp, TimeZoneInfo.Utc, null, new RecipientState(), PriorTable.Flat()).ToArray();

        // 10:00 now, then 12:00, 16:00, 20:00 (the window closes at 22:00), on two channels; all at the flat prior.
        Assert.Equal(8, slots.Length);
        Assert.Equal([10, 12, 16, 20], slots.Where(s => s.Channel == Channel.Email).Select(s => s.SendAt.Hour));
        Assert.All(slots, s => Assert.Equal(0.1, s.Posterior.Mean, 9));
    }

    [Fact]
    public void Propensity_OverEveryAlternative_SumsToOneAndRespectsTheFloor()
    {
        var scorer = new SlotScorer(OfferTerms.Default);
        var decider = new DeliveryDecider(Wednesday10, Wednesday10.AddHours(12), Daytime, scorer);
        var state = new RecipientState();
        state.Observe(1, 22, engaged: true, 20_000);
        var slots = decider.Alternatives(ChannelSet.Email | ChannelSet.Sms, TimeZoneInfo.Utc, null, state, PriorTable.Flat()).ToArray();
        var random = new LearnerRandom(3);

        var propensities = Enumerable.Range(0, slots.Length).Select(i => scorer.Propensity(slots, i, 20_000, ref random)).ToArray();

        Assert.Equal(1, propensities.Sum(), 2);
        Assert.All(propensities, p => Assert.True(p >= SlotScorer.DefaultExploration / slots.Length));
        Assert.Equal(slots.ToList().FindIndex(s => s.Channel == Channel.Sms && s.Bucket == 22), Array.IndexOf(propensities, propensities.Max()));
    }
}
