namespace Fairdrop.Mailboxes.Model;

/// <summary>
/// Who is operating on content: a signed-in staff user (the service looks up their role and employee record), or an
/// API key acting as one named mailbox user (<see cref="As"/>). A key is not a mailbox user itself (ADR 0025).
/// </summary>
public sealed record MailboxCaller
{
    private MailboxCaller(Guid? staffUserId, MailboxUser? @as, string actor)
    {
        StaffUserId = staffUserId;
        As = @as;
        Actor = actor;
    }

    public Guid? StaffUserId { get; }

    public MailboxUser? As { get; }

    /// <summary>How the audit log names the caller.</summary>
    public string Actor { get; }

    public static MailboxCaller Staff(Guid userId) => new(userId, null, $"user:{userId:D}");

    /// <summary>An API key that named no mailbox user: it may manage accounts and ranges, and is refused content.</summary>
    public static MailboxCaller Merchant(Guid keyId) => new(null, null, $"key:{keyId:D}");

    public static MailboxCaller Key(Guid keyId, MailboxUser @as) => new(null, @as, $"key:{keyId:D} as {@as}");

    /// <summary>A caller acting as <paramref name="as"/> for a process that is not a key (the CLI run by the operator).</summary>
    public static MailboxCaller Operator(MailboxUser @as) => new(null, @as, $"cli as {@as}");
}
