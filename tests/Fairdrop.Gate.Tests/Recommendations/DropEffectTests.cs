using Fairdrop.Core.Shoppers;
using Fairdrop.Gate.Recommendations;
using Fairdrop.Gate.Recommendations.Analysis;
using Fairdrop.Gate.Recommendations.Labels;
using Xunit.Abstractions;

namespace Fairdrop.Gate.Tests.Recommendations;

/// <summary>A recommended rule replayed against a placed drop's queue: would the human queue have moved up?</summary>
public sealed class DropEffectTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, ShopperClass> Classes = new(StringComparer.Ordinal)
    {
        ["h1"] = ShopperClass.Human, ["h2"] = ShopperClass.Human, ["h3"] = ShopperClass.Human, ["b1"] = ShopperClass.Bot, ["b2"] = ShopperClass.Bot,
    };

    [Fact]
    public void Of_TouchedShoppersMoveBehindEveryoneElse_InTheirOwnOrder()
    {
        var queue = new DropQueue(Guid.NewGuid(), "Friday", Served: 2, ["b1", "h1", "b2", "h2", "u1", "h3"]);

        var effect = DropEffects.Of(queue, new HashSet<string> { "b1", "b2" }, ClassOf);

        Assert.Equal((2L, 2L), (effect.Served, effect.Moved));
        Assert.Equal((1L, 2L), (effect.HumansServedBefore, effect.HumansServedAfter));
        Assert.Equal((1L, 0L), (effect.BotsServedBefore, effect.BotsServedAfter));
        Assert.True(effect.HumansMovedUp);
    }

    [Fact]
    public void Of_MoreUnitsThanUntouchedShoppers_TheMovedAreServedNext_AndAShortQueueServesOnlyItsPlaces()
    {
        var queue = new DropQueue(Guid.NewGuid(), "Friday", Served: 5, ["b1", "h1", "b2", "h2"]);

        var effect = DropEffects.Of(queue, new HashSet<string> { "b1", "h2" }, ClassOf);

        Assert.Equal(4L, effect.Served); // four places, however many units
        Assert.Equal((2L, 2L, 2L, 2L), (effect.HumansServedBefore, effect.HumansServedAfter, effect.BotsServedBefore, effect.BotsServedAfter));
        Assert.False(effect.HumansMovedUp);
    }

    [Fact]
    public async Task Recommend_WithADropQueue_TheTopRuleMovesHumansUp_AndMovesExactlyTheShoppersItActsOnLive()
    {
        // The training night's shoppers who added to cart, in order of their first add: the fast bots come first.
        var queue = Nights.Training.Log.Where(r => r.Action == "add_to_cart").Select(ShopperKey.Of).Distinct().ToList();
        var drop = new DropQueue(Guid.NewGuid(), "Opening rush", Served: queue.Count / 4, queue);

        var report = await Nights.Recommend(Nights.Training, options: new RecommendationOptions { Drop = drop });

        var top = report.Recommendations[0];
        var effect = top.Drop!;
        output.WriteLine(top.Explanation);
        var live = LiveRun.Of(top.Rule, Nights.Training);
        Assert.Equal(queue.Count(live.ShoppersActedOn.Contains), effect.Moved);
        Assert.True(effect.HumansServedAfter > effect.HumansServedBefore, top.Explanation);
        Assert.True(effect.BotsServedAfter < effect.BotsServedBefore, top.Explanation);
        Assert.Contains("On the drop 'Opening rush'", top.Explanation, StringComparison.Ordinal);
        Assert.Null((await Nights.Trained).Recommendations[0].Drop); // no queue given, none reported
    }

    private static ShopperClass ClassOf(string shopper) => Classes.GetValueOrDefault(shopper, ShopperClass.Unknown);
}
