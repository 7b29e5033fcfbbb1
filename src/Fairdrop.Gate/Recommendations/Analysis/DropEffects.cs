using Fairdrop.Core.Shoppers;
using Fairdrop.Gate.Recommendations.Labels;

namespace Fairdrop.Gate.Recommendations.Analysis;

/// <summary>A rule's <see cref="DropEffect"/>: the drop's queue replayed with the rule's shoppers moved behind everyone else, in their own order.</summary>
internal static class DropEffects
{
    public static DropEffect Of(DropQueue queue, IReadOnlySet<string> touched, Func<string, ShopperClass> classOf)
    {
        var shoppers = queue.ShoppersInPlaceOrder;
        var served = Math.Min(queue.Served, shoppers.Count);
        var moved = 0L;
        var (humansBefore, botsBefore, humansAfter, botsAfter) = (0L, 0L, 0L, 0L);
        var servedAfter = 0L;
        for (var place = 0; place < shoppers.Count; place++)
        {
            var shopper = shoppers[place];
            var kind = classOf(shopper);
            if (place < served)
            {
                (humansBefore, botsBefore) = Count(kind, humansBefore, botsBefore);
            }

            if (touched.Contains(shopper))
            {
                moved++;
            }
            else if (servedAfter < served)
            {
                servedAfter++;
                (humansAfter, botsAfter) = Count(kind, humansAfter, botsAfter);
            }
        }

        // Places the untouched did not fill go to the moved shoppers, in their order.
        foreach (var shopper in shoppers)
        {
            if (servedAfter >= served)
            {
                break;
            }

            if (touched.Contains(shopper))
            {
                servedAfter++;
                (humansAfter, botsAfter) = Count(classOf(shopper), humansAfter, botsAfter);
            }
        }

        return new DropEffect(queue.DropId, queue.Name, served, moved, humansBefore, humansAfter, botsBefore, botsAfter);
    }

    private static (long Humans, long Bots) Count(ShopperClass kind, long humans, long bots) =>
        kind switch
        {
            ShopperClass.Human => (humans + 1, bots),
            ShopperClass.Bot => (humans, bots + 1),
            _ => (humans, bots),
        };
}
