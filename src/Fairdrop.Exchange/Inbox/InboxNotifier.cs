using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Fairdrop.Exchange.Inbox;

/// <summary>
/// Fans new inbox messages out to the server-sent-event streams open on this node. Each subscriber has its own
/// bounded queue; a slow one loses the oldest notifications, never the messages (they stay in the inbox).
/// A user's subscribers are a small copied-on-write array (one or two tabs, typically), and a user with none left
/// has no entry: an idle storefront stream costs its queue and one array slot, not a dictionary per user
/// (fairdrop-bench sdk-streams).
/// </summary>
internal sealed class InboxNotifier
{
    private readonly ConcurrentDictionary<(Guid MerchantId, string UserId), Channel<InboxMessage>[]> _subscribers = new();
    private readonly Lock _changing = new();

    public InboxSubscription Subscribe(Guid merchantId, string userId)
    {
        var queue = Channel.CreateBounded<InboxMessage>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        var key = (merchantId, userId);
        lock (_changing)
        {
            _subscribers[key] = _subscribers.TryGetValue(key, out var present) ? [.. present, queue] : [queue];
        }

        return new InboxSubscription(queue.Reader, () => Unsubscribe(key, queue));
    }

    public void Publish(InboxMessage message)
    {
        if (_subscribers.TryGetValue((message.MerchantId, message.UserId), out var queues))
        {
            foreach (var queue in queues)
            {
                queue.Writer.TryWrite(message);
            }
        }
    }

    private void Unsubscribe((Guid, string) key, Channel<InboxMessage> queue)
    {
        lock (_changing)
        {
            if (!_subscribers.TryGetValue(key, out var present))
            {
                return;
            }

            var left = Array.FindAll(present, q => q != queue);
            if (left.Length == 0)
            {
                _subscribers.TryRemove(key, out _);
            }
            else
            {
                _subscribers[key] = left;
            }
        }
    }
}
