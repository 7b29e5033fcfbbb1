using System.Collections.Concurrent;

namespace Fairdrop.Exchange.Matching;

/// <summary>IANA time zones, looked up once each so every recipient in a zone shares one instance.</summary>
internal static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.Ordinal);

    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        return Cache.GetOrAdd(id, static key => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var zone) ? zone : null);
    }

    public static TimeZoneInfo FindOrUtc(string? id) => Find(id) ?? TimeZoneInfo.Utc;
}
