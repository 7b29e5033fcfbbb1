using System.Threading.Channels;

namespace Fairdrop.Exchange.Inbox;

/// <summary>A live feed of one end user's new in-app messages on this node; dispose to stop.</summary>
public sealed class InboxSubscription : IDisposable
{
    private readonly Action _unsubscribe;

    internal InboxSubscription(ChannelReader<InboxMessage> reader, Action unsubscribe)
    {
        Reader = reader;
        _unsubscribe = unsubscribe;
    }

    public ChannelReader<InboxMessage> Reader { get; }

    public void Dispose() => _unsubscribe();
}
