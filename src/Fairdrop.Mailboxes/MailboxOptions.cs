using System.ComponentModel.DataAnnotations;

namespace Fairdrop.Mailboxes;

/// <summary>The mailboxes' settings, bound from <c>Fairdrop:Mailboxes</c> (docs/mailboxes.md).</summary>
public sealed class MailboxOptions
{
    public const string Section = "Fairdrop:Mailboxes";

    /// <summary>Whether this node runs the periodic IMAP sync (<c>false</c>: accounts sync only on <c>POST …/sync</c>).</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>How long the sync worker waits between two passes over every account with IMAP settings.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one sync may hold its account before another node may take it over (a node that died mid-sync).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan SyncLease { get; set; } = TimeSpan.FromMinutes(10);
}
