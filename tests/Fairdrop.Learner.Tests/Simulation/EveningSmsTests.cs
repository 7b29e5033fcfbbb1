using Fairdrop.Exchange.Matching;
using Fairdrop.Learner.Decisions;
using Fairdrop.Learner.Model;

namespace Fairdrop.Learner.Tests.Simulation;

/// <summary>A shopper who only ever engages with SMS in the evening (16:00–22:00 local) ends up getting SMS in the evening.</summary>
public sealed class EveningSmsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DailyWindow Window = new(new TimeOnly(8, 0), new TimeOnly(22, 0));
    private static readonly DateTimeOffset Start = new(2026, 4, 6, 7, 0, 0, TimeSpan.Zero); // Monday 09:00 in Berlin

    [Fact]
    public void Decide_AfterAMonthOfEveningSmsEngagement_SendsSmsInTheEvening()
    {
        var state = new RecipientState();
        var priors = PriorTable.Flat();
        for (var day = 0; day < 30; day++)
        {
            var (channel, at) = Decide(state, priors, day, seed: (ulong)day);
            var engaged = channel == Channel.Sms && IsEvening(at);
            state.Observe((int)channel, WeekBuckets.Of(at, Berlin), engaged, (int)(at.UtcTicks / TimeSpan.TicksPerDay));
        }

        var later = Enumerable.Range(30, 20).Select(day => Decide(state, priors, day, seed: 1000 + (ulong)day)).ToList();

        // Exploration (5 %) may try something else once or twice; the learned choice is SMS in the evening.
        Assert.True(later.Count(c => c.Channel == Channel.Sms && IsEvening(c.At)) >= 17, string.Join(", ", later.Select(c => $"{c.Channel}@{TimeZoneInfo.ConvertTime(c.At, Berlin):ddd HH:mm}")));
    }

    [Fact]
    public void Decide_NoHistoryAtAll_ChoosesSomethingAllowedWithoutError()
    {
        var (channel, at) = Decide(new RecipientState(), PriorTable.Flat(), 0, seed: 5);

        Assert.Contains(channel, new[] { Channel.Email, Channel.Sms });
        Assert.True(SendTimePlanner.IsAllowed(at, Berlin, Window, null));
    }

    private static (Channel Channel, DateTimeOffset At) Decide(RecipientState state, PriorTable priors, int day, ulong seed)
    {
        var now = Start.AddDays(day);
        var decider = new DeliveryDecider(now, now.AddHours(14), Window, new SlotScorer(OfferTerms.Default));
        var random = new LearnerRandom(seed);
        var decision = decider.Decide(ChannelSet.Email | ChannelSet.Sms, Berlin, null, state, priors, 16, ref random);
        return (decision.Choice.Channel, decision.Choice.SendAt);
    }

    private static bool IsEvening(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Berlin).Hour is >= 16 and < 22;
}
