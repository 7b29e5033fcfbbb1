using System.Diagnostics.CodeAnalysis;

namespace Fairdrop.Mailboxes.Model;

/// <summary>
/// A mailbox user: a role name, a staff user id or an employee id, or the account default. Written as text
/// <c>role:support</c>, <c>user:&lt;uuid&gt;</c>, <c>employee:&lt;uuid&gt;</c> or <c>default</c>.
/// </summary>
public sealed record MailboxUser(MailboxUserKind Kind, string Key)
{
    public static MailboxUser Default { get; } = new(MailboxUserKind.Default, string.Empty);

    public static MailboxUser ForRole(string role) => new(MailboxUserKind.Role, role);

    public static MailboxUser ForUser(Guid userId) => new(MailboxUserKind.User, userId.ToString("D"));

    public static MailboxUser ForEmployee(Guid employeeId) => new(MailboxUserKind.Employee, employeeId.ToString("D"));

    public static bool TryParse(string? text, [NotNullWhen(true)] out MailboxUser? user)
    {
        user = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text == "default")
        {
            user = Default;
            return true;
        }

        var parts = text.Split(':', 2);
        if (parts.Length != 2 || parts[1].Length == 0)
        {
            return false;
        }

        user = parts[0] switch
        {
            "role" when parts[1].Length <= 64 => ForRole(parts[1]),
            "user" when Guid.TryParse(parts[1], out var id) => ForUser(id),
            "employee" when Guid.TryParse(parts[1], out var id) => ForEmployee(id),
            _ => null,
        };
        return user is not null;
    }

    public override string ToString() => Kind switch
    {
        MailboxUserKind.Default => "default",
        _ => $"{KindName(Kind)}:{Key}",
    };

    internal static string KindName(MailboxUserKind kind) => kind switch
    {
        MailboxUserKind.User => "user",
        MailboxUserKind.Employee => "employee",
        MailboxUserKind.Role => "role",
        _ => "default",
    };
}
