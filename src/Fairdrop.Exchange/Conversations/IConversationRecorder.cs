namespace Fairdrop.Exchange.Conversations;

/// <summary>
/// Receives a copy of every conversational message the exchange sends on in-app or SMS, once its channel took it: a
/// two-way series' step messages and texts (staff answers to a handed-off conversation among them) and the replies
/// staff send through <see cref="ConversationReplies"/>; plain distributions (API, campaigns, restock alerts) are not
/// conversations and are not copied. The exchange cannot see who keeps conversations (the mailboxes module does), so
/// that module implements this and registers it in DI (<c>services.AddSingleton&lt;IConversationRecorder, …&gt;()</c>),
/// like <see cref="Series.ISeriesHolds"/>. A delivery resent after a crash is offered again with the same
/// <see cref="SentConversationMessage.DeliveryId"/>: implementations must store it once. One that throws is logged
/// and the delivery still counts as sent.
/// </summary>
public interface IConversationRecorder
{
    ValueTask RecordSentAsync(SentConversationMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// A conversational message as it was sent: its delivery (the stable id), the shopper (recipient id and the contact it
/// went to: in-app user id or E.164 number), the channel (<c>in_app</c> or <c>sms</c>), the rendered text and when.
/// </summary>
public sealed record SentConversationMessage(
    Guid DeliveryId, Guid MerchantId, Guid RecipientId, string Channel, string To, string? Title, string Body, DateTimeOffset SentAt);
