namespace Fairdrop.Exchange.Matching;

/// <summary>
/// How a sender's deliveries get their channel and send time: the matcher's rule order (standard), or a registered
/// <see cref="IDeliveryChooser"/> that learns from engagement (learned; docs/adr/0022). Constraints bind both alike.
/// </summary>
public enum DeliveryMode
{
    Standard = 0,
    Learned = 1,
}
