using System.Collections.Concurrent;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Tests.Support;

/// <summary>A channel that records what it was asked to send, keyed by idempotency key, and answers as told.</summary>
internal sealed class RecordingChannel(Channel kind) : IChannel
{
    public Channel Kind { get; } = kind;

    public ConcurrentQueue<OutboundMessage> Calls { get; } = new();

    public Func<OutboundMessage, SendOutcome> Answer { get; set; } = _ => SendOutcome.Sent();

    public ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Calls.Enqueue(message);
        return ValueTask.FromResult(Answer(message));
    }
}
