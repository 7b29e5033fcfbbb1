using Fairdrop.Restock.Planning;

namespace Fairdrop.Restock.Rounds;

/// <summary>A waiting subscription as read for a wave.</summary>
internal sealed record CandidateRow(Guid Id, long Tier, DateTimeOffset CreatedAt, string Channel, string TimeZone, long? QuietStart, long? QuietEnd, Guid RecipientId)
{
    internal const string Columns =
        "id AS Id, tier AS Tier, created_at AS CreatedAt, channel AS Channel, time_zone AS TimeZone, quiet_start AS QuietStart, quiet_end AS QuietEnd, recipient_id AS RecipientId";

    public WaveCandidate ToCandidate(Dictionary<string, TimeZoneInfo> zones)
    {
        if (!zones.TryGetValue(TimeZone, out var zone))
        {
            zone = zones[TimeZone] = WavePlanner.Zone(TimeZone);
        }

        return new WaveCandidate(Id, Tier, CreatedAt, Channel, zone, WavePlanner.Window(QuietStart, QuietEnd));
    }
}
