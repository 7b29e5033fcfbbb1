using System.Data.Common;

namespace Fairdrop.Exchange.Matching;

/// <summary>
/// The seam for learned delivery: after the matcher has applied opt-outs, contacts, consent and caps, a chooser picks
/// each recipient's channel and send time among what is still allowed, inside the matcher's transaction so that what
/// it records commits with the deliveries. It must keep every slot inside the sender's window, outside the
/// recipient's quiet hours and at or before the deadline, or drop the recipient with a reason.
/// </summary>
public interface IDeliveryChooser
{
    ValueTask<IReadOnlyList<DeliveryChoice>> ChooseAsync(
        DbConnection connection, DbTransaction transaction, DeliveryOffer offer, IReadOnlyList<DeliveryQuestion> questions, CancellationToken cancellationToken);
}
