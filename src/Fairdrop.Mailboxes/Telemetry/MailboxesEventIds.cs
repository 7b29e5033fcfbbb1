namespace Fairdrop.Mailboxes.Telemetry;

/// <summary>The mailboxes module's log event ids, 8600–8699 (docs/telemetry.md). An id means one thing only.</summary>
internal static class MailboxesEventIds
{
    public const int SyncFailed = 8601;
    public const int Synced = 8602;
    public const int SyncPassFailed = 8603;
    public const int ConversationAccountCreated = 8604;
}
