namespace Fairdrop.Gate.Recommendations.Simulation;

/// <summary>The identities one simulated request carries, and which browser headers it sends (<see cref="Decisions.RecordedHeaders"/>).</summary>
internal sealed record SimShopper(string? Ip, string Customer, string Session, string Device, string UserAgent, string Headers = SimHeaders.Browser);

/// <summary>
/// The header sets of the simulated kinds, chosen from each shopper's key and never from the night's random stream, so
/// a seed gives the same requests with or without them. What is known of real traffic: every person's browser sends
/// Accept-Language; Firefox and Safari send no client hints, and a request typed in or bookmarked no Referer; plain
/// HTTP libraries send none of them; headless Chrome under automation often omits Accept-Language.
/// </summary>
internal static class SimHeaders
{
    public const string Browser = "accept-language,accept-encoding,referer,sec-fetch-site,sec-ch-ua,cookie";

    public const string Library = "accept-encoding";

    public const string ScriptWithCookies = "accept-encoding,cookie";

    public const string Headless = "accept-encoding,referer,sec-fetch-site,sec-ch-ua,cookie";

    /// <summary>A person's browser: two in five without client hints, one in ten without a referer.</summary>
    public static string Human(string key)
    {
        var spread = Spread(key);
        var headers = spread % 5 < 2 ? "accept-language,accept-encoding,referer,sec-fetch-site,cookie" : Browser;
        return spread / 5 % 10 == 0 ? headers.Replace("referer,", string.Empty, StringComparison.Ordinal) : headers;
    }

    /// <summary>Half the many-session bots drive a browser; the other half a script that keeps cookies.</summary>
    public static string MultiSession(int bot) => Spread("ms" + bot) % 2 == 0 ? ScriptWithCookies : Browser;

    // FNV-1a: stable across processes, unlike string.GetHashCode.
    private static int Spread(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % 1_000_000);
    }
}
