namespace Fairdrop.Gate.Recommendations;

/// <summary>
/// What a rule did when replayed over the recorded traffic: requests and shoppers it matched, labelled bot requests
/// and shoppers it caught, labelled humans it touched, and purchases made by the shoppers it touched.
/// </summary>
public sealed record RecommendationImpact(
    long Requests,
    long Shoppers,
    long BotRequestsCaught,
    long BotRequests,
    long BotShoppersCaught,
    long HumansHurt,
    long Humans,
    long PurchasesByAffected)
{
    /// <summary>Share of labelled bot requests caught (0 without labelled bots).</summary>
    public double BotRequestShare => BotRequests == 0 ? 0 : (double)BotRequestsCaught / BotRequests;

    /// <summary>Share of labelled human shoppers touched (0 without labelled humans).</summary>
    public double HumanShare => Humans == 0 ? 0 : (double)HumansHurt / Humans;
}
