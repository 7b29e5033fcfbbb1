using Fairdrop.Core.Errors;
using Fairdrop.Exchange.Channels.Sms;

namespace Fairdrop.Exchange.Inbound;

/// <summary>Messages that come back: SMS from the provider's webhooks, in-app replies from the SDK's end user, and their list.</summary>
public sealed class InboundService
{
    private readonly InboundRouter _router;
    private readonly InboundStore _store;
    private readonly SmsStatusCallbacks _statusCallbacks;
    private readonly InboundBatches _batches;

    internal InboundService(InboundRouter router, InboundStore store, SmsStatusCallbacks statusCallbacks, InboundBatches batches)
    {
        _router = router;
        _store = store;
        _statusCallbacks = statusCallbacks;
        _batches = batches;
    }

    /// <summary>An end user's reply to an in-app message; the same reply id again is a duplicate, not a second message.</summary>
    public Task<Result<InboundResult>> ReplyInAppAsync(Guid merchantId, string userId, Guid messageId, string? body, string? replyId, CancellationToken cancellationToken) =>
        _router.RouteInAppAsync(merchantId, userId, messageId, body, replyId, cancellationToken);

    /// <summary>An inbound SMS (already verified as the provider's): keywords applied, the reply to send back, if any.</summary>
    public Task<Result<InboundResult>> ReceiveSmsAsync(Guid merchantId, string? messageSid, string? from, string? to, string? body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(messageSid) || from is null)
        {
            return Task.FromResult<Result<InboundResult>>(Error.Validation("MessageSid", "MessageSid and From are required."));
        }

        return _router.RouteSmsAsync(merchantId, from, to, body ?? string.Empty, messageSid, cancellationToken);
    }

    /// <summary>The provider's status callback for one delivery (already verified): delivered, or bounced on undelivered/failed.</summary>
    public async Task<Result<bool>> RecordSmsStatusAsync(Guid deliveryId, string? messageSid, string? status, string? errorCode, CancellationToken cancellationToken) =>
        await _statusCallbacks.HandleAsync(deliveryId, messageSid, status, errorCode, cancellationToken) ? true : Error.NotFound("The delivery");

    /// <summary>
    /// Hands every message waiting for the batch handlers to them now, in batches, and returns how many: what the
    /// exchange's inbound worker does when signalled, for callers that run without workers (tests, benchmarks, the CLI).
    /// </summary>
    public Task<int> HandleWaitingAsync(CancellationToken cancellationToken) => _batches.HandleAllAsync(cancellationToken);

    /// <summary>Inbound messages by id, optionally of one recipient, after the cursor; the caller has checked the limit.</summary>
    public Task<IReadOnlyList<InboundMessage>> ListAsync(Guid merchantId, Guid? recipientId, Guid? after, int limit, CancellationToken cancellationToken) =>
        _store.ListAsync(merchantId, recipientId, after, limit, cancellationToken);
}
