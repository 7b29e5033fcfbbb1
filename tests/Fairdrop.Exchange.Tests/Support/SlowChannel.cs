using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>A channel whose every send takes <paramref name="delay"/> of real time; it records the most sends it saw at once.</summary>
internal sealed class SlowChannel(Channel kind, TimeSpan delay) : IChannel
{
    private int _inFlight;
    private int _most;

    public Channel Kind { get; } = kind;

    public int MostInFlight => Volatile.Read(ref _most);

    public async ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, seen) != seen)
        {
        }

        await Task.Delay(delay, cancellationToken);
        Interlocked.Decrement(ref _inFlight);
        return SendOutcome.Sent();
    }
}
