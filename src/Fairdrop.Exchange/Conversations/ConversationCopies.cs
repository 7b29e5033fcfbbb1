using Fairdrop.Exchange.Channels;
using Fairdrop.Exchange.Distributions;
using Fairdrop.Exchange.Matching;
using Fairdrop.Exchange.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Exchange.Conversations;

/// <summary>
/// Hands each sent conversational message (in-app or SMS, from a series or a staff reply) to every
/// <see cref="IConversationRecorder"/>. Anything else costs one comparison on the dispatcher's path, and nothing at all
/// when no recorder is registered.
/// </summary>
internal sealed class ConversationCopies(IEnumerable<IConversationRecorder> recorders, TimeProvider time, ILogger<ConversationCopies> logger)
{
    /// <summary>The distribution sources that are conversations: a series' messages and staff replies.</summary>
    public const string SeriesSource = "series";
    public const string ReplySource = "conversation";

    private readonly IConversationRecorder[] _recorders = [.. recorders];

    public bool Wants(Distribution distribution, Channel channel) =>
        _recorders.Length > 0 && channel is Channel.InApp or Channel.Sms && distribution.Source is SeriesSource or ReplySource;

    public async Task RecordAsync(OutboundMessage message, Channel channel, CancellationToken cancellationToken)
    {
        var sms = channel == Channel.Sms;
        var copy = new SentConversationMessage(
            message.DeliveryId, message.MerchantId, message.Recipient.Id, channel.Name(),
            (sms ? message.Recipient.Contacts.Phone : message.Recipient.Contacts.InAppUserId) ?? string.Empty,
            sms ? null : message.Content.Title, (sms ? message.Content.Text : message.Content.Body) ?? string.Empty, time.GetUtcNow());
        foreach (var recorder in _recorders)
        {
            try
            {
                await recorder.RecordSentAsync(copy, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.ConversationCopyFailed(logger, recorder.GetType().Name, message.DeliveryId, exception);
            }
        }
    }
}
