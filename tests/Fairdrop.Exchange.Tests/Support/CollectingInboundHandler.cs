using System.Collections.Concurrent;
using Fairdrop.Exchange.Inbound;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>An in-process subscriber to inbound messages that keeps what it was given.</summary>
internal sealed class CollectingInboundHandler : IInboundMessageHandler
{
    public ConcurrentQueue<InboundMessage> Received { get; } = new();

    public ValueTask HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        Received.Enqueue(message);
        return ValueTask.CompletedTask;
    }
}
