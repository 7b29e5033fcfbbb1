using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>
/// A channel whose sends all wait until <paramref name="width"/> of them are in flight together, so a dispatcher that
/// sends one at a time times out instead of passing; it records the most sends it saw at once.
/// </summary>
internal sealed class BarrierChannel(Channel kind, int width) : IChannel
{
    private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _most;
    private int _sent;

    public Channel Kind { get; } = kind;

    public int MostInFlight => Volatile.Read(ref _most);

    public int Sent => Volatile.Read(ref _sent);

    public async ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, seen) != seen)
        {
        }

        if (now >= width)
        {
            _full.TrySetResult();
        }

        await _full.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _sent);
        return SendOutcome.Sent();
    }
}
