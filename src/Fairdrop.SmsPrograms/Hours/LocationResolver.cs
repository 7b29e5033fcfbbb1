using System.Collections.Concurrent;
using PhoneNumbers;

namespace Fairdrop.SmsPrograms.Hours;

/// <summary>
/// Resolves an E.164 number to its <see cref="RecipientLocation"/>: time zones from libphonenumber's time-zone map
/// (region and prefix), and for North American numbers the state of the area code. libphonenumber maps North American
/// numbers by prefix no longer than area code and exchange (+1 NPA NXX), so results are cached by that prefix and a
/// million numbers cost a few thousand parses. A number whose zone libphonenumber does not know is planned against
/// every zone of its region, the cautious reading.
/// </summary>
internal static class LocationResolver
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly PhoneNumberToTimeZonesMapper ZoneMap = PhoneNumberToTimeZonesMapper.GetInstance();
    private static readonly ConcurrentDictionary<long, RecipientLocation> ByPrefix = new();
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    /// <summary>The location of <paramref name="e164"/>, or null when it is not a valid number.</summary>
    public static RecipientLocation? Resolve(string e164)
    {
        var key = PrefixKey(e164);
        if (key > 0 && ByPrefix.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var location = Compute(e164);
        if (location is not null && key > 0)
        {
            ByPrefix.TryAdd(key, location);
        }

        return location;
    }

    /// <summary>+1 NPA NXX as a number (a North American prefix), or 0 for any other number: those are not cached.</summary>
    internal static long PrefixKey(ReadOnlySpan<char> e164)
    {
        if (e164.Length != 12 || e164[0] != '+' || e164[1] != '1')
        {
            return 0;
        }

        long key = 0;
        for (var i = 2; i < 8; i++)
        {
            var digit = e164[i] - '0';
            if ((uint)digit > 9)
            {
                return 0;
            }

            key = (key * 10) + digit;
        }

        return key;
    }

    private static RecipientLocation? Compute(string e164)
    {
        PhoneNumber number;
        try
        {
            number = Phones.Parse(e164, null);
        }
        catch (NumberParseException)
        {
            return null;
        }

        if (!Phones.IsValidNumber(number))
        {
            return null;
        }

        var region = Phones.GetRegionCodeForNumber(number);
        var zones = ZoneMap.GetTimeZonesForNumber(number).Select(Find).OfType<TimeZoneInfo>().ToList();
        if (zones.Count == 0)
        {
            zones = RegionZones(region).Select(Find).OfType<TimeZoneInfo>().ToList();
        }

        var state = region == "US" ? AreaCodes.StateOf((int)(number.NationalNumber / 10_000_000)) : null;
        var rule = region == "US" ? HoursRules.ForState(state) : HoursRules.Federal;
        return new RecipientLocation(zones.Count > 0 ? zones : [TimeZoneInfo.Utc], rule);
    }

    // A US number of no known zone (a non-geographic prefix) may be anywhere in the contiguous states.
    private static IEnumerable<string> RegionZones(string? region) =>
        region == "US" ? ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"] : [];

    private static TimeZoneInfo? Find(string id) =>
        Zones.GetOrAdd(id, static key => TimeZoneInfo.TryFindSystemTimeZoneById(key, out var zone) ? zone : null);
}
