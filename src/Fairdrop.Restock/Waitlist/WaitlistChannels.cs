using Fairdrop.Exchange.Matching;

namespace Fairdrop.Restock.Waitlist;

/// <summary>The exchange's names of the channels a waitlist takes (its own helper is internal).</summary>
internal static class WaitlistChannels
{
    public static string Wire(this Channel channel) => channel switch
    {
        Channel.Email => "email",
        Channel.Sms => "sms",
        Channel.InApp => "in_app",
        Channel.WebPush => "web_push",
        _ => "webhook",
    };
}
