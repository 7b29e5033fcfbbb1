using Fairdrop.Core.Errors;
using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Channels.Sms;
using Fairdrop.Exchange.Engagement;
using Fairdrop.Exchange.Inbox;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Recipients;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fairdrop.Exchange.Inbound;

/// <summary>
/// Attaches an inbound message to its recipient and the latest delivery it answers, stores it once (a replay is a
/// no-op), records the engagement (<c>replied</c>, or <c>unsubscribed</c> for STOP), applies the SMS keywords
/// (STOP withdraws SMS consent, START gives it back, HELP gets the help text), lets the two-way series it answers act
/// on it, publishes it to every <see cref="IInboundMessageHandler"/>, and queues it for the
/// <see cref="IInboundBatchHandler"/>s, which act on it shortly after, in batches (docs/adr/0028). A replay is offered to the series again
/// (which acts once per message, so a reply whose first delivery died half way still acts) and to nothing else. A number nobody has is stored and logged, attached to nothing.
/// </summary>
internal sealed class InboundRouter(
    InboundStore store,
    RecipientPhones phones,
    RecipientStore recipients,
    InboxStore inbox,
    EngagementStore engagement,
    EngagementRecorder recorder,
    IEnumerable<IInboundMessageHandler> handlers,
    InboundQueue queue,
    Series.ConversationEngine series,
    IdGenerator ids,
    TimeProvider time,
    IOptions<SmsOptions> smsOptions,
    ILogger<InboundRouter> logger)
{
    public const int MaxBody = 2000;

    public async Task<Result<InboundResult>> RouteSmsAsync(Guid merchantId, string from, string? to, string body, string messageSid, CancellationToken cancellationToken)
    {
        var e164 = ContactValidation.ToE164(from);
        if (e164 is null)
        {
            Log.InboundRejected(logger, "sms", ErrorCodes.InvalidPhone);
            return new Error(ErrorCodes.InvalidPhone, "From is not a valid phone number in E.164 form.", "From");
        }

        var recipientId = await phones.FindAsync(merchantId, e164, cancellationToken);
        var delivery = recipientId is { } rid ? await engagement.LastSentAsync(merchantId, rid, Channel.Sms.Name(), cancellationToken) : null;
        var message = new InboundMessage(ids.NewId(), merchantId, recipientId, delivery?.Id, Channel.Sms.Name(), e164, to, Clip(body), messageSid, time.GetUtcNow());
        if (!await store.AddAsync(message, Place(), cancellationToken))
        {
            Log.InboundReplayed(logger, messageSid);
            var replayed = await series.HandleReplyAsync(message, cancellationToken);
            return Result<InboundResult>.Success(new InboundResult(message, Duplicate: true, Reply: null, replayed));
        }

        if (recipientId is not { } id)
        {
            Log.InboundUnknownSender(logger, merchantId, message.Id);
            await PublishAsync(message, cancellationToken);
            // Carriers require an answer to HELP from anyone, known or not.
            return Result<InboundResult>.Success(new InboundResult(message, false, message.Keyword == SmsKeywords.Help ? smsOptions.Value.HelpText : null));
        }

        string? reply = null;
        var dedupe = $"sms:{messageSid}";
        switch (message.Keyword)
        {
            case SmsKeywords.Stop:
                await recipients.WithdrawConsentAsync(merchantId, id, Channel.Sms, cancellationToken);
                await RecordAsync(delivery, message, id, EngagementKinds.Unsubscribed, dedupe, cancellationToken);
                break;
            case SmsKeywords.Start:
                await recipients.SetConsentAsync(merchantId, id, Channel.Sms, new Consent("sms_keyword", message.Body, message.ReceivedAt), cancellationToken);
                break;
            case SmsKeywords.Help:
                reply = smsOptions.Value.HelpText;
                break;
            default:
                await RecordAsync(delivery, message, id, EngagementKinds.Replied, dedupe, cancellationToken);
                break;
        }

        var outcome = await series.HandleReplyAsync(message, cancellationToken);
        await PublishAsync(message, cancellationToken);
        // A series' answer in words goes back in the webhook's reply only when nothing was sent as a message instead.
        return Result<InboundResult>.Success(new InboundResult(message, false, reply ?? SpokenAnswer(outcome), outcome));
    }

    /// <summary>An end user's reply to one of their in-app messages; <paramref name="replyId"/> (the client's idempotency key) makes a retry harmless.</summary>
    public async Task<Result<InboundResult>> RouteInAppAsync(Guid merchantId, string userId, Guid inboxMessageId, string? body, string? replyId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Length > MaxBody)
        {
            return Error.Validation("body", $"body is required (at most {MaxBody} characters).");
        }

        if (replyId is { Length: 0 or > 200 })
        {
            return Error.Validation("replyId", "replyId must have 1 to 200 characters.");
        }

        var original = await inbox.GetAsync(merchantId, userId, inboxMessageId, cancellationToken);
        var delivery = original is null ? null : await engagement.DeliveryAsync(original.DeliveryId, cancellationToken);
        if (delivery is null)
        {
            return Error.NotFound("The message");
        }

        var message = new InboundMessage(ids.NewId(), merchantId, delivery.RecipientId, delivery.Id, Channel.InApp.Name(), userId, null, body, replyId ?? ids.NewId().ToString(), time.GetUtcNow());
        if (!await store.AddAsync(message, Place(), cancellationToken))
        {
            return Result<InboundResult>.Success(new InboundResult(message, Duplicate: true, Reply: null, await series.HandleReplyAsync(message, cancellationToken)));
        }

        await recorder.RecordAsync(delivery, EngagementKinds.Replied, "app", message.Body, $"in_app:{message.ProviderId}", cancellationToken);
        var outcome = await series.HandleReplyAsync(message, cancellationToken);
        await PublishAsync(message, cancellationToken);
        return Result<InboundResult>.Success(new InboundResult(message, false, null, outcome));
    }

    private Task<bool> RecordAsync(DeliveryRef? delivery, InboundMessage message, Guid recipientId, string kind, string dedupe, CancellationToken cancellationToken) =>
        delivery is not null
            ? recorder.RecordAsync(delivery, kind, Devices.Phone, message.Body, dedupe, cancellationToken)
            : recorder.RecordUnattachedAsync(message.MerchantId, recipientId, Channel.Sms, kind, Devices.Phone, message.Body, dedupe, cancellationToken);

    /// <summary>The message's place in the batch handlers' queue; none when no module handles messages in batches.</summary>
    private long? Place() => queue.HasHandlers ? queue.NextPlace() : null;

    private async Task PublishAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (queue.HasHandlers)
        {
            queue.Signal();
        }

        foreach (var handler in handlers)
        {
            try
            {
                await handler.HandleAsync(message, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.InboundHandlerFailed(logger, handler.GetType().Name, message.Id, exception);
            }
        }
    }

    private static string? SpokenAnswer(Series.SeriesReplyOutcome? outcome) =>
        outcome?.Outcome is Series.SeriesOutcomes.Ended or Series.SeriesOutcomes.HandedOff or Series.SeriesOutcomes.Duplicate ? outcome.Message : null;

    private static string Clip(string body) => body.Length > MaxBody ? body[..MaxBody] : body;
}
