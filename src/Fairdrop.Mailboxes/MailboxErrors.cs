using Fairdrop.Core.Errors;

namespace Fairdrop.Mailboxes;

/// <summary>The mailboxes module's stable error codes (docs/mailboxes.md lists them), each with the kind it is answered as.</summary>
public static class MailboxErrors
{
    public const string AccountNotFound = "mailbox_account_not_found";
    public const string MessageNotFound = "mailbox_message_not_found";
    public const string MailboxUserRequired = "mailbox_user_required";
    public const string NotAMailbox = "mailbox_not_email";
    public const string ImapNotConfigured = "mailbox_imap_not_configured";
    public const string ImapFailed = "mailbox_imap_failed";
    public const string SyncInProgress = "mailbox_sync_running";
    public const string NoShopper = "mailbox_no_shopper";

    internal static Error AccountMissing() => Error.Of(ErrorKind.NotFound, AccountNotFound, "The mailbox account was not found.");

    /// <summary>The one answer for a message that does not exist and for one outside the caller's range: the two are never told apart.</summary>
    internal static Error MessageMissing() => Error.Of(ErrorKind.NotFound, MessageNotFound, "The message was not found.");

    internal static Error UserRequired() => Error.Of(
        ErrorKind.Forbidden,
        MailboxUserRequired,
        "Content is read as a mailbox user: sign in as staff, or name one with as=role:<name>, user:<id> or employee:<id>.",
        "as");

    internal static Error NotEmail() => Error.Of(ErrorKind.Unprocessable, NotAMailbox, "Only a mailbox account with an address sends email replies and forwards.");

    internal static Error NoImap() => Error.Of(ErrorKind.Unprocessable, ImapNotConfigured, "The account is not connected to an IMAP mailbox.");

    internal static Error SyncBusy() => Error.Of(ErrorKind.Conflict, SyncInProgress, "A sync of this account is running (on this node or another); it brings in everything this one would.");

    internal static Error ShopperUnknown() => Error.Of(ErrorKind.Unprocessable, NoShopper, "The message came from a number that is no shopper of the merchant; there is no one to answer.");

    internal static Error Imap(string message) => Error.Of(ErrorKind.Unavailable, ImapFailed, $"The IMAP sync stopped: {message}. Run it again; it resumes without duplicates.");
}
