using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Senders;

namespace Fairdrop.Exchange.Tests.Matching;

public sealed class MatcherTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly ChannelSet AllContent = ChannelSet.Email | ChannelSet.InApp | ChannelSet.Webhook;

    private static Matcher Build(SenderRules rules, string? topic = "restock", DateTimeOffset? deadline = null) =>
        new(new MatchRequest(rules, topic, AllContent, Now, deadline));

    private static RecipientProfile Shopper(
        ChannelSet reachable = ChannelSet.Email | ChannelSet.InApp, ChannelSet consented = ChannelSet.Email | ChannelSet.InApp,
        Channel[]? preference = null, string[]? optedOut = null, DailyWindow? quiet = null, string zone = "UTC", Caps? caps = null, SentCounts sent = default) =>
        new()
        {
            Id = Guid.NewGuid(),
            Reachable = reachable,
            Consented = consented,
            Preference = preference ?? [],
            OptedOutTopics = optedOut ?? [],
            QuietHours = quiet,
            Zone = TimeZones.Find(zone)!,
            Caps = caps ?? Caps.None,
            Sent = sent,
        };

    [Fact]
    public void Decide_PreferenceWithinSenderChannels_ChoosesPreferredWithSenderFallback()
    {
        var matcher = Build(new SenderRules([Channel.Email, Channel.InApp]));

        var decision = matcher.Decide(Shopper(preference: [Channel.Sms, Channel.InApp]));

        Assert.Equal(DropReason.None, decision.Reason);
        Assert.Equal(Channel.InApp, decision.Channel);
        Assert.Equal(Channel.Email, decision.Fallback);
        Assert.Equal(Now, decision.SendAt);
    }

    [Fact]
    public void Decide_ConsentMissing_DropsNoConsentEvenForCriticalSenders()
    {
        var matcher = Build(new SenderRules([Channel.Email], ConsentRequired: [Channel.Email], Critical: true));

        Assert.Equal(DropReason.NoConsent, matcher.Decide(Shopper(consented: ChannelSet.None)).Reason);
    }

    [Fact]
    public void Decide_OptedOutTopic_DropsOptedOut()
    {
        Assert.Equal(DropReason.OptedOut, Build(new SenderRules([Channel.Email])).Decide(Shopper(optedOut: ["restock"])).Reason);
    }

    [Fact]
    public void Decide_NoReachableChannel_DropsNoContact()
    {
        Assert.Equal(DropReason.NoContact, Build(new SenderRules([Channel.Webhook])).Decide(Shopper()).Reason);
    }

    [Theory]
    [InlineData(2, 0, 0, true)]
    [InlineData(1, 0, 0, false)]
    [InlineData(0, 5, 0, true)]
    [InlineData(0, 0, 1, true)]
    public void Decide_SenderCaps_DropCapReachedAtTheLimit(int day, int week, int topicDay, bool dropped)
    {
        var matcher = Build(new SenderRules([Channel.Email], Caps: new Caps(PerDay: 2, PerWeek: 5, PerTopicPerDay: 1)));

        var decision = matcher.Decide(Shopper(sent: new SentCounts(day, week, topicDay)));

        Assert.Equal(dropped ? DropReason.CapReached : DropReason.None, decision.Reason);
    }

    [Fact]
    public void Decide_RecipientOwnCap_DropsButCriticalBypasses()
    {
        var shopper = Shopper(caps: new Caps(PerDay: 1), sent: new SentCounts(1, 1, 0));

        Assert.Equal(DropReason.CapReached, Build(new SenderRules([Channel.Email])).Decide(shopper).Reason);
        Assert.Equal(DropReason.None, Build(new SenderRules([Channel.Email], Critical: true)).Decide(shopper).Reason);
    }

    [Fact]
    public void Decide_QuietHours_DefersToTheirEndOrDropsPastDeadline()
    {
        // 12:00Z is 21:00 in Tokyo; quiet 20:00-08:00 ends at 08:00 JST = 23:00Z.
        var shopper = Shopper(quiet: new DailyWindow(new TimeOnly(20, 0), new TimeOnly(8, 0)), zone: "Asia/Tokyo");

        var deferred = Build(new SenderRules([Channel.Email])).Decide(shopper);
        var late = Build(new SenderRules([Channel.Email]), deadline: Now.AddHours(6)).Decide(shopper);
        var critical = Build(new SenderRules([Channel.Email], Critical: true), deadline: Now.AddHours(6)).Decide(shopper);

        Assert.Equal(new DateTimeOffset(2025, 6, 2, 23, 0, 0, TimeSpan.Zero), deferred.SendAt);
        Assert.Equal(DropReason.QuietHoursPastDeadline, late.Reason);
        Assert.Equal(Now, critical.SendAt);
    }
}
