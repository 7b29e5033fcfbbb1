using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Fairdrop.Drops.Entries;

/// <summary>
/// The limits on unverified entries into one drop: per client address, and per device id when the caller has one.
/// The address is checked first, so rotating made-up device ids cannot get past it.
/// </summary>
internal sealed class UnverifiedEntryLimiter
{
    private readonly DropsOptions _options;
    private readonly FixedWindowCounter _counter;

    public UnverifiedEntryLimiter(IOptions<DropsOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _counter = new FixedWindowCounter(time, _options.UnverifiedEntryWindow);
    }

    /// <summary>Null when the entry may go ahead; otherwise how long the caller should wait.</summary>
    public TimeSpan? TryAcquire(Guid dropId, string? address, string? deviceId)
    {
        if (_counter.TryTake($"{dropId:N}|a|{AddressKey(address)}", _options.UnverifiedEntriesPerAddress) is { } wait)
        {
            return wait;
        }

        return string.IsNullOrEmpty(deviceId)
            ? null
            : _counter.TryTake($"{dropId:N}|d|{(deviceId.Length > 128 ? deviceId[..128] : deviceId)}", _options.UnverifiedEntriesPerDevice);
    }

    /// <summary>An IPv6 client owns a whole /64 and can rotate through it, so the /64 is its address; no address is one shared key.</summary>
    private static string AddressKey(string? address)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return "unknown";
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            return ip.MapToIPv4().ToString();
        }

        return ip.AddressFamily == AddressFamily.InterNetworkV6 ? Convert.ToHexStringLower(ip.GetAddressBytes().AsSpan(0, 8)) + "::/64" : ip.ToString();
    }
}
