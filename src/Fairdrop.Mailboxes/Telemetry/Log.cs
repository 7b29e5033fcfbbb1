using Microsoft.Extensions.Logging;

namespace Fairdrop.Mailboxes.Telemetry;

/// <summary>The mailboxes module's log messages. None carries an IMAP password: accounts are named by id, failures by the server's or socket's message.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = MailboxesEventIds.SyncFailed, Level = LogLevel.Warning, Message = "IMAP sync of mailbox account {AccountId} failed ({Code}): {Reason}")]
    public static partial void SyncFailed(ILogger logger, Guid accountId, string code, string reason);

    [LoggerMessage(EventId = MailboxesEventIds.Synced, Level = LogLevel.Information, Message = "IMAP sync of mailbox account {AccountId}: {Added} added, {Updated} updated, {Removed} removed")]
    public static partial void Synced(ILogger logger, Guid accountId, int added, int updated, int removed);

    [LoggerMessage(EventId = MailboxesEventIds.SyncPassFailed, Level = LogLevel.Error, Message = "A periodic IMAP sync pass failed; retrying after the interval")]
    public static partial void SyncPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = MailboxesEventIds.ConversationAccountCreated, Level = LogLevel.Information, Message = "Merchant {MerchantId} had no conversations account: IM account {AccountId} now receives its conversations")]
    public static partial void ConversationAccountCreated(ILogger logger, Guid merchantId, Guid accountId);
}
