namespace Fairdrop.Exchange.Engagement;

/// <summary>A coarse device class from a User-Agent: enough for the learner, nothing that identifies a person.</summary>
internal static class Devices
{
    public const string Phone = "phone";

    public static string? FromUserAgent(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        if (userAgent.Contains("ImageProxy", StringComparison.OrdinalIgnoreCase) || userAgent.Contains("bot", StringComparison.OrdinalIgnoreCase))
        {
            return "proxy";
        }

        if (userAgent.Contains("iPad", StringComparison.Ordinal) || userAgent.Contains("Tablet", StringComparison.OrdinalIgnoreCase))
        {
            return "tablet";
        }

        return userAgent.Contains("Mobi", StringComparison.Ordinal) || userAgent.Contains("Android", StringComparison.Ordinal) || userAgent.Contains("iPhone", StringComparison.Ordinal)
            ? "mobile"
            : "desktop";
    }
}
