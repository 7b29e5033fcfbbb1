namespace Fairdrop.Exchange.Matching;

/// <summary>Names and bit sets of <see cref="Channel"/>s; the names are the API's and the database's.</summary>
internal static class ChannelNames
{
    public static readonly Channel[] All = [Channel.Email, Channel.Sms, Channel.WebPush, Channel.InApp, Channel.Webhook];

    /// <summary>What a bad channel name is told, in the API's spelling.</summary>
    public const string Expected = "channel must be one of email, sms, web_push, in_app, webhook.";

    public static ChannelSet Bit(this Channel channel) => (ChannelSet)(1 << (int)channel);

    public static bool Has(this ChannelSet set, Channel channel) => (set & channel.Bit()) != 0;

    public static ChannelSet ToSet(this IEnumerable<Channel> channels)
    {
        var set = ChannelSet.None;
        foreach (var channel in channels)
        {
            set |= channel.Bit();
        }

        return set;
    }

    public static string Name(this Channel channel) => channel switch
    {
        Channel.Email => "email",
        Channel.Sms => "sms",
        Channel.WebPush => "web_push",
        Channel.InApp => "in_app",
        Channel.Webhook => "webhook",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    public static bool TryParse(string? name, out Channel channel)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                channel = candidate;
                return true;
            }
        }

        channel = default;
        return false;
    }

    public static Channel Parse(string name) =>
        TryParse(name, out var channel) ? channel : throw new FormatException($"Unknown channel '{name}'.");
}
