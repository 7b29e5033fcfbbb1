namespace Fairdrop.Exchange.Matching;

/// <summary>
/// What the matcher needs of one recipient, flattened for speed: channel sets as bits, the zone resolved,
/// the counts already sent in the cap windows.
/// </summary>
internal sealed class RecipientProfile
{
    public Guid Id { get; init; }

    public ChannelSet Reachable { get; init; }

    public ChannelSet Consented { get; init; }

    public Channel[] Preference { get; init; } = [];

    public string[] OptedOutTopics { get; init; } = [];

    public DailyWindow? QuietHours { get; init; }

    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    public Caps Caps { get; init; } = Caps.None;

    public SentCounts Sent { get; set; }
}
