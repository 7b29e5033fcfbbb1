using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Fairdrop.Exchange.Inbox;

/// <summary>
/// Fans new inbox messages out to the server-sent-event streams open on this node. Each subscriber has its own
/// bounded queue; a slow one loses the oldest notifications, never the messages (they stay in the inbox).
/// </summary>
internal sealed class InboxNotifier
{
    private readonly ConcurrentDictionary<(Guid MerchantId, string UserId), ConcurrentDictionary<Guid, Channel<InboxMessage>>> _subscribers = new();

    public InboxSubscription Subscribe(Guid merchantId, string userId)
    {
        var queue = Channel.CreateBounded<InboxMessage>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        var id = Guid.NewGuid();
        var key = (merchantId, userId);
        _subscribers.GetOrAdd(key, _ => new()).TryAdd(id, queue);
        return new InboxSubscription(queue.Reader, () =>
        {
            if (_subscribers.TryGetValue(key, out var set))
            {
                set.TryRemove(id, out _);
            }
        });
    }

    public void Publish(InboxMessage message)
    {
        if (_subscribers.TryGetValue((message.MerchantId, message.UserId), out var set))
        {
            foreach (var queue in set.Values)
            {
                queue.Writer.TryWrite(message);
            }
        }
    }
}
