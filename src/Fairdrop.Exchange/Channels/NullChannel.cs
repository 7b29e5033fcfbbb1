using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Channels;

/// <summary>Accepts everything and sends nothing: for benchmarks of the path up to the provider.</summary>
internal sealed class NullChannel(Channel kind) : IChannel
{
    private long _sent;

    public Channel Kind { get; } = kind;

    public long Sent => Interlocked.Read(ref _sent);

    public ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sent);
        return ValueTask.FromResult(SendOutcome.Sent(message.DeliveryId.ToString("N")));
    }
}
