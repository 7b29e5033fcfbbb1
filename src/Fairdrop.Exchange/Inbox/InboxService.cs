using Fairdrop.Core.Errors;

namespace Fairdrop.Exchange.Inbox;

/// <summary>An end user's in-app inbox: its messages, their read state, and a live feed of new ones.</summary>
public sealed class InboxService
{
    private readonly InboxStore _inbox;
    private readonly InboxNotifier _notifier;
    private readonly TimeProvider _time;

    internal InboxService(InboxStore inbox, InboxNotifier notifier, TimeProvider time)
    {
        _inbox = inbox;
        _notifier = notifier;
        _time = time;
    }

    /// <summary>Messages by id, after the cursor (unread ones only if asked); the caller has checked the limit.</summary>
    public Task<IReadOnlyList<InboxMessage>> ListAsync(Guid merchantId, string userId, Guid? after, int limit, bool unreadOnly, CancellationToken cancellationToken) =>
        _inbox.ListAsync(merchantId, userId, after, limit, unreadOnly, cancellationToken);

    public async Task<Result<bool>> MarkReadAsync(Guid merchantId, string userId, Guid messageId, CancellationToken cancellationToken) =>
        await _inbox.MarkReadAsync(merchantId, userId, messageId, _time.GetUtcNow(), cancellationToken) ? true : Error.NotFound("The message");

    /// <summary>Subscribes at once, so nothing published after this call is missed.</summary>
    public InboxSubscription Subscribe(Guid merchantId, string userId) => _notifier.Subscribe(merchantId, userId);
}
