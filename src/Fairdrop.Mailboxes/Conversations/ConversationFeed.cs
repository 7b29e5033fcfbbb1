using Fairdrop.Core.Ids;
using Fairdrop.Exchange.Conversations;
using Fairdrop.Exchange.Inbound;
using Fairdrop.Mailboxes.Model;
using Fairdrop.Mailboxes.Storage;
using Fairdrop.Mailboxes.Telemetry;
using Microsoft.Extensions.Logging;

namespace Fairdrop.Mailboxes.Conversations;

/// <summary>
/// Fills each merchant's conversations account (an IM account; ADR 0027) from the exchange: every inbound SMS and
/// in-app reply (<see cref="IInboundMessageHandler"/>) and every conversational message the exchange sends in-app or
/// by SMS (<see cref="IConversationRecorder"/>). One thread per shopper (their SMS and in-app messages, both ways),
/// each message once by its exchange identity (<c>inbound:&lt;id&gt;</c>, <c>delivery:&lt;id&gt;</c>), so a replayed
/// message or a delivery resent after a crash is not stored twice. It writes only the module's own tables.
/// </summary>
internal sealed class ConversationFeed(AccountStore accounts, MessageStore messages, MessageFactory factory, IdGenerator ids, TimeProvider time, ILogger<ConversationFeed> logger)
    : IInboundMessageHandler, IConversationRecorder
{
    public const string AccountName = "Conversations";

    public async ValueTask HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(message.MerchantId, cancellationToken);
        var thread = message.RecipientId is { } shopper ? ThreadOf(shopper) : $"{message.Channel}:{message.From}";
        var fed = new NewMessage(message.ReceivedAt, "in", message.From, message.To ?? account.Name, Subject(message.Channel, null), message.Body, thread);
        await StoreAsync(account, fed, $"inbound:{message.Id:D}", message.Channel, message.RecipientId, cancellationToken);
    }

    public async ValueTask RecordSentAsync(SentConversationMessage message, CancellationToken cancellationToken)
    {
        var account = await AccountAsync(message.MerchantId, cancellationToken);
        var fed = new NewMessage(message.SentAt, "out", account.Name, message.To, Subject(message.Channel, message.Title), message.Body, ThreadOf(message.RecipientId));
        await StoreAsync(account, fed, $"delivery:{message.DeliveryId:D}", message.Channel, message.RecipientId, cancellationToken);
    }

    /// <summary>The one thread of a shopper in the conversations account, whatever channel they use.</summary>
    public static string ThreadOf(Guid shopperId) => $"shopper:{shopperId:D}";

    private async Task StoreAsync(AccountRow account, NewMessage message, string externalId, string channel, Guid? shopperId, CancellationToken cancellationToken)
    {
        var row = await factory.FromNewAsync(account.Id, ids.NewId(), message, null, null, message.Direction == "out" ? "seen" : string.Empty, cancellationToken);
        await messages.InsertAsync(row with { ExternalId = externalId, Channel = channel, ShopperId = shopperId }, cancellationToken);
    }

    private async Task<AccountRow> AccountAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        Guid? created = null;
        var account = await accounts.ConversationsAccountAsync(merchantId, () =>
        {
            created = ids.NewId();
            return new AccountRow(created.Value, merchantId, "im", AccountName, null, null, null, null, null, false, null, null, time.GetUtcNow(), Conversations: true);
        }, cancellationToken);
        if (account.Id == created)
        {
            Log.ConversationAccountCreated(logger, merchantId, account.Id);
        }

        return account;
    }

    private static string Subject(string channel, string? title) => (channel == "sms" ? "SMS" : "In-app") + (string.IsNullOrEmpty(title) ? string.Empty : $": {title}");
}
