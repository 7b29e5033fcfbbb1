namespace Fairdrop.Gate.Recommendations.Simulation;

/// <summary>Who a simulated shopper really is: a person, or one of the kinds of bot seen at drops.</summary>
public enum ShopperKind
{
    Human,

    /// <summary>A scripted cart: add-to-cart every 100–300 ms from one session and address.</summary>
    FastCart,

    /// <summary>A headless browser walking product → cart → checkout in loops, under a second a step.</summary>
    Headless,

    /// <summary>One address opening dozens of fresh sessions, each straight to the cart.</summary>
    MultiSession,

    /// <summary>One account behind rotating residential proxies: a new address and session every request.</summary>
    RotatingIp,

    /// <summary>A bot imitating human think times, in loops: the hard kind.</summary>
    SlowBot,
}
