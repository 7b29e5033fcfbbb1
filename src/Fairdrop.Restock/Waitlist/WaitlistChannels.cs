using System.Security.Cryptography;
using System.Text;
using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Restock.Waitlist;

/// <summary>
/// The channels a waitlist takes, by the exchange's names (its own helper is internal), and the exchange recipient id
/// of a contact; the contact itself is checked and normalised by the exchange's intake.
/// </summary>
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

    public static Result<Channel> Parse(string? channel) => channel switch
    {
        "email" => Channel.Email,
        "sms" => Channel.Sms,
        "in_app" => Channel.InApp,
        _ => Error.Validation("channel", "channel must be email, sms or in_app."),
    };

    /// <summary>A stable, URL-safe exchange external id for one contact on one channel; it is a hash, so no contact shows in it.</summary>
    public static string RecipientExternalId(Channel channel, string contact) =>
        "rs-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{channel.Wire()}:{contact}")))[..24];
}
