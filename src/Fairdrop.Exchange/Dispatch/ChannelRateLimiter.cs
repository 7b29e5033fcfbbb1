using System.Collections.Concurrent;
using Fairdrop.Exchange.Matching;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Dispatch;

/// <summary>
/// A token bucket per channel (per provider account on this node), refilled from <see cref="TimeProvider"/>:
/// <c>rate</c> messages per second with a burst of one second's worth. Channels without a rate are unlimited.
/// </summary>
internal sealed class ChannelRateLimiter(IOptions<ExchangeOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Channel, Bucket> _buckets = new();

    /// <summary>Zero when a message may go now (a token is taken); else how long until one may.</summary>
    public TimeSpan TryAcquire(Channel channel)
    {
        if (!options.Value.RateLimits.TryGetValue(channel.Name(), out var rate) || rate <= 0)
        {
            return TimeSpan.Zero;
        }

        var bucket = _buckets.GetOrAdd(channel, _ => new Bucket(rate, time.GetTimestamp()));
        lock (bucket)
        {
            var now = time.GetTimestamp();
            bucket.Tokens = Math.Min(Math.Max(1, rate), bucket.Tokens + (time.GetElapsedTime(bucket.Stamp, now).TotalSeconds * rate));
            bucket.Stamp = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return TimeSpan.Zero;
            }

            return TimeSpan.FromSeconds((1 - bucket.Tokens) / rate);
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
