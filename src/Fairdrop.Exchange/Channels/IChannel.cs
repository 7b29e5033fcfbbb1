using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Channels;

/// <summary>
/// A way out of the exchange. The dispatcher hands it one rendered message; it answers with an outcome, never
/// throws for an expected failure. <see cref="OutboundMessage.DeliveryId"/> is the idempotency key to pass on.
/// SMS and web push implement this too, and register like the others.
/// </summary>
public interface IChannel
{
    Channel Kind { get; }

    ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
