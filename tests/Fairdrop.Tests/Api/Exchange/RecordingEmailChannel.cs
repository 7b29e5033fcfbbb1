using System.Collections.Concurrent;
using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Tests.Api.Exchange;

/// <summary>Stands in for SMTP in API tests: keeps each rendered email (with its tracked links and pixel) and reports it sent.</summary>
internal sealed class RecordingEmailChannel : IChannel
{
    public Channel Kind => Channel.Email;

    public ConcurrentQueue<OutboundMessage> Sent { get; } = new();

    public ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Sent.Enqueue(message);
        return ValueTask.FromResult(SendOutcome.Sent(message.DeliveryId.ToString("N")));
    }
}
