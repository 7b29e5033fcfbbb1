namespace Fairdrop.Core.Staff;

/// <summary>
/// What a staff user may do, one area at a time. Reading an area and changing it are separate permissions, so a viewer
/// sees everything and changes nothing, and a support agent may answer shoppers without touching drops or rules.
/// </summary>
public static class StaffPermissions
{
    public const string RestockRead = "restock.read";
    public const string RestockWrite = "restock.write";
    public const string DropsRead = "drops.read";
    public const string DropsWrite = "drops.write";
    public const string GateRead = "gate.read";
    public const string GateWrite = "gate.write";
    public const string ExchangeRead = "exchange.read";
    public const string ExchangeWrite = "exchange.write";
    public const string SettingsRead = "settings.read";
    public const string SettingsWrite = "settings.write";
    public const string StaffManage = "staff.manage";
    public const string MailboxRead = "mailbox.read";
    public const string MailboxWrite = "mailbox.write";
    public const string MailboxAdmin = "mailbox.admin";

    public static readonly IReadOnlyList<string> All =
    [
        RestockRead, RestockWrite, DropsRead, DropsWrite, GateRead, GateWrite, ExchangeRead, ExchangeWrite, SettingsRead, SettingsWrite, StaffManage,
        MailboxRead, MailboxWrite, MailboxAdmin,
    ];

    private static readonly string[] Reads = [RestockRead, DropsRead, GateRead, ExchangeRead, SettingsRead, MailboxRead];

    /// <summary>The built-in roles every merchant has; custom roles may not take these names.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> BuiltInRoles = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["owner"] = new HashSet<string>(All, StringComparer.Ordinal),
        ["admin"] = new HashSet<string>(All, StringComparer.Ordinal),
        ["operator"] = new HashSet<string>([.. Reads, RestockWrite, DropsWrite, GateWrite, ExchangeWrite], StringComparer.Ordinal),
        // Mailbox permissions say which operations; the mailbox's time ranges (docs/mailboxes.md) still say which messages.
        ["support"] = new HashSet<string>([.. Reads, ExchangeWrite, MailboxWrite], StringComparer.Ordinal),
        ["viewer"] = new HashSet<string>(Reads, StringComparer.Ordinal),
    };

    /// <summary>The permission an API path under <c>/api/v1</c> needs, by its first segment and whether the method changes state; null when staff may not call it at all.</summary>
    public static string? ForApi(string path, bool changesState)
    {
        var area = path.Split('/', StringSplitOptions.RemoveEmptyEntries) switch
        {
            ["api", "v1", var first, ..] => first,
            _ => null,
        };
        var (read, write) = area switch
        {
            "restock" or "inventory" => (RestockRead, RestockWrite),
            "drops" => (DropsRead, DropsWrite),
            "gate" => (GateRead, GateWrite),
            "exchange" or "learner" => (ExchangeRead, ExchangeWrite),
            "sms-programs" => (ExchangeRead, ExchangeWrite), // texts to shoppers, like the exchange they go through
            "profiles" => (SettingsRead, SettingsWrite),
            "merchant" => (SettingsRead, SettingsWrite),
            "mailboxes" => (MailboxRead, MailboxWrite),
            "mailbox-admin" => (MailboxAdmin, MailboxAdmin),
            _ => ((string?)null, (string?)null),
        };
        return changesState ? write : read;
    }
}
