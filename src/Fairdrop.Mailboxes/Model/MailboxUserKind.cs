namespace Fairdrop.Mailboxes.Model;

/// <summary>Who a range is for, most specific first: a staff user, an employee record, a role, or everyone (the account default).</summary>
public enum MailboxUserKind
{
    User,
    Employee,
    Role,
    Default,
}
