using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Matching;

namespace Fairdrop.Exchange.Channels;

/// <summary>The SDK channel: stores the message in the end user's inbox (once per delivery) and pushes it to their open streams.</summary>
internal sealed class InAppChannel(InboxStore inbox, InboxNotifier notifier, IdGenerator ids, TimeProvider time) : IChannel
{
    public Channel Kind => Channel.InApp;

    public async ValueTask<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var userId = message.Recipient.Contacts.InAppUserId;
        if (string.IsNullOrEmpty(userId))
        {
            return SendOutcome.Permanent("The recipient has no in-app binding.");
        }

        var item = new InboxMessage(ids.NewId(), message.MerchantId, userId, message.DeliveryId, message.Content.Title ?? string.Empty, message.Content.Body ?? string.Empty, time.GetUtcNow(), null,
            message.Content.QuickReplies);
        if (await inbox.AddAsync(item, cancellationToken))
        {
            notifier.Publish(item);
        }

        return SendOutcome.Sent(item.Id.ToString());
    }
}
