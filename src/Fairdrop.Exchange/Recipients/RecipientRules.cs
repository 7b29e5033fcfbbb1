using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Recipients;

/// <summary>A recipient's side: preferred channels in order, topics opted out of, quiet hours in an IANA zone, own caps.</summary>
public sealed record RecipientRules(
    IReadOnlyList<Channel>? ChannelPreference = null,
    IReadOnlyList<string>? OptedOutTopics = null,
    DailyWindow? QuietHours = null,
    string TimeZone = "UTC",
    Caps? Caps = null)
{
    public static readonly RecipientRules Default = new();
}
